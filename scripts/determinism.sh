#!/usr/bin/env bash
# Reproducible builds: build the npm package twice from one snapshot of the source tree, each time
# from an empty cargo target dir at a different path, and check that the embedded index (build.rs's OUT_DIR/index.fhr) and every file
# of the package (fahras_bg.wasm after wasm-bindgen and wasm-opt, the JS glue, the types) are
# byte-identical. Different target paths also catch a build that leaks its own paths into the output.
#
# Slow (two release builds from scratch, a few minutes on 2 cores): meant for CI or a release
# check, not for every `make test`. Variables: CORPUS=<dir|file.jsonl> as for `make build`;
# KEEP=1 keeps the two build dirs (printed) for inspection.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
MAKE_CMD=${MAKE:-make}

work=$(mktemp -d "${TMPDIR:-/tmp}/fahras-determinism.XXXXXX")
if [ "${KEEP:-}" != 1 ]; then
  trap 'rm -rf "$work"' EXIT
fi

# One snapshot of the tree (tracked and untracked, not ignored files) for both builds: the working
# tree may change while the builds run, and a difference must come from the build, not the source.
echo "=== snapshot of the source tree in $work/src"
mkdir -p "$work/src"
git ls-files -z --cached --others --exclude-standard |
  tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$work/src"
# The npm tools (wasm-opt from binaryen) are the ones already installed here.
if [ -d node_modules ]; then ln -s "$PWD/node_modules" "$work/src/node_modules"; fi
# A relative CORPUS means the same files as for `make build` here.
corpus=${CORPUS:-}
if [ -n "$corpus" ]; then corpus=$(realpath "$corpus"); fi

build() { # n
  local n=$1 start=$SECONDS
  echo "=== build $n (target dir $work/target-$n)"
  # CORPUS is passed through as make expects it (empty = the default corpus, seeds/).
  CARGO_TARGET_DIR="$work/target-$n" "$MAKE_CMD" -C "$work/src" --no-print-directory build \
    PKG_DIR="$work/pkg-$n" CORPUS="$corpus" >"$work/build-$n.log" 2>&1 || {
    tail -n 30 "$work/build-$n.log"
    echo "build $n failed (log: $work/build-$n.log)"
    exit 1
  }
  # The index build.rs wrote for the wasm build (one fahras build script ran in this target dir).
  local index
  index=$(find "$work/target-$n" -path '*/out/index.fhr' | head -n 1)
  [ -n "$index" ] || { echo "build $n: no OUT_DIR/index.fhr found"; exit 1; }
  cp "$index" "$work/index-$n.fhr"
  echo "    $((SECONDS - start))s"
}

build 1
build 2

status=0
compare() { # label file1 file2
  local a b
  a=$(sha256sum "$2" | cut -d' ' -f1)
  b=$(sha256sum "$3" | cut -d' ' -f1)
  if [ "$a" = "$b" ]; then
    printf '  identical  %-32s %8d bytes  sha256 %s\n' "$1" "$(stat -c %s "$2")" "$a"
  else
    printf '  DIFFERENT  %-32s %s vs %s\n' "$1" "$a" "$b"
    cmp "$2" "$3" | head -n 1 || true
    status=1
  fi
}

echo
echo "=== comparison"
compare "index.fhr (OUT_DIR)" "$work/index-1.fhr" "$work/index-2.fhr"
for f in "$work"/pkg-1/*; do
  name=$(basename "$f")
  if [ -f "$work/pkg-2/$name" ]; then
    compare "pkg/$name" "$f" "$work/pkg-2/$name"
  else
    echo "  MISSING    pkg/$name in the second build"
    status=1
  fi
done
if [ "${KEEP:-}" = 1 ]; then echo "kept: $work"; fi
if [ "$status" -eq 0 ]; then
  echo "deterministic: both builds are byte-identical"
else
  echo "NOT deterministic"
fi
exit "$status"
