#!/usr/bin/env bash
# Compile cost per model (workload W12): generates a program of 1 and of N models (default
# 20) — each with 6 columns, one foreign key, a has_many / belongs_to pair, a create and a
# find_all with an include — compiles each with the project's compiler and flags, and
# reports CPU seconds and peak MiB per model added, beside the same tables written directly
# on Boost.MultiIndex (a hashed and an ordered primary key, an ordered foreign-key index,
# the same create-with-check and the same include walk).
#
#   bench/compile_cost.sh [N] [RUNS]    (RUNS: compiles per program, median taken; default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
runs=${2:-3}
cxx=${CXX:-g++}
flags=(-std=c++20 -O2 -Iengine/include -Iapi/include -c -o /dev/null)
work=build/compile_cost
mkdir -p "$work"

relata_program() {  # $1: number of models
  local count=$1
  {
    echo '#include <relata/relata.hpp>'
    echo 'struct M0 { std::int64_t id = 0; };'
    echo 'template <> struct relata::model<M0> { static constexpr std::string_view table = "m0";'
    echo '  static constexpr auto columns = relata::columns(relata::column<&M0::id>("id", relata::primary_key, relata::auto_increment)); };'
    for ((i = 1; i <= count; ++i)); do
      cat <<EOF
struct M$i { std::int64_t id = 0; std::int64_t parentId = 0; std::string name; std::int32_t qty = 0; double weight = 0; std::optional<std::string> note; };
template <> struct relata::model<M$i> { static constexpr std::string_view table = "m$i";
  static constexpr auto columns = relata::columns(
      relata::column<&M$i::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&M$i::parentId>("parentId", relata::references<&M$((i - 1))::id>),
      relata::column<&M$i::name>("name", relata::not_empty),
      relata::column<&M$i::qty>("qty", relata::min(0)),
      relata::column<&M$i::weight>("weight"), relata::column<&M$i::note>("note")); };
inline constexpr auto children$i = relata::has_many<&M$i::parentId>("children");
inline constexpr auto parent$i = relata::belongs_to<&M$i::parentId>("parent");
std::size_t use$i(relata::Database& db) {
  db.define<M$i>();
  db.create(M$i{.parentId = 1, .name = "x"});
  return db.find_all<M$i>(relata::include(parent$i)).size() + db.get(*db.find_by_pk<M$((i - 1))>(1), children$i).size();
}
EOF
    done
    echo 'int main() { relata::Database db; db.define<M0>(); db.create(M0{}); std::size_t n = 0;'
    for ((i = 1; i <= count; ++i)); do echo "  n += use$i(db);"; done
    echo '  return static_cast<int>(n); }'
  }
}

raw_program() {  # $1: number of models
  local count=$1
  {
    cat <<'EOF'
#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>
namespace mi = boost::multi_index;
struct M0 { std::int64_t id = 0; };
using T0 = mi::multi_index_container<M0, mi::indexed_by<mi::hashed_unique<mi::member<M0, std::int64_t, &M0::id>>,
                                                       mi::ordered_unique<mi::member<M0, std::int64_t, &M0::id>>>>;
EOF
    for ((i = 1; i <= count; ++i)); do
      cat <<EOF
struct M$i { std::int64_t id = 0; std::int64_t parentId = 0; std::string name; std::int32_t qty = 0; double weight = 0; std::optional<std::string> note; };
using T$i = mi::multi_index_container<M$i, mi::indexed_by<
    mi::hashed_unique<mi::member<M$i, std::int64_t, &M$i::id>>,
    mi::ordered_unique<mi::member<M$i, std::int64_t, &M$i::id>>,
    mi::ordered_non_unique<mi::member<M$i, std::int64_t, &M$i::parentId>>>>;
std::size_t use$i(T$i& t, const T$((i - 1))& parents) {
  M$i row{.parentId = 1, .name = "x"};
  if (row.name.empty() || row.qty < 0) throw std::invalid_argument("validation");
  if (!parents.find(row.parentId)->id) throw std::invalid_argument("foreign key");
  row.id = static_cast<std::int64_t>(t.size()) + 1;
  if (!t.insert(row).second) throw std::invalid_argument("unique");
  std::vector<std::pair<const M$i*, const M$((i - 1))*>> rows;
  for (const M$i& r : t.get<1>()) rows.emplace_back(&r, &*parents.find(r.parentId));
  auto [lo, hi] = t.get<2>().equal_range(1);
  return rows.size() + static_cast<std::size_t>(std::distance(lo, hi));
}
EOF
    done
    echo 'int main() { T0 t0; t0.insert(M0{1}); std::size_t n = 0;'
    for ((i = 1; i <= count; ++i)); do echo "  T$i t$i; n += use$i(t$i, t$((i - 1)));"; done
    echo '  return static_cast<int>(n); }'
  }
}

# Median of `runs` compiles: "<cpu seconds> <peak KiB>".
measure() {
  local file=$1
  for ((r = 0; r < runs; ++r)); do
    /usr/bin/time -f "%U %S %M" -o "$work/time.txt" "$cxx" "${flags[@]}" "$file"
    awk '{ printf "%.2f %d\n", $1 + $2, $3 }' "$work/time.txt"
  done | sort -n | awk -v r="$runs" 'NR == int((r + 1) / 2)'
}

relata_program 1 >"$work/relata_1.cpp"
relata_program "$n" >"$work/relata_$n.cpp"
raw_program 1 >"$work/raw_1.cpp"
raw_program "$n" >"$work/raw_$n.cpp"

read -r r1_s r1_k < <(measure "$work/relata_1.cpp")
read -r rn_s rn_k < <(measure "$work/relata_$n.cpp")
read -r b1_s b1_k < <(measure "$work/raw_1.cpp")
read -r bn_s bn_k < <(measure "$work/raw_$n.cpp")

awk -v n="$n" -v r1s="$r1_s" -v rns="$rn_s" -v r1k="$r1_k" -v rnk="$rn_k" \
    -v b1s="$b1_s" -v bns="$bn_s" -v b1k="$b1_k" -v bnk="$bn_k" -v cxx="$cxx" 'BEGIN {
  rs = (rns - r1s) / (n - 1); rm = (rnk - r1k) / 1024 / (n - 1);
  bs = (bns - b1s) / (n - 1); bm = (bnk - b1k) / 1024 / (n - 1);
  printf "compile cost (%s -O2, median of runs), 1 and %d models\n", cxx, n
  printf "| program | 1 model | %d models | per model added |\n", n
  printf "|---|---|---|---|\n"
  printf "| relata | %.2f s, %.0f MiB | %.2f s, %.0f MiB | %.2f s, %.1f MiB |\n", r1s, r1k / 1024, rns, rnk / 1024, rs, rm
  printf "| Boost.MultiIndex directly | %.2f s, %.0f MiB | %.2f s, %.0f MiB | %.2f s, %.1f MiB |\n", b1s, b1k / 1024, bns, bnk / 1024, bs, bm
  printf "| ratio | | | %.2fx CPU, %.2fx MiB |\n", rs / bs, rm / bm
}'
