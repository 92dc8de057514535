#!/usr/bin/env bash
# LeNet-5 on Fashion-MNIST stored in 8-bit 8x8x8 cubes (rows, columns, pillars: 8/3 cells a
# weight), retrained with INQ, against the float baseline: mean over three seeds. Cases: the
# built-in Latin cube, and the searched Latin cube of bench/layouts/latin-search-8.json, each
# with per-tensor and per-channel (-pc) quantisation scales
# (written by: twill-cli layout --pattern latin-search --bits 8 --layers 8 --search-trials 300
#  --search-arrays 32 --search-score bound --search-seed 1 --out bench/layouts/latin-search-8.json).
#   bash bench/cube_network_study.sh        (about 50 minutes of one core)
# Environment: EPOCHS (baseline epochs, default 5), STEP_EPOCHS (retraining epochs per INQ step,
# default 1), SEEDS (default "1 2 3"), OUT (default bench-out/cube), THREADS (default 1), CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=${TWILL_CLI:-${CLI:-build/app/cli/twill-cli}}
OUT=${OUT:-bench-out/cube}
EPOCHS=${EPOCHS:-5}
STEP_EPOCHS=${STEP_EPOCHS:-1}
SEEDS=${SEEDS:-"1 2 3"}
THREADS=${THREADS:-1}
PY=/usr/bin/python3
mkdir -p "$OUT"
[ -x "$CLI" ] || { echo "build first: cmake --preset default && cmake --build --preset default" >&2; exit 2; }

for seed in $SEEDS; do
  if [ ! -f "$OUT/base-$seed.ckpt" ] || [ ! -f "$OUT/base-$seed.json" ]; then  # kept when present
    echo "== baseline seed $seed: lenet5, $EPOCHS epochs"
    "$CLI" train --model lenet5 --epochs "$EPOCHS" --seed "$seed" --threads "$THREADS" \
      --out "$OUT/base-$seed.ckpt" --json "$OUT/base-$seed.json" --quiet
  fi
done

run() { # name, seed, flags... (a case whose report exists is kept: delete it to run again)
  local name=$1 seed=$2; shift 2
  if [ -f "$OUT/$name-$seed.json" ]; then echo "== $name seed $seed: kept"; return; fi
  echo "== $name seed $seed: twill-cli retrain --mode inq $*"
  "$CLI" retrain --model lenet5 --checkpoint "$OUT/base-$seed.ckpt" --threads "$THREADS" --seed "$seed" \
    --mode inq --epochs-per-step "$STEP_EPOCHS" \
    --json "$OUT/$name-$seed.json" --csv "$OUT/$name-$seed.csv" --quiet "$@"
}
for seed in $SEEDS; do
  run latin "$seed" --bits 8 --layers 8
  run searched "$seed" --pattern bench/layouts/latin-search-8.json
  # the same with one scale per output channel instead of one per tensor
  run latin-pc "$seed" --bits 8 --layers 8 --quant per-channel
  run searched-pc "$seed" --pattern bench/layouts/latin-search-8.json --quant per-channel
done

"$PY" - "$OUT" "$SEEDS" <<'PY'
import json, sys
out, seeds = sys.argv[1], sys.argv[2].split()
print("\nLeNet-5 / Fashion-MNIST in 8-bit 8x8x8 cubes, INQ (array unit, l2, auto solver; -pc: per-channel scales); test accuracy %")
print(f"{'case':<10} {'seed':>4} {'baseline':>9} {'encoded':>8} {'final':>7} {'final-base':>11} {'mean|e| %FS':>12}")
for name in ["latin", "searched", "latin-pc", "searched-pc"]:
    gaps = []
    for s in seeds:
        r = json.load(open(f"{out}/{name}-{s}.json"))
        base = r["baseline_accuracy"]
        last = r["steps"][-1]["layers"]
        w = sum(l["weights"] for l in last)
        mean = sum(l["mean_pct_fs"] * l["weights"] for l in last) / max(1, w)
        gap = r["final_accuracy"] - base
        gaps.append(gap)
        print(f"{name:<10} {s:>4} {100*base:>9.2f} {100*r['encoded_accuracy']:>8.2f} {100*r['final_accuracy']:>7.2f}"
              f" {100*gap:>+11.2f} {mean:>12.4f}")
    print(f"{name:<10} mean of {len(gaps)} seeds: final - baseline {100*sum(gaps)/len(gaps):+.2f} points\n")
PY
