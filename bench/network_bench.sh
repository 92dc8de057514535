#!/usr/bin/env bash
# LeNet-5 on Fashion-MNIST: the float baseline, then encodings on overlapped arrays with and
# without retraining, beside the naive transpose pattern and plain 8-bit storage, and the
# training throughput of Twill against Python PyTorch on this machine.
#   bash bench/network_bench.sh            (about 25 minutes on 2 cores)
# Environment: EPOCHS (baseline epochs, default 15), STEP_EPOCHS (retraining epochs per INQ
# step, default 2), OUT (folder for checkpoints and reports, default bench-out), THREADS.
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=${TWILL_CLI:-build/app/cli/twill-cli}
OUT=${OUT:-bench-out}
EPOCHS=${EPOCHS:-15}
STEP_EPOCHS=${STEP_EPOCHS:-2}
THREADS=${THREADS:-$(nproc)}
PY=/usr/bin/python3
mkdir -p "$OUT"
[ -x "$CLI" ] || { echo "build first: cmake --preset default && cmake --build --preset default" >&2; exit 2; }

echo "== baseline: lenet5, $EPOCHS epochs, seed 1, $THREADS threads"
if [ ! -f "$OUT/lenet5.ckpt" ] || [ ! -f "$OUT/train.json" ]; then  # kept when present
  "$CLI" train --model lenet5 --epochs "$EPOCHS" --seed 1 --threads "$THREADS" --out "$OUT/lenet5.ckpt" --json "$OUT/train.json"
fi

run() { # name, flags... (a case whose report exists is kept: delete it to run again)
  local name=$1; shift
  if [ -f "$OUT/$name.json" ]; then echo "== $name: kept $OUT/$name.json"; return; fi
  echo "== $name: twill-cli retrain --model lenet5 --checkpoint $OUT/lenet5.ckpt $*"
  "$CLI" retrain --model lenet5 --checkpoint "$OUT/lenet5.ckpt" --threads "$THREADS" --seed 1 \
    --epochs-per-step "$STEP_EPOCHS" --json "$OUT/$name.json" --csv "$OUT/$name.csv" --quiet "$@"
}
run msb8-post    --mode post --bits 8
run msb8-inq     --mode inq  --bits 8
run msb8-inq-w   --mode inq  --bits 8 --unit weight
run msb8-ste     --mode ste  --bits 8 --ste-every 200 --restarts 0
run msb16-post   --mode post --bits 16
run cube16-post  --mode post --bits 16 --layers 16
run cube16-inq   --mode inq  --bits 16 --layers 16
run cube8-post   --mode post --bits 8 --layers 8
run cube8-inq    --mode inq  --bits 8 --layers 8
run tr8-post     --mode post --bits 8 --pattern transpose
run tr8-inq      --mode inq  --bits 8 --pattern transpose
run plain8-post  --mode post --bits 8 --directions row

echo "== training throughput, lenet5, batch 64, $THREADS threads, 20000 samples"
rm -f "$OUT/throughput.json"
"$CLI" train --model lenet5 --epochs 1 --train-subset 20000 --test-subset 100 --threads "$THREADS" \
  --out "$OUT/throughput.ckpt" --json "$OUT/throughput.json" --quiet
TORCH=$("$PY" bench/torch_throughput.py lenet5 20000 64 "$THREADS")

"$PY" - "$OUT" "$TORCH" <<'PY'
import json, sys
out, torch_sps = sys.argv[1], float(sys.argv[2])
train = json.load(open(f"{out}/train.json"))
base = train["test_accuracy"]
print(f"\nLeNet-5 / Fashion-MNIST, float baseline test accuracy {100*base:.2f} % (10000 test images)\n")
print("msb = msb-lsb 2D, cube = 3D Latin cube (rows, columns, pillars), tr = naive transpose, plain = no overlap;")
print("inq unit array unless -w (unit weight); error columns: the deployed weights against their last targets\n")
print(f"{'case':<12} {'capacity':>8} {'encoded %':>10} {'final %':>9} {'final-base':>11} {'mean|e| %FS':>12} {'max|e| %FS':>11}")
for name in ["msb8-post", "msb8-inq", "msb8-inq-w", "msb8-ste", "msb16-post", "cube16-post", "cube16-inq",
             "cube8-post", "cube8-inq", "tr8-post", "tr8-inq", "plain8-post"]:
    r = json.load(open(f"{out}/{name}.json"))
    last = r["steps"][-1]
    w = sum(l["weights"] for l in last["layers"])
    mean = sum(l["mean_pct_fs"] * l["weights"] for l in last["layers"]) / max(1, w)
    mx = max(l["max_pct_fs"] for l in last["layers"])
    print(f"{name:<12} {last['effective_capacity']:>8.3f} {100*r['encoded_accuracy']:>10.2f} {100*r['final_accuracy']:>9.2f}"
          f" {100*(r['final_accuracy']-base):>+11.2f} {mean:>12.4f} {mx:>11.4f}")
tw = json.load(open(f"{out}/throughput.json"))["epochs"][0]["samples_per_second"]
print(f"\ntraining throughput: Twill {tw:.0f} samples/s, Python PyTorch {torch_sps:.0f} samples/s, ratio {tw/torch_sps:.2f}")
PY
