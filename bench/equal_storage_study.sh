#!/usr/bin/env bash
# The equal-storage question: at the same cells a weight, does overlapped storage keep more
# accuracy than plain quantization? One `twill-cli study` per model over three seeds, INQ (the
# encoded_accuracy column is the post-training figure, final_accuracy the figure after INQ):
#   overlap:8 vs plain:4 (4 cells a weight), overlap:6 vs plain:3 (3), cube:8 (8/3) vs plain:3,
#   overlap:16 vs plain:8 (8).
#   bash bench/equal_storage_study.sh                  (hours of one core for all three models)
#   MODELS="mlp" bash bench/equal_storage_study.sh     (one model)
# Each model's study resumes where it stopped (its CSV and its baselines are kept in OUT), so
# run it again after an interruption. Environment: MODELS (default "mlp lenet5 resnet20"),
# EPOCHS (baseline epochs, default 5), STEP_EPOCHS (retraining epochs per INQ step, default 1),
# SEEDS (default 1,2,3), STORAGE, TRAIN_SUBSET / TEST_SUBSET (default 0: all; resnet20 defaults
# to RESNET_TRAIN_SUBSET=10000), THREADS (default 1), OUT (default bench-out/study), CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=${TWILL_CLI:-${CLI:-build/app/cli/twill-cli}}
OUT=${OUT:-bench-out/study}
MODELS=${MODELS:-"mlp lenet5 resnet20"}
EPOCHS=${EPOCHS:-5}
STEP_EPOCHS=${STEP_EPOCHS:-1}
SEEDS=${SEEDS:-1,2,3}
STORAGE=${STORAGE:-overlap:8,plain:4,overlap:6,plain:3,cube:8,overlap:16,plain:8}
THREADS=${THREADS:-1}
[ -x "$CLI" ] || { echo "build first: cmake --preset default && cmake --build --preset default" >&2; exit 2; }
mkdir -p "$OUT"
for model in $MODELS; do
  train=${TRAIN_SUBSET:-0}
  [ "$model" = resnet20 ] && train=${RESNET_TRAIN_SUBSET:-10000}
  resume=()
  [ -s "$OUT/$model.csv" ] && resume=(--resume)
  echo "== $model: $EPOCHS baseline epochs, train subset $train, seeds $SEEDS"
  "$CLI" study --model "$model" --epochs "$EPOCHS" --train-subset "$train" --test-subset "${TEST_SUBSET:-0}" \
    --seeds "$SEEDS" --mode inq --epochs-per-step "$STEP_EPOCHS" --threads "$THREADS" \
    --storage "$STORAGE" --baselines "$OUT/baselines" --csv "$OUT/$model.csv" "${resume[@]}"
done
