#!/usr/bin/env bash
# Installs what is missing, then builds and runs every test twice: a Release build (with
# the example, the benchmark smoke run, the compile-fail checks and the find_package
# consumer) and an AddressSanitizer + UndefinedBehaviorSanitizer build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

echo "== release build"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRELATA_WERROR=ON >/dev/null
cmake --build build/release
ctest --test-dir build/release --output-on-failure -j 2

echo "== sanitizer build (ASan + UBSan)"
cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DRELATA_SANITIZE=ON -DRELATA_WERROR=ON -DRELATA_BUILD_BENCH=OFF >/dev/null
cmake --build build/sanitize
ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/sanitize --output-on-failure -j 2
