#!/usr/bin/env bash
# `make test`: every test layer of fahras, each layer's output shown as it runs, then a summary.
#
# A failing layer does not stop the run (one report with every failure beats fixing them one at a
# time), but the script exits 1 if anything failed. The LAST line is the grand total
# `N passed, N failed`, because CI reads the closing line and a wasm-bindgen-test run otherwise ends
# with doc-test lines saying "0 passed".
#
# How the total is counted:
#   - cargo test / wasm-bindgen-test-runner: the sum over every `test result: ... N passed; M failed`
#   - node --test: its closing `# pass N` / `# fail N` (TAP) or `ℹ pass N` / `ℹ fail N` (spec)
#   - fmt, clippy (native, wasm32), rustdoc and the package build: one check each (1 passed or 1 failed)
#   - a layer that exits non-zero without reporting any failed test (it did not compile, crashed,
#     timed out) counts as 1 failed, so a broken layer can never look green.
# -e guards the script itself; every layer runs inside an `if`, so a failing layer does not stop it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
case ":$PATH:" in
  *":$HOME/.cargo/bin:"*) ;;
  *) export PATH="$HOME/.cargo/bin:$PATH" ;;
esac

# The tests assert facts about the default corpus (seeds/) and import ../../pkg: a CORPUS or
# PKG_DIR given to `make` must not leak into them.
unset FAHRAS_CORPUS
MAKE_CMD=${MAKE:-make}
# Seconds any one layer may take (a fresh machine's first cargo build is the slowest: minutes).
LAYER_TIMEOUT=${FAHRAS_LAYER_TIMEOUT:-1500}

log_dir=$(mktemp -d "${TMPDIR:-/tmp}/fahras-test.XXXXXX")
trap 'rm -rf "$log_dir"' EXIT

names=()
passed=()
failed=()
notes=()
total_passed=0
total_failed=0

if [ -t 1 ]; then
  banner() { printf '\n\033[1m=== %s\033[0m\n' "$*"; }
else
  banner() { printf '\n=== %s\n' "$*"; }
fi

layer_seconds=0
record() { # name passed failed note
  names+=("$1"); passed+=("$2"); failed+=("$3"); notes+=("$4, ${layer_seconds}s")
  layer_seconds=0
  total_passed=$((total_passed + $2))
  total_failed=$((total_failed + $3))
}

# Run one layer, show its output, and return its exit status. The log is kept for counting.
run_layer() { # log-name command...
  local log="$log_dir/$1.log"
  shift
  printf '$ %s\n' "$*"
  local start=$SECONDS status
  # A hung layer must not eat CI's 90 minutes and hide the other layers' results.
  timeout --kill-after=30s "$LAYER_TIMEOUT" "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  [ "$status" -ne 124 ] || echo "timed out after ${LAYER_TIMEOUT}s"
  layer_seconds=$((SECONDS - start))
  return "$status"
}

# A layer that is a single check (fmt, clippy, docs, build).
check() { # name command...
  local name=$1
  shift
  banner "$name"
  if run_layer "$name" "$@"; then
    record "$name" 1 0 "check"
  else
    record "$name" 0 1 "check failed (exit $?)"
  fi
}

# cargo test (and wasm-bindgen-test-runner, which prints the same closing lines): sum every
# `test result:` line.
cargo_tests() { # name command...
  local name=$1 status
  shift
  banner "$name"
  if run_layer "$name" "$@"; then status=0; else status=$?; fi
  local counts p f
  counts=$(sed -E 's/\x1b\[[0-9;]*m//g' "$log_dir/$name.log" |
    sed -nE 's/.*test result: [A-Za-z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' |
    awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }')
  read -r p f <<<"$counts"
  note="exit $status"
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    note="exit $status with no failed test reported (build error?)"
  fi
  record "$name" "$p" "$f" "$note"
}

# node --test: read its closing summary.
node_tests() { # name dir
  local name=$1 dir=$2 status
  banner "$name"
  if ! compgen -G "$dir/*.test.mjs" >/dev/null && ! compgen -G "$dir/*.test.js" >/dev/null; then
    echo "no test files in $dir"
    record "$name" 0 1 "no test files in $dir"
    return
  fi
  if run_layer "$name" node --test --test-reporter=tap "$dir"/; then status=0; else status=$?; fi
  local p f
  p=$(sed -nE 's/^(# |ℹ )pass ([0-9]+)$/\2/p' "$log_dir/$name.log" | tail -n 1)
  f=$(sed -nE 's/^(# |ℹ )fail ([0-9]+)$/\2/p' "$log_dir/$name.log" | tail -n 1)
  p=${p:-0}
  f=${f:-0}
  note="exit $status"
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    note="exit $status with no failed test reported"
  fi
  record "$name" "$p" "$f" "$note"
}

not_run() { # name reason
  banner "$1"
  echo "not run: $2"
  record "$1" 0 1 "not run: $2"
}

banner "setup"
if ! scripts/setup.sh --browser; then
  # Without the toolchain every layer would fail for the same reason; say it once.
  echo "setup failed: nothing was tested"
  echo "0 passed, 1 failed"
  exit 1
fi

check "fmt" cargo fmt --all -- --check
check "clippy" cargo clippy --all-targets -- -D warnings
# Every target but the benches: criterion is a native-only dev-dependency (Cargo.toml), so the
# criterion bench does not exist for wasm32.
check "clippy wasm32" cargo clippy --lib --bins --tests --examples --target wasm32-unknown-unknown -- -D warnings
# The CLI's module (npm/cli.mjs) is built with the indexer feature and no embedded corpus: lint
# the code only that build compiles.
check "clippy wasm32 indexer" cargo clippy --lib --target wasm32-unknown-unknown \
  --no-default-features --features indexer -- -D warnings
check "rustdoc" env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

# The package and the demo site: what the node and browser layers test. They must not test a
# stale pkg/ left by an earlier build, so they are skipped (and counted failed) if this fails.
check "build (pkg + site)" "$MAKE_CMD" --no-print-directory site CORPUS= PKG_DIR=pkg
build_ok=$([ "${failed[-1]}" -eq 0 ] && echo 1 || echo 0)
# The release tarball (engine-only search module, checked by scripts/check-package.mjs), which the
# fresh-project tests (tests/node/install.test.mjs, tests/browser/install.test.mjs) install.
check "package (release tarball)" "$MAKE_CMD" --no-print-directory package

# The Uthmani Quran (npm quran-json, a devDependency) as bench/data/quran.jsonl: the golden and
# split tests over it (tests/golden.rs, tests/split.rs) skip without it, and must run here.
check "Quran corpus for the cargo tests" node --input-type=module -e \
  'import { quranDocuments, writeJsonl, QURAN_JSONL } from "./bench/corpora.mjs"; writeJsonl(quranDocuments(), QURAN_JSONL);'
cargo_tests "cargo test" cargo test
cargo_tests "wasm tests" env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown

if [ "$build_ok" = 1 ]; then
  node_tests "node tests" tests/node
  node_tests "browser tests" tests/browser
else
  not_run "node tests" "the package did not build"
  not_run "browser tests" "the package did not build"
fi

banner "summary"
for i in "${!names[@]}"; do
  if [ "${failed[$i]}" -eq 0 ]; then mark="ok  "; else mark="FAIL"; fi
  printf '  %s %-22s %4d passed %4d failed   (%s)\n' "$mark" "${names[$i]}" "${passed[$i]}" "${failed[$i]}" "${notes[$i]}"
done
echo
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
