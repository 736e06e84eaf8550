#!/usr/bin/env bash
# Installs what is missing, then builds and runs every test: a Release build (with the
# example, the compile-fail checks, the find_package consumer, the 10,000-step differential
# test against SQLite and the failure-injection loop), the same suite under AddressSanitizer
# + UndefinedBehaviorSanitizer, the concurrent-reader test under ThreadSanitizer, and a
# bounded libFuzzer run each of random statement sequences and of snapshot loads (clang,
# ASan + UBSan). RELATA_FUZZ_SECONDS sets each fuzz run's length (default 30).
#
# The checked builds keep line tables only (-g1: a report still names file and line), and the
# ASan + UBSan build is -Og: its tests run as fast as at -O1, and it compiles in under half
# the CPU time of -O1 -g.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

echo "== release build"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRELATA_WERROR=ON >/dev/null
cmake --build build/release
ctest --test-dir build/release --output-on-failure -j 2

echo "== sanitizer build (ASan + UBSan)"
cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-Og -g1" \
  -DRELATA_SANITIZE=ON -DRELATA_WERROR=ON -DRELATA_BUILD_BENCH=OFF >/dev/null
cmake --build build/sanitize
ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/sanitize --output-on-failure -j 2

echo "== thread sanitizer build (concurrent readers)"
cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DRELATA_TSAN=ON -DRELATA_WERROR=ON -DRELATA_BUILD_BENCH=OFF >/dev/null
cmake --build build/tsan --target relata_thread_tests
TSAN_OPTIONS=halt_on_error=1 build/tsan/tests/relata_thread_tests

echo "== fuzz build (libFuzzer, clang, ASan + UBSan)"
cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DCMAKE_CXX_COMPILER=clang++-14 -DRELATA_FUZZ=ON -DRELATA_WERROR=ON -DRELATA_BUILD_BENCH=OFF >/dev/null
cmake --build build/fuzz --target fuzz_statements fuzz_snapshot
mkdir -p build/fuzz/corpus build/fuzz/snapshot-corpus
build/fuzz/tests/fuzz_statements -max_total_time="${RELATA_FUZZ_SECONDS:-30}" -max_len=512 \
  -print_final_stats=1 build/fuzz/corpus
# Seeds: the inventory and guild examples' snapshots whole (first byte even) and as framed
# payloads (first byte odd, then the table count); the guild's has format version 2's
# deleted_at column and unique group, and tests/fixtures holds its version 1 form.
build/release/examples/inventory build/fuzz/inventory.snapshot >/dev/null
build/release/examples/guild build/fuzz/guild.snapshot >/dev/null
{ printf '\x00'; cat build/fuzz/inventory.snapshot; } > build/fuzz/snapshot-corpus/whole
{ printf '\x01\x04'; tail -c +49 build/fuzz/inventory.snapshot; } > build/fuzz/snapshot-corpus/payload
{ printf '\x00'; cat build/fuzz/guild.snapshot; } > build/fuzz/snapshot-corpus/guild-whole
{ printf '\x01\x03'; tail -c +49 build/fuzz/guild.snapshot; } > build/fuzz/snapshot-corpus/guild-payload
{ printf '\x03\x03'; tail -c +49 tests/fixtures/guild-v1.snapshot; } > build/fuzz/snapshot-corpus/guild-v1
build/fuzz/tests/fuzz_snapshot -max_total_time="${RELATA_FUZZ_SECONDS:-30}" -max_len=4096 \
  -print_final_stats=1 build/fuzz/snapshot-corpus
