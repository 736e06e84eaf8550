// Referential actions: what deleting a row does to the rows that reference it.
//
// Deleting a row runs in two phases so that no row is touched before every RESTRICT has
// been checked against the complete set of rows to delete:
//
//   1. plan: walk the references breadth-first from the row. A CASCADE reference adds the
//      referencing rows to the delete set (each row once, so cycles terminate); a SET NULL
//      reference records (row, column) to clear; a RESTRICT reference with referencing rows
//      that are not themselves in the delete set fails the statement.
//   2. apply: erase every row of the delete set, then clear the recorded keys of rows that
//      survive. Every change is logged, so a failure anywhere rolls the statement back.
//      Both go in reverse discovery order: the referencing rows of one parent were found in
//      key order, so each leaves the end of its parent's child list (no shifting), and a
//      parent with a million children is deleted in linear time.
//
// Each step is an index lookup on the referencing table's foreign-key index.
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "relata/detail/store.hpp"
#include "relata/error.hpp"

namespace relata::detail {

void Store::destroy(TableBase& table, std::int64_t key) {
  if (!table.contains(key)) {
    throw NotFoundError(table.name(), table.columns()[table.pk_column()].name, std::to_string(key));
  }
  statement([&] {
    std::set<std::pair<TableBase*, std::int64_t>> doomed{{&table, key}};
    std::vector<std::pair<TableBase*, std::int64_t>> order{{&table, key}};
    struct clear_key {
      TableBase* table;
      std::int64_t key;
      std::size_t column;
    };
    std::vector<clear_key> to_clear;
    struct restricted {
      TableBase* parent;
      std::int64_t parent_key;  // the referenced key's value
      IncomingReference ref;
      std::vector<std::int64_t> keys;
    };
    std::vector<restricted> restrictions;
    std::vector<std::int64_t> refs;
    for (std::size_t next = 0; next < order.size(); ++next) {
      auto [t, k] = order[next];
      const void* row = t->find_row(k);
      for (const IncomingReference& in : t->incoming()) {
        const auto referenced = t->key_value(row, in.referenced_column);
        if (!referenced) continue;
        refs.clear();
        in.from->referencing(in.column, *referenced, refs);
        if (refs.empty()) continue;
        switch (in.on_delete) {
          case action::cascade:
            for (std::int64_t r : refs)
              if (doomed.emplace(in.from, r).second) order.emplace_back(in.from, r);
            break;
          case action::set_null:
            for (std::int64_t r : refs) to_clear.push_back({in.from, r, in.column});
            break;
          case action::restrict:
            restrictions.push_back({t, *referenced, in, refs});
            break;
        }
      }
    }
    for (const restricted& r : restrictions) {
      std::size_t alive = 0;
      for (std::int64_t k : r.keys) alive += doomed.count({r.ref.from, k}) == 0;
      if (alive == 0) continue;
      const std::string& pk = r.parent->columns()[r.ref.referenced_column].name;
      const std::string column =
          r.ref.from->name() + "." + r.ref.from->columns()[r.ref.column].name;
      throw ForeignKeyConstraintError(
          r.parent->name(), pk, std::to_string(r.parent_key),
          "foreign key constraint failed: cannot delete " + r.parent->name() + "." + pk + " = " +
              std::to_string(r.parent_key) + ": " + std::to_string(alive) + " row(s) of " +
              r.ref.from->name() + " reference it through " + column + " (ON DELETE RESTRICT)");
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) it->first->erase(it->second, log_);
    for (auto it = to_clear.rbegin(); it != to_clear.rend(); ++it)
      if (!doomed.count({it->table, it->key})) it->table->set_null(it->key, it->column, log_);
  });
}

}  // namespace relata::detail
