// db.check() and a snapshot load's final check, compiled once for every model: they walk a
// table through TableBase (rows in key order, an index in its order, the child lists) and
// read columns through ColumnInfo, so no model instantiates them. The typed part (the
// primary key's two indexes and the counter) is Table<T>::check_keys.
#include <algorithm>
#include <string>
#include <vector>

#include "relata/detail/table_base.hpp"

namespace relata::detail {

namespace {

std::vector<const void*> rows_in_key_order(const TableBase& t) {
  std::vector<const void*> rows;
  rows.reserve(t.size());
  t.for_each_row([&](const void* r) { rows.push_back(r); });
  return rows;
}

/// Unique / indexed `column`: every entry stored, the index in (value, key) order, and for a
/// unique column no value twice (NULLs never collide). `walk` adds the first two checks.
void check_index(const TableBase& t, std::size_t column, std::size_t rows, bool walk,
                 std::vector<std::string>& problems) {
  const ColumnInfo& c = t.columns()[column];
  const ColumnInfo& key = t.columns()[t.pk_column()];
  auto say = [&](std::string what) { problems.push_back(t.name() + ": " + std::move(what)); };
  std::vector<const void*> order;
  t.index_order(column, order);
  const void* last = nullptr;
  Value last_value;
  for (const void* r : order) {
    Value v = c.get(r);
    const std::string key_text = std::to_string(t.row_key(r));
    if (walk && t.probe(t.row_key(r)) != r)
      say("index " + c.name + " holds row " + key_text + ", which is not stored");
    if (last) {
      const int by_value = compare_values(last_value, v);
      if (walk &&
          (by_value > 0 || (by_value == 0 && compare_values(key.get(last), key.get(r)) >= 0)))
        say("index " + c.name + " is out of order at row " + key_text);
      if (c.unique && by_value == 0 && !std::holds_alternative<std::monostate>(v))
        say("unique column " + c.name + " holds " + to_display(v) + " twice");
    }
    last = r;
    last_value = std::move(v);
  }
  if (walk && order.size() != rows)
    say("index " + c.name + " holds " + std::to_string(order.size()) + " of " +
        std::to_string(rows) + " rows");
}

/// Foreign key `column`: every row with a key points at a row of the referenced table; with
/// `walk`, every such row is in its parent's child list, and the lists hold exactly those
/// rows, each list in key order.
void check_foreign_key(const TableBase& t, std::size_t column, const std::vector<const void*>& rows,
                       const ChildLists* lists, std::vector<std::string>& problems) {
  const ColumnInfo& c = t.columns()[column];
  auto say = [&](std::string what) { problems.push_back(t.name() + ": " + std::move(what)); };
  std::size_t linked = 0;
  for (const void* r : rows) {
    const std::optional<std::int64_t> parent = t.foreign_key(r, column);
    if (!parent) continue;
    ++linked;
    const std::int64_t key = t.row_key(r);
    if (lists) {
      auto list = lists->find(*parent);
      auto pos = std::lower_bound(list.begin(), list.end(), key,
                                  [&](const void* x, std::int64_t k) { return t.row_key(x) < k; });
      if (pos == list.end() || *pos != r)
        say("row " + std::to_string(key) + " is missing from the child list of " + c.name + " = " +
            std::to_string(*parent));
    }
    if (!c.referenced->find_by(c.referenced_column, *parent))
      say("row " + std::to_string(key) + ": " + c.name + " = " + std::to_string(*parent) +
          " references no row of " + c.references_table);
  }
  if (!lists) return;
  std::size_t listed = 0;
  lists->for_each([&](std::int64_t parent, std::span<const void* const> list) {
    listed += list.size();
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::optional<std::int64_t> v = t.foreign_key(list[k], column);
      const std::string key_text = std::to_string(t.row_key(list[k]));
      if (!v || *v != parent)
        say("the child list of " + c.name + " = " + std::to_string(parent) + " holds row " +
            key_text + ", which has another parent");
      if (k && !(t.row_key(list[k - 1]) < t.row_key(list[k])))
        say("the child list of " + c.name + " = " + std::to_string(parent) +
            " is out of key order at row " + key_text);
    }
  });
  if (listed != linked)
    say("the child lists of " + c.name + " hold " + std::to_string(listed) + " entries for " +
        std::to_string(linked) + " rows with a key");
}

}  // namespace

void TableBase::check(std::vector<std::string>& problems) const {
  check_keys(problems);
  const std::vector<const void*> rows = rows_in_key_order(*this);
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const ColumnInfo& c = columns_[i];
    if ((c.unique || c.indexed) && !c.primary_key)
      check_index(*this, i, rows.size(), true, problems);
    if (c.foreign_key) check_foreign_key(*this, i, rows, &children_[i], problems);
  }
}

void TableBase::load_check(std::vector<std::string>& problems) const {
  std::vector<const void*> rows;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const ColumnInfo& c = columns_[i];
    if (c.unique && !c.primary_key) check_index(*this, i, 0, false, problems);
    if (c.foreign_key) {
      if (rows.empty()) rows = rows_in_key_order(*this);
      check_foreign_key(*this, i, rows, nullptr, problems);
    }
  }
}

}  // namespace relata::detail
