#!/usr/bin/env bash
# Stuck-at faults on networks: accuracy against the share of stuck cells, fault-aware (stuck
# cells are pins from the first encoding on) against fault-unaware (encoded as if healthy, then
# overwritten), for overlapped 8-bit storage (overlap:8, 4 cells a weight) and plain storage with
# the same fault rate (plain:8, the same precision; plain:4, the same cells a weight). One
# `twill-cli study --fault-rates ... --fault-compare` per model and mode (the rates are an axis of
# the study: every scheme, seed, rate and awareness a row of MODEL-MODE.csv), then the table of
# bench/fault_summary.py (the window's Study dock draws the same CSV in its Fault rate tab):
#   bash bench/fault_study.sh
#   MODELS=lenet5 MODE=inq RATES="0 1% 5% 10%" bash bench/fault_study.sh
# Every study resumes where it stopped. Environment: MODELS (default "lenet5 resnet20"), MODE
# (post or inq, default post), RATES (default "0 0.5% 1% 2% 5% 10%"), SEEDS (default 1,2,3: the
# baselines' seeds; the fault map is --fault-seed's, FAULT_SEED, default 1), STORAGE (default overlap:8,plain:8,plain:4),
# EPOCHS (baseline epochs, default 5), TRAIN_SUBSET / TEST_SUBSET (default 20000 / 0; resnet20:
# RESNET_TRAIN_SUBSET 4000, RESNET_TEST_SUBSET 2000), THREADS (default 1), OUT (default
# bench-out/faults), CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=${TWILL_CLI:-${CLI:-build/app/cli/twill-cli}}
OUT=${OUT:-bench-out/faults}
MODELS=${MODELS:-"lenet5 resnet20"}
MODE=${MODE:-post}
RATES=${RATES:-"0 0.5% 1% 2% 5% 10%"}
SEEDS=${SEEDS:-1,2,3}
STORAGE=${STORAGE:-overlap:8,plain:8,plain:4}
EPOCHS=${EPOCHS:-5}
THREADS=${THREADS:-1}
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$CLI" ] || { echo "build first: cmake --preset default && cmake --build --preset default" >&2; exit 2; }
mkdir -p "$OUT"
for model in $MODELS; do
  train=${TRAIN_SUBSET:-20000}
  test=${TEST_SUBSET:-0}
  if [ "$model" = resnet20 ]; then
    train=${RESNET_TRAIN_SUBSET:-4000}
    test=${RESNET_TEST_SUBSET:-2000}
  fi
  rates=$(echo $RATES | tr ' ' ',')
  csv="$OUT/$model-$MODE.csv"
  resume=()
  [ -s "$csv" ] && resume=(--resume)
  echo "== $model, $MODE: fault rates $rates (aware and unaware), train subset $train, test subset $test, seeds $SEEDS"
  "$CLI" study --model "$model" --epochs "$EPOCHS" --train-subset "$train" --test-subset "$test" \
    --seeds "$SEEDS" --mode "$MODE" --threads "$THREADS" --fault-rates "$rates" --fault-compare \
    --fault-seed "${FAULT_SEED:-1}" --storage "$STORAGE" --baselines "$OUT/baselines-$model" --csv "$csv" \
    "${resume[@]}" --quiet
done
"$PYTHON" bench/fault_summary.py "$OUT"/*.csv
