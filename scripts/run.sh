#!/usr/bin/env bash
# Sets up, builds and starts Twill on its built-in default. Until the desktop application
# lands, the default is the command-line demo: a 16x16 msb-lsb subarray of seeded random
# 16-bit weights, encoded with certified minimax error. Extra arguments go to twill-cli encode.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset default
cmake --build --preset default -j "$(nproc)"
if [ $# -eq 0 ]; then
  exec ./build/app/cli/twill-cli encode --random 100 --seed 1 --solver exact
fi
exec ./build/app/cli/twill-cli encode "$@"
