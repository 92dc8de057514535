#!/usr/bin/env bash
# Sets up (installs missing Debian packages), builds with the CI preset (warnings are
# errors) and runs the whole test suite through ctest; then builds the core and command-line
# suites with AddressSanitizer and UndefinedBehaviorSanitizer (the asan preset) and runs them
# again (TWILL_SKIP_SANITIZERS=1 skips that second pass).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset ci
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci -j "$(nproc)"
if [ "${TWILL_SKIP_SANITIZERS:-0}" != 1 ]; then
  cmake --preset asan
  cmake --build --preset asan -j "$(nproc)" --target sanitize-suites
  ctest --preset asan -j "$(nproc)"
fi
