#!/usr/bin/env bash
# Builds Release and runs the benchmarks. Arguments: the sizes N (default 1000 100000 1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRELATA_WERROR=ON >/dev/null
cmake --build build/release --target bench_inventory
sizes=$(IFS=,; echo "${*:-1000,100000,1000000}")
build/release/bench/bench_inventory --n="${sizes// /,}"
