#!/usr/bin/env bash
# The window's "Compare storage" without a display: LeNet-5 on Fashion-MNIST (3 baseline
# epochs, INQ 0.5/0.75/0.875/1 with one epoch per step), 8-bit weights in 16x16 msb-lsb
# arrays, the naive transpose pattern, and plain storage; prints test accuracy per step and
# writes the run dock's picture. About 3 minutes on 2 cores.
#   bash bench/gui_compare.sh [build dir, default build] [output dir, default bench-out]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-bench-out}
mkdir -p "$out"
"$build/app/gui/twill" --project bench/compare_storage.twill.json --compare \
  --export-chart compare --to "$out/compare.csv" --screenshot "$out/compare.png" --view run
python3 - "$out/compare.csv" <<'PY'
import csv, sys
rows = {}
for r in csv.DictReader(open(sys.argv[1])):
    rows.setdefault(r["series"], []).append(float(r["y"]))
steps = ["baseline", "post", "inq 0.5", "inq 0.75", "inq 0.875", "inq 1"]
print("| storage | " + " | ".join(steps) + " |")
print("| --- |" + " --- |" * len(steps))
for name, acc in rows.items():
    print("| " + name + " | " + " | ".join("%.2f" % (100 * a) for a in acc) + " |")
PY
