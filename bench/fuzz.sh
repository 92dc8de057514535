#!/usr/bin/env bash
# Fuzzes one parser with libFuzzer (clang, AddressSanitizer, UndefinedBehaviorSanitizer) for
# SECONDS on one core, starting from the seed corpus in tests/fuzz/corpus/TARGET. New inputs
# collect in build-fuzz/corpus/TARGET; a crash is written to build-fuzz/crashes/TARGET/ and
# ends the run (copy it into tests/fuzz/regressions/TARGET, where ctest replays it, and fix it).
#   bash bench/fuzz.sh npy|npz|codes|layout|project|idx [SECONDS, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: bash bench/fuzz.sh npy|npz|codes|layout|project|idx [SECONDS]}
seconds=${2:-60}
case "$target" in
  npy|npz|codes|idx) dict=tests/fuzz/npy.dict ;;
  layout|project) dict=tests/fuzz/json.dict ;;
  *) echo "fuzz.sh: unknown target '$target'; use npy, npz, codes, layout, project or idx" >&2; exit 2 ;;
esac
if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ is missing; apt-get install clang libclang-rt-14-dev" >&2
  exit 2
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j2 --target "fuzz_$target"
work=build-fuzz/corpus/$target
crashes=build-fuzz/crashes/$target
mkdir -p "$work" "$crashes"
# Leaks count as failures too; UBSan stops at the first finding (-fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
exec "build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -dict="$dict" -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" "$work" "tests/fuzz/corpus/$target"
