// Internal: the query executor's interface — the flat result tree and the compiled steps
// that fill and read it (planner.cpp, loader.cpp, json.cpp). Results (result.hpp) are
// typed views over a ResultSet; nothing here knows a model type.
#pragma once

#include <boost/container/small_vector.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "relata/association.hpp"
#include "relata/detail/query_spec.hpp"
#include "relata/detail/recycling_allocator.hpp"
#include "relata/detail/store.hpp"

namespace relata {

namespace detail {

/// One row of a result: the stored row, its join row (belongs_to_many), and the range of
/// slots holding its loaded includes.
/// Trivial on purpose: a plan sizes `nodes` without initialising and writes every field
/// (value-initialise, as emplace_back() does, for a zeroed node).
struct ResultNode {
  const void* row;
  const void* through;
  std::uint32_t first_slot, slot_count;
};

/// The rows one include loaded under one parent: a contiguous range of ResultSet::nodes.
struct ResultSlot {
  const IncludeSpec* spec = nullptr;
  std::uint32_t first = 0, count = 0;
};

/// The whole tree of a query's result, flattened into index-linked arrays. Small results
/// (a row and a few dozen included rows) fit the inline storage and allocate nothing;
/// larger ones reuse their thread's spare block (recycling_allocator.hpp).
struct ResultSet {
  const Store* store = nullptr;
  std::shared_ptr<const QuerySpec> spec;
  boost::container::small_vector<ResultNode, 4, recycling_allocator<ResultNode>> roots;
  boost::container::small_vector<ResultNode, 16, recycling_allocator<ResultNode>> nodes;
  boost::container::small_vector<ResultSlot, 8, recycling_allocator<ResultSlot>> slots;
};

/// Whether a query by key on `q` is plain: its includes have a compiled plan and nothing
/// (a where, an offset, a zero limit) can drop the row. Database::find_by_pk then finds the
/// row through Table<T> and calls keep_root, without execute (tests/test_paranoid.cpp
/// compares the two paths).
inline bool plain_key_query(const QuerySpec& q) noexcept {
  return q.plan && !q.where && q.offset.value_or(0) == 0 && q.limit.value_or(1) > 0;
}
/// Adds `row` (of q's model) to out.roots with its includes loaded by q.plan.
inline void keep_root(const Store& store, const QuerySpec& q, const void* row, ResultSet& out) {
  ResultNode node{row, nullptr, 0, 0};
  q.plan(store, q.includes, row, node.first_slot, node.slot_count, out);
  out.roots.push_back(node);
}
/// Runs a query on the table of `slot` into `out`; `key` restricts it to one primary key.
void execute(const Store& store, std::size_t slot, std::shared_ptr<const QuerySpec> spec,
             std::optional<std::int64_t> key, ResultSet& out);
/// The number of root rows the query would return, ignoring limit and offset.
std::size_t count_rows(const Store& store, std::size_t slot, const QuerySpec& spec);
/// The query's plan as text (see Database::explain).
std::string explain(const Store& store, std::size_t slot, const QuerySpec& spec, bool by_key);
/// Throws relata::Error (errc::schema): the association `alias` was not included.
[[noreturn]] void throw_not_included(std::string_view alias);
/// The slot of `node` that include `alias` of kind `kind` filled; throws if not included.
/// Inline: Row::get calls it for every row it reads.
inline const ResultSlot& find_slot(const ResultSet& set, const ResultNode& node,
                                   std::string_view alias, association_kind kind) {
  for (std::uint32_t i = 0; i < node.slot_count; ++i) {
    const ResultSlot& s = set.slots[node.first_slot + i];
    const AssociationRef& r = s.spec->assoc;
    // The association's own alias text (the same address) is found without a string compare.
    if (r.kind == kind &&
        (r.alias_id == alias.data() ? r.alias.size() == alias.size() : r.alias == alias))
      return s;
  }
  throw_not_included(alias);
}
/// A result row as JSON: its attributes, then each include under its alias.
boost::json::object node_to_json(const ResultSet& set, std::size_t slot, const QuerySpec* spec,
                                 const ResultNode& node);
/// node_to_json, and for a row reached through a belongs_to_many its join object, as its
/// parent's JSON shows it (Row::to_json and RowRange::to_json).
boost::json::object row_to_json(const ResultSet& set, std::size_t slot, const QuerySpec* spec,
                                const ResultNode& node);
}  // namespace detail

}  // namespace relata
