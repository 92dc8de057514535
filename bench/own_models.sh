#!/usr/bin/env bash
# Issue 9's figures: networks trained in Python, brought to Twill as they are.
#  1. LeNet-5 trained in Python on inputs in [0, 1], three seeds: its test accuracy in Python,
#     in Twill as loaded (the TorchScript file, and the state_dict with --weights), both with
#     --normalize 0,1, and after 16-bit post-training encoding (msb-lsb 16x16).
#  2. ResNet-20 (the built-in residual model) on Fashion-MNIST: the float baseline, 8-bit
#     overlapped msb-lsb after INQ (4 cells a weight) and plain 4-bit after the same INQ
#     (--directions row: also 4 cells a weight), on the first TRAIN_SAMPLES training images.
#  3. ResNet-20 training throughput, Twill against Python PyTorch (same threads, batch 64),
#     pair by pair.
#   bash bench/own_models.sh     (about an hour on 2 cores; OUT keeps what is done)
# Environment: OUT (default bench-out/own), THREADS, SEEDS ("1 2 3"), LENET_EPOCHS (2),
# RESNET_EPOCHS (3), TRAIN_SAMPLES (12000), TEST_SAMPLES (10000: the whole test set), STEP_EPOCHS (1),
# PAIRS (3).
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=${TWILL_CLI:-build/app/cli/twill-cli}
OUT=${OUT:-bench-out/own}
THREADS=${THREADS:-$(nproc)}
SEEDS=${SEEDS:-1 2 3}
LENET_EPOCHS=${LENET_EPOCHS:-2}
RESNET_EPOCHS=${RESNET_EPOCHS:-3}
TRAIN_SAMPLES=${TRAIN_SAMPLES:-12000}
TEST_SAMPLES=${TEST_SAMPLES:-10000}
STEP_EPOCHS=${STEP_EPOCHS:-1}
PAIRS=${PAIRS:-3}
PY=/usr/bin/python3
mkdir -p "$OUT"
[ -x "$CLI" ] || { echo "build first: cmake --preset default && cmake --build --preset default" >&2; exit 2; }
field() { "$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

echo "== 1. LeNet-5 trained in Python (inputs in [0, 1]), $LENET_EPOCHS epochs, seeds $SEEDS"
printf '%-5s %-12s %10s %10s %12s %12s\n' seed file python twill "16-bit post" "diff (pts)"
for seed in $SEEDS; do
  base="$OUT/lenet5-py-$seed"
  [ -f "$base.json" ] || "$PY" bench/python_models.py lenet5 "$LENET_EPOCHS" "$seed" 60000 "$THREADS" "$base" >"$base.json"
  py=$(field "$base.json" test_accuracy)
  for kind in ts state_dict; do
    report="$base.$kind.twill.json"
    if [ ! -f "$report" ]; then
      if [ $kind = ts ]; then model=(--model "$base.ts.pt"); else model=(--model lenet5 --weights "$base.state_dict.pt"); fi
      "$CLI" retrain "${model[@]}" --normalize 0,1 --mode post --bits 16 --rows 16 --cols 16 --format twos \
        --threads "$THREADS" --seed "$seed" --json "$report" --quiet >/dev/null
    fi
    tw=$(field "$report" baseline_accuracy); post=$(field "$report" final_accuracy)
    "$PY" -c "import sys; p,t,q=map(float,sys.argv[1:]); print('%-5s %-12s %10.4f %10.4f %12.4f %5.2f / %5.2f' % ('$seed','$kind',p,t,q,100*(t-p),100*(q-p)))" "$py" "$tw" "$post"
  done
done

echo "== 2. resnet20 on Fashion-MNIST ($TRAIN_SAMPLES training images, $RESNET_EPOCHS epochs, seed 1, $TEST_SAMPLES test images)"
if [ ! -f "$OUT/resnet20.ckpt" ] || [ ! -f "$OUT/resnet20-train.json" ]; then
  "$CLI" train --model resnet20 --epochs "$RESNET_EPOCHS" --train-subset "$TRAIN_SAMPLES" --seed 1 --threads "$THREADS" \
    --test-subset "$TEST_SAMPLES" --out "$OUT/resnet20.ckpt" --json "$OUT/resnet20-train.json" --quiet
fi
study() { # name, flags...
  local name=$1; shift
  [ -f "$OUT/$name.json" ] || "$CLI" retrain --model resnet20 --checkpoint "$OUT/resnet20.ckpt" --mode inq \
    --train-subset "$TRAIN_SAMPLES" --test-subset "$TEST_SAMPLES" --epochs-per-step "$STEP_EPOCHS" --threads "$THREADS" --seed 1 \
    --json "$OUT/$name.json" --quiet "$@" >/dev/null
  "$PY" - "$OUT/$name.json" "$name" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
print("%-22s baseline %.4f  encoded %.4f  after INQ %.4f  final %.4f (%s)" % (sys.argv[2], r["baseline_accuracy"],
      r["encoded_accuracy"], r["retrained_accuracy"], r["final_accuracy"], r["final_from"]))
PYEOF
}
study resnet20-overlap8 --bits 8 --rows 8 --cols 8 --pattern msb-lsb --format twos
study resnet20-plain4 --bits 4 --rows 8 --cols 8 --directions row --format twos

echo "== 3. resnet20 training throughput: Twill / PyTorch, $THREADS threads, batch 64, 2000 samples, $PAIRS pairs"
ratios=()
for i in $(seq "$PAIRS"); do
  tw=$("$CLI" train --model resnet20 --epochs 1 --train-subset 2000 --test-subset 100 --threads "$THREADS" --seed 1 \
         --out "$OUT/throughput.ckpt" | sed -n 's/.* \([0-9.]*\) samples\/s$/\1/p' | tail -1)
  py=$("$PY" bench/torch_throughput.py resnet20 2000 64 "$THREADS")
  ratio=$("$PY" -c "import sys; print('%.3f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$tw" "$py")
  echo "pair $i: twill $tw samples/s, pytorch $py samples/s, ratio $ratio"
  ratios+=("$ratio")
done
"$PY" -c "import statistics,sys; print('median ratio twill/pytorch %.3f' % statistics.median(map(float, sys.argv[1:])))" "${ratios[@]}"
