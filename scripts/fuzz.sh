#!/usr/bin/env bash
# `make fuzz`: run every cargo-fuzz target of fuzz/ for FUZZ_SECONDS each (default 60), then
# copy whatever made a target fail (crash, timeout, out-of-memory) into
# tests/data/regressions/<target>/, where `cargo test --test regressions` replays it forever after.
#
# Variables:
#   FUZZ_SECONDS=<n>        seconds per target (default 60)
#   FUZZ_TARGETS="a b"      targets to run (default: all of fuzz/fuzz_targets/)
#   FUZZ_SANITIZER=<s>      none (default) or address. fahras and its dependencies are safe Rust
#                           (fst's few unsafe blocks are not on the read path), so a panic is the
#                           bug class that matters; `none` runs several times more inputs per second.
#
# Toolchain: cargo-fuzz drives libFuzzer through `-Z` flags that only nightly accepts. This machine
# has stable rustc only; RUSTC_BOOTSTRAP=1 makes stable accept them (the compiler is the same).
# cargo-fuzz itself comes from crates.io (installed below when missing, ~2 min on 2 cores).
#
# The corpus lives in fuzz/corpus/<target>/ (gitignored) and is seeded from the regression files,
# so every run starts from the known-hostile inputs. The last line is a summary per target with
# the seconds run and libFuzzer's count of executed inputs; the exit status is 1 if any target failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
# The corpus and the results must not depend on a CORPUS given to make.
unset FAHRAS_CORPUS

seconds=${FUZZ_SECONDS:-60}
sanitizer=${FUZZ_SANITIZER:-none}
if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  targets=()
  for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz from crates.io"
  cargo install cargo-fuzz || { echo "cargo install cargo-fuzz failed"; exit 1; }
fi

# cargo-fuzz's default target dir is fuzz/target; honour CARGO_TARGET_DIR like the rest of the build.
target_dir=${CARGO_TARGET_DIR:+$CARGO_TARGET_DIR/fuzz}
target_dir=${target_dir:-fuzz/target}
case $target_dir in /*) ;; *) target_dir=$PWD/$target_dir ;; esac

echo "building fuzz targets (sanitizer: $sanitizer)"
if ! (cd fuzz && cargo fuzz build --sanitizer "$sanitizer" --target-dir "$target_dir"); then
  echo "fuzz build failed"
  exit 1
fi

summary=()
status=0
for t in "${targets[@]}"; do
  corpus=fuzz/corpus/$t
  artifacts=fuzz/artifacts/$t
  regressions=tests/data/regressions/$t
  mkdir -p "$corpus" "$artifacts" "$regressions"
  # Seed with the regression inputs (hand-made hostile ones and earlier crashes).
  cp -n "$regressions"/* "$corpus"/ 2>/dev/null || true
  dict=()
  if [ -f "fuzz/dict/$t.dict" ]; then dict=("-dict=dict/$t.dict"); fi
  log=$(mktemp "${TMPDIR:-/tmp}/fahras-fuzz-$t.XXXXXX")
  echo
  echo "=== fuzz $t for ${seconds}s"
  before=$(ls "$artifacts" | wc -l)
  start=$SECONDS
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: 2 GiB is far above anything a
  # page could afford; -max_len: 64 KiB lets queries pass MAX_QUERY_BYTES and edits reach the
  # whole seeds index. -print_final_stats gives the executed-units count reported below.
  (cd fuzz && cargo fuzz run --sanitizer "$sanitizer" \
    --target-dir "$target_dir" \
    "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 "${dict[@]}") 2>&1 | tee "$log" | grep -E '^(#[0-9]+ +(INITED|DONE|pulse)|==[0-9]+== ERROR|.*panicked at|SUMMARY|stat::number_of_executed_units)'
  code=${PIPESTATUS[0]}
  ran=$((SECONDS - start))
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
  after=$(ls "$artifacts" | wc -l)
  new=0
  for f in "$artifacts"/*; do
    [ -f "$f" ] || continue
    name=$(basename "$f")
    if [ ! -e "$regressions/$name" ]; then
      cp "$f" "$regressions/$name"
      echo "saved $regressions/$name"
      new=$((new + 1))
    fi
  done
  if grep -qE 'panicked at|==[0-9]+== ERROR|deadly signal|Test unit written' "$log" || [ "$after" -gt "$before" ]; then
    summary+=("FAIL $t: ${ran}s, $execs execs, $new new input(s) saved to $regressions/ (log: $log)")
    status=1
  elif [ "$code" -ne 0 ]; then
    summary+=("FAIL $t: exit $code after ${ran}s (log: $log)")
    status=1
  else
    summary+=("ok   $t: ${ran}s, $execs execs, no crash")
    rm -f "$log"
  fi
done

echo
echo "=== fuzz summary (sanitizer $sanitizer, ${seconds}s per target)"
printf '  %s\n' "${summary[@]}"
exit "$status"
