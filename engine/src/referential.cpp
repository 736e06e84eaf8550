// Referential actions: what deleting a row, or changing a key, does to the rows that
// reference it.
//
// ON UPDATE (plan_key_changes / apply_key_changes): before a row is rewritten, each incoming
// reference whose key value changes is looked up (one index probe); RESTRICT with holders
// fails the statement before anything changed; CASCADE and SET NULL are recorded and carried
// out right after the row itself, each holder rewritten through its own table (logged).
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
#include <boost/container_hash/hash.hpp>
#include <boost/unordered/unordered_flat_set.hpp>
#include <string>
#include <utility>
#include <vector>

#include "relata/detail/referential.hpp"
#include "relata/detail/store.hpp"
#include "relata/error.hpp"

namespace relata::detail {

void Store::destroy(TableBase& table, std::int64_t key) {
  if (!table.contains(key)) table.throw_not_found(table.key_text(key));
  statement([&] {
    // The delete set: a flat hash set (a cascade of thousands of rows inserts each once,
    // with no node allocated per row).
    boost::unordered_flat_set<std::pair<TableBase*, std::int64_t>,
                              boost::hash<std::pair<TableBase*, std::int64_t>>>
        doomed{{&table, key}};
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
      const std::string shown =
          to_display(r.parent->key_as_value(r.parent_key, r.ref.referenced_column));
      throw ForeignKeyConstraintError(
          r.parent->name(), pk, shown,
          "foreign key constraint failed: cannot delete " + r.parent->name() + "." + pk + " = " +
              shown + ": " + std::to_string(alive) + " row(s) of " + r.ref.from->name() +
              " reference it through " + column + " (ON DELETE RESTRICT)");
    }
    // Destroy hooks: the row asked for, and rows a cascade takes when their table opted in
    // (HookList::cascade), root first. An erased row stays at its address, held by the undo
    // log until the statement ends, so the after hooks see it too.
    std::vector<std::pair<const TableBase*, void*>> hooked;
    for (std::size_t i = 0; i < order.size(); ++i) {
      auto [t, k] = order[i];
      if (t->hooks().any && (i == 0 || t->hooks().cascade))
        hooked.emplace_back(t, const_cast<void*>(t->find_row(k)));
    }
    WriteContext cx = context();
    for (auto [t, row] : hooked) t->run_hooks(hook::before_destroy, row, cx);
    for (auto it = order.rbegin(); it != order.rend(); ++it) it->first->erase(it->second, log_);
    for (auto [t, row] : hooked) t->run_hooks(hook::after_destroy, row, cx);
    for (auto it = to_clear.rbegin(); it != to_clear.rend(); ++it)
      if (!doomed.count({it->table, it->key}))
        it->table->set_reference(it->key, it->column, std::nullopt, log_);
  });
}

std::vector<KeyChange> plan_key_changes(const TableBase& t, const void* before, const void* after) {
  std::vector<KeyChange> out;
  for (const IncomingReference& in : t.incoming()) {
    const auto old_key = t.key_value(before, in.referenced_column);
    const auto new_key = t.key_value(after, in.referenced_column);
    if (!old_key || old_key == new_key) continue;
    std::vector<const void*> refs;
    in.from->referencing_rows(in.column, *old_key, refs);
    if (in.on_update == action::restrict && in.from == &t) std::erase(refs, before);
    if (refs.empty()) continue;
    if (in.on_update == action::restrict || !new_key) {
      const std::string& key_name = t.columns()[in.referenced_column].name;
      const std::string old_text = to_display(t.columns()[in.referenced_column].get(before));
      throw ForeignKeyConstraintError(
          t.name(), key_name, old_text,
          "foreign key constraint failed: cannot change " + t.name() + "." + key_name + " from " +
              old_text + " to " + to_display(t.columns()[in.referenced_column].get(after)) + ": " +
              std::to_string(refs.size()) + " row(s) of " + in.from->name() +
              " reference it through " + in.from->name() + "." +
              in.from->columns()[in.column].name + " (ON UPDATE RESTRICT)");
    }
    out.push_back({in.from, in.column, in.on_update, *new_key, std::move(refs)});
  }
  return out;
}

void apply_key_changes(const std::vector<KeyChange>& changes, UndoLog& log) {
  for (const KeyChange& c : changes) {
    for (const void* r : c.rows) {
      c.from->set_reference(
          c.from->row_key(r), c.column,
          c.what == action::set_null ? std::nullopt : std::optional<std::int64_t>(c.new_value),
          log);
    }
  }
}

}  // namespace relata::detail
