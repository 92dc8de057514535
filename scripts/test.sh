#!/usr/bin/env bash
# Sets up (installs missing Debian packages), builds with the CI preset (warnings are
# errors) and runs the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset ci
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci -j "$(nproc)"
