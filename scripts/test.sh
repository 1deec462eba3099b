#!/usr/bin/env bash
# The whole test suite: set up, build, run ctest; then the same suite in
# an AddressSanitizer + UndefinedBehaviorSanitizer build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
(cd build && ctest --output-on-failure -j"$(nproc)")

BUILD_DIR=build-asan BUILD_TYPE=Debug CMAKE_ARGS="-DDX_SANITIZE=ON" \
  scripts/setup.sh
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j"$(nproc)")
