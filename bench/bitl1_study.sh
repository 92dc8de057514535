#!/usr/bin/env bash
# Accuracy against ADC bits: the bit-slice L1 term of retraining (twill-cli --bit-l1) at several
# weights, one equal-storage study per weight, the baselines shared.
#
#   bash bench/bitl1_study.sh                       # LeNet-5, INQ, signmag, lambda 0 3 10 30
#   LAMBDAS="0 10" SEEDS=1 bash bench/bitl1_study.sh
#
# Knobs: MODEL, LAMBDAS, SEEDS, STORAGE, FORMAT, EPOCHS (baseline), TRAIN_SUBSET, TEST_SUBSET,
# THREADS, OUT, CLI. The table comes from bench/bitl1_summary.py: per storage and lambda, the
# accuracy after INQ, the share of cells at 1, and the ADC bits of the fullest bitline, each the
# mean (sample sd) over seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=${TWILL_CLI:-${CLI:-build/app/cli/twill-cli}}
OUT=${OUT:-bench-out/bitl1}
MODEL=${MODEL:-lenet5}
LAMBDAS=${LAMBDAS:-"0 3 10 30"}
SEEDS=${SEEDS:-1,2,3}
STORAGE=${STORAGE:-overlap:8,plain:4}
FORMAT=${FORMAT:-signmag}
EPOCHS=${EPOCHS:-5}
THREADS=${THREADS:-1}
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$CLI" ] || { echo "build first: cmake --preset default && cmake --build --preset default" >&2; exit 2; }
mkdir -p "$OUT"
for lambda in $LAMBDAS; do
  csv="$OUT/$MODEL-$FORMAT-$lambda.csv"
  resume=()
  [ -s "$csv" ] && resume=(--resume)
  echo "== $MODEL, $FORMAT, bit_l1 $lambda: seeds $SEEDS, storage $STORAGE"
  "$CLI" study --model "$MODEL" --epochs "$EPOCHS" --train-subset "${TRAIN_SUBSET:-20000}" \
    --test-subset "${TEST_SUBSET:-0}" --seeds "$SEEDS" --mode inq --format "$FORMAT" --bit-l1 "$lambda" \
    --threads "$THREADS" --storage "$STORAGE" --baselines "$OUT/baselines-$MODEL" --csv "$csv" "${resume[@]}" --quiet
done
"$PYTHON" bench/bitl1_summary.py "$OUT"/"$MODEL"-"$FORMAT"-*.csv
