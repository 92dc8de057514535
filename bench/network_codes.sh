#!/usr/bin/env bash
# Real trained tensors for the network suite: a LeNet-5 and a small residual network trained on
# Fashion-MNIST, quantised (post-training encode) at 4, 8 and 16 bits; writes OUT/<model>-<bits>.npz
# (twill-cli retrain --npz: every tensor's codes as '<tensor>.targets'), then runs the suite on them.
#   bash bench/network_codes.sh [BUILD]     (BUILD: build folder, default build)
# Environment: OUT (default bench-out/codes), EPOCHS (default 3), THREADS (default 1), ARRAYS
# (arrays per file in the suite, default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
CLI=$BUILD/app/cli/twill-cli
BENCH=$BUILD/bench/twill-bench-encoder
OUT=${OUT:-bench-out/codes}
EPOCHS=${EPOCHS:-3}
THREADS=${THREADS:-1}
ARRAYS=${ARRAYS:-1000}
PY=/usr/bin/python3
[ -x "$CLI" ] && [ -x "$BENCH" ] || { echo "build first: cmake --preset default && cmake --build --preset default" >&2; exit 2; }
mkdir -p "$OUT"

# The residual model: two residual blocks of 3x3 convolutions, as TorchScript.
if [ ! -f "$OUT/resnet.pt" ]; then
  cat > "$OUT/resnet.py" <<'PYEOF'
import sys, torch
class Block(torch.nn.Module):
    def __init__(s, c):
        super().__init__(); s.a = torch.nn.Conv2d(c, c, 3, padding=1); s.b = torch.nn.Conv2d(c, c, 3, padding=1)
    def forward(s, x):
        return torch.relu(x + s.b(torch.relu(s.a(x))))
class ResNet(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.stem = torch.nn.Conv2d(1, 32, 3, padding=1); s.b1 = Block(32); s.b2 = Block(32); s.fc = torch.nn.Linear(32 * 7 * 7, 10)
    def forward(s, x):
        x = torch.max_pool2d(torch.relu(s.stem(x)), 2); x = s.b1(x); x = torch.max_pool2d(s.b2(x), 2)
        return s.fc(x.flatten(1))
torch.manual_seed(1)
torch.jit.script(ResNet()).save(sys.argv[1])
PYEOF
  "$PY" "$OUT/resnet.py" "$OUT/resnet.pt"  # TorchScript needs the source in a file
fi

for model in lenet5 resnet; do
  spec=$model; [ "$model" = resnet ] && spec=$OUT/resnet.pt
  if [ ! -f "$OUT/$model.ckpt" ]; then
    echo "== train $model, $EPOCHS epochs"
    "$CLI" train --model "$spec" --epochs "$EPOCHS" --seed 1 --threads "$THREADS" --out "$OUT/$model.ckpt" --quiet
  fi
  for bits in 4 8 16; do
    if [ ! -f "$OUT/$model-$bits.npz" ]; then
      echo "== $model, $bits-bit codes"
      "$CLI" retrain --model "$spec" --checkpoint "$OUT/$model.ckpt" --mode post --bits "$bits" --format twos \
        --solver greedy --threads "$THREADS" --test-subset 1000 --npz "$OUT/$model-$bits.npz" --quiet
    fi
  done
done

"$BENCH" --suite network --bits "" --arrays "$ARRAYS" \
  $(for f in "$OUT"/lenet5-{4,8,16}.npz "$OUT"/resnet-{4,8,16}.npz; do printf -- '--codes %s ' "$f"; done)
