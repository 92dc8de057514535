#!/usr/bin/env bash
# Sets up, builds and starts Twill on its built-in default: a 16x16 msb-lsb subarray of
# seeded random 16-bit weights, encoded with minimax error. Without a display it runs the
# same default on the command line instead. Extra arguments go to the application.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset default
cmake --build --preset default -j "$(nproc)"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/app/gui/twill "$@"
fi
echo "run.sh: no display (DISPLAY/WAYLAND_DISPLAY unset); the same default on the command line:" >&2
exec ./build/app/cli/twill-cli encode --random 1 --seed 1 --solver auto
