#!/usr/bin/env bash
# The main job: installs what is missing, builds (Release) and runs the inventory example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRELATA_WERROR=ON >/dev/null
cmake --build build/release --target inventory
build/release/examples/inventory "$@"
