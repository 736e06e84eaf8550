#!/usr/bin/env bash
# The benchmark report: builds Release, runs every workload at the sizes given (default
# 1000 100000; add 1000000 for the full table, which takes longer), and writes
#   bench/results/<date>.json   Google Benchmark's output
#   bench/results/<date>.md     each workload's time per system and size, with ratios
#   bench/results/<date>.svg    W2-W5 cost as N grows (gnuplot)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh gnuplot-nox
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRELATA_WERROR=ON >/dev/null
cmake --build build/release --target bench_inventory bench_report
sizes=$(IFS=,; echo "${*:-1000,100000}")
mkdir -p bench/results
out=bench/results/$(date -u +%Y-%m-%d)
build/release/bench/bench_inventory --n="${sizes// /,}" \
  --benchmark_out="$out.json" --benchmark_out_format=json
build/release/bench/bench_report "$out.json" "$out"
gnuplot "$out.gp"
rm -f "$out.gp" "$out.dat"
echo "report: $out.md, $out.svg, $out.json"
