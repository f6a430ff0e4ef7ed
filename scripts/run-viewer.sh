#!/usr/bin/env bash
# Builds FasciaLab and opens the viewer (on the default body, or on the model given).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)" --target fascialab
exec build/src/app/fascialab "$@"
