#!/usr/bin/env bash
# Builds FasciaLab with its tests and runs every test tier: pure, GL (headless EGL) and the
# viewer window (under Xvfb when there is no display). Extra arguments go to CMake.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFASCIALAB_BUILD_TESTS=ON "$@"
cmake --build "$build_dir" -j"$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"
