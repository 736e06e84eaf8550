// The Store: definition of tables and the referential actions of a delete.
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
#include "relata/detail/store.hpp"

#include <atomic>
#include <set>
#include <utility>

#include "relata/error.hpp"

namespace relata::detail {

std::size_t next_type_slot() noexcept {
  static std::atomic<std::size_t> counter{0};
  return counter++;
}

void UndoLog::rollback_to(std::size_t mark) noexcept {
  while (entries_.size() > mark) {
    UndoEntry& e = entries_.back();
    e.table->undo(e);
    entries_.pop_back();
  }
}

Store::Store() : clock_(system_clock()) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

TableBase* Store::table_named(std::string_view name) const noexcept {
  for (TableBase* t : order_)
    if (t->name() == name) return t;
  return nullptr;
}

void Store::throw_reentrant() {
  throw Error(errc::misuse,
              "misuse: a write from inside a callback of a running statement (an update's "
              "mutator, a validator or the clock): write after the statement returns");
}

void Store::track_stats(bool on) noexcept {
  track_stats_ = on;
  for (TableBase* t : order_) t->track_stats(on);
}

std::vector<std::string> Store::check() const {
  std::vector<std::string> problems;
  for (const TableBase* t : order_) t->check(problems);
  return problems;
}

void Store::throw_undefined(std::string_view table) {
  throw SchemaError("schema error: table " + std::string(table) +
                    " is not defined: call define<>() for its model first");
}

void Store::add(std::unique_ptr<TableBase> table, std::size_t slot) {
  if (slot < by_slot_.size() && by_slot_[slot])
    throw SchemaError("schema error: table " + table->name() + " is already defined");
  if (table_named(table->name()))
    throw SchemaError("schema error: two models use the table name " + table->name());
  for (ColumnInfo& c : table->columns()) {
    if (!c.foreign_key) continue;
    TableBase* target =
        c.references_table == table->name() ? table.get() : table_named(c.references_table);
    if (!target)
      throw SchemaError("schema error: " + table->name() + "." + c.name + " references " +
                        c.references_table + ", which is not defined: define it first");
    c.referenced = target;
  }
  owned_.reserve(owned_.size() + 1);
  order_.reserve(order_.size() + 1);
  if (slot >= by_slot_.size()) by_slot_.resize(slot + 1, nullptr);
  for (std::size_t i = 0; i < table->columns().size(); ++i) {
    const ColumnInfo& c = table->columns()[i];
    if (c.foreign_key)
      c.referenced->add_incoming({table.get(), i, c.on_delete, c.referenced_column});
  }
  table->track_stats(track_stats_);
  by_slot_[slot] = table.get();
  order_.push_back(table.get());
  owned_.push_back(std::move(table));
}

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
