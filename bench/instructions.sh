#!/usr/bin/env bash
# Instructions per operation of W1-W5 and W7 (query API, lazy accessors, hand-written hash
# maps) on inventory(N), counted by callgrind: exact and repeatable, so a change to the query
# or update path shows what it saves even where timings are too noisy to. W1 counts per row
# loaded (bulk_create against hash-map inserts), the others per key. Builds the Release libraries,
# compiles bench/instructions.cpp against them, and prints one Markdown table.
#
#   bench/instructions.sh [N] [KEYS]    (default N = 1000, 100000 keys per path)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
keys=${2:-100000}
scripts/deps.sh valgrind
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRELATA_WERROR=ON >/dev/null
cmake --build build/release --target relata_api >/dev/null
work=build/instructions
mkdir -p "$work"
${CXX:-g++} -std=c++20 -O3 -DNDEBUG -Iengine/include -Iapi/include -Iexamples -Ibench \
  bench/instructions.cpp build/release/api/librelata_api.a build/release/engine/librelata_engine.a \
  -lboost_serialization -lboost_json -lboost_container -lxxhash -o "$work/instructions"
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
  "$work/instructions" "$n" "$keys" >"$work/out.txt" 2>"$work/valgrind.log" ||
  { cat "$work/valgrind.log" >&2; exit 1; }
rows=$(sed -n 's/.* \([0-9]*\) rows loaded$/\1/p' "$work/out.txt")
callgrind_annotate --threshold=100 --inclusive=yes "$work/callgrind.out" |
  awk -v keys="$keys" -v n="$n" -v rows="$rows" '
  match($0, /:\(anonymous namespace\)::w[1-7](key)?_(query|erased|lazy|hand)\(/) {
    name = substr($0, RSTART + 24, RLENGTH - 25)
    count = $1; gsub(",", "", count)
    ir[name] = count / (name ~ /^w1_/ ? rows : keys)
  }
  END {
    printf "instructions per operation, inventory(%d), %d keys per path (W1: per row of %d)\n\n", n, keys, rows
    print "| workload | query API | Query<T> | lazy | hand-written | query ÷ hand | query ÷ lazy |"
    print "|---|---|---|---|---|---|---|"
    split("w1 w2 w3 w4 w5 w7 w7key", ws, " ")
    for (i = 1; i <= 7; ++i) {
      w = ws[i]; q = ir[w "_query"]; e = ir[w "_erased"]; l = ir[w "_lazy"]; h = ir[w "_hand"]
      printf "| %s | %.0f | %s | %s | %.0f | %.2fx | %s |\n", toupper(w), q,
             (e ? sprintf("%.0f", e) : "—"), (l ? sprintf("%.0f", l) : "—"), h, q / h,
             (l ? sprintf("%.2fx", q / l) : "—")
    }
  }'
