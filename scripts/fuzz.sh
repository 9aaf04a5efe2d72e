#!/usr/bin/env bash
# Runs the cargo-fuzz targets for a bounded time each.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 60 s, targets plugin, structured, front)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). The toolchain is stable, so the
# nightly-only flags cargo-fuzz passes are allowed with RUSTC_BOOTSTRAP=1. Inputs found while
# fuzzing go to fuzz/corpus/<target>/ (not committed); the committed seeds are in
# fuzz/seeds/<target>/. A crash is written to fuzz/artifacts/<target>/ and the script fails:
# minimise it with `cargo fuzz tmin <target> <file>` and add it to tests/regressions.rs.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(plugin structured front)
fi

export RUSTC_BOOTSTRAP=1
# No sanitizer (safe Rust; twice the speed), but debug assertions and overflow checks on.
flags=(--sanitizer none --debug-assertions)

cargo fuzz build "${flags[@]}"

status=0
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  echo "== $target: ${seconds}s"
  if ! cargo fuzz run "${flags[@]}" "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 2>&1 | tee "fuzz/artifacts/$target/last-run.log" \
      | grep -E '^(#[0-9]+ *(DONE|INITED)|==|stat::number_of_executed_units|stat::average_exec_per_sec|SUMMARY|thread .* panicked|Test unit written)'; then
    :
  fi
  if grep -qE 'panicked|deadly signal|ERROR: libFuzzer|timeout after' "fuzz/artifacts/$target/last-run.log"; then
    echo "!! $target found a problem: see fuzz/artifacts/$target/"
    status=1
  fi
done
exit $status
