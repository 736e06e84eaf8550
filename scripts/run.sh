#!/usr/bin/env bash
# The main job: installs what is missing, builds (Release) and runs the inventory example:
# the guide end to end, saved to a snapshot file (the argument, default inventory.snapshot),
# loaded back into a second database; then `relata inspect` of that file.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRELATA_WERROR=ON >/dev/null
cmake --build build/release --target inventory relata
snapshot=${1:-inventory.snapshot}
build/release/examples/inventory "$snapshot"
build/release/cli/relata inspect "$snapshot"
