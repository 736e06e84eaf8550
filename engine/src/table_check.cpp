// db.check() and a snapshot load's final check, compiled once for every model: they walk a
// table through TableBase (rows in key order, an index in its order, the child lists) and
// read columns through ColumnInfo, so no model instantiates them. What must see the row
// type is two small primitives of Table<T>: probe (the hash index) and index_order.
#include <algorithm>
#include <string>
#include <vector>

#include "relata/detail/table_base.hpp"

namespace relata::detail {

namespace {

/// A row's primary key as a sentence shows it.
std::string key_text(const TableBase& t, const void* row) {
  return t.key_text(t.row_key(row));
}
/// Key `code` of key `column` as a sentence shows it (a text key's string, not its code).
std::string code_text(const TableBase& t, std::size_t column, std::int64_t code) {
  return to_display(t.key_as_value(code, column));
}

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
  auto say = [&](std::string what) { problems.push_back(t.name() + ": " + std::move(what)); };
  std::vector<const void*> order;
  t.index_order(column, order);
  const void* last = nullptr;
  Value last_value;
  for (const void* r : order) {
    Value v = c.get(r);
    const std::string shown = key_text(t, r);
    if (walk && t.probe(t.row_key(r)) != r)
      say("index " + c.name + " holds row " + shown + ", which is not stored");
    if (last) {
      const int by_value = compare_values(last_value, v);
      if (walk && (by_value > 0 || (by_value == 0 && !t.key_less(t.row_key(last), t.row_key(r)))))
        say("index " + c.name + " is out of order at row " + shown);
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

/// The composite unique constraint led by column `leader`: with `walk`, every entry stored,
/// all rows in the index and the index in (values, key) order; always, no two rows holding
/// the same non-null values in every column of it.
void check_group(const TableBase& t, std::size_t leader, std::size_t rows, bool walk,
                 std::vector<std::string>& problems) {
  const auto& columns = t.columns();
  std::vector<std::size_t> members;
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].unique_group == leader) members.push_back(i);
  std::string name = "(";
  for (std::size_t m : members) name += (name.size() > 1 ? ", " : "") + columns[m].name;
  name += ")";
  auto say = [&](std::string what) { problems.push_back(t.name() + ": " + std::move(what)); };
  auto values_of = [&](const void* r) {
    std::vector<Value> v;
    for (std::size_t m : members) v.push_back(columns[m].get(r));
    return v;
  };
  std::vector<const void*> order;
  t.group_order(leader, order);
  const void* last = nullptr;
  std::vector<Value> last_values;
  for (const void* r : order) {
    std::vector<Value> v = values_of(r);
    const std::string shown = key_text(t, r);
    if (walk && t.probe(t.row_key(r)) != r)
      say("index " + name + " holds row " + shown + ", which is not stored");
    if (last) {
      int by_values = 0;
      for (std::size_t k = 0; k < v.size() && by_values == 0; ++k)
        by_values = compare_values(last_values[k], v[k]);
      if (walk && (by_values > 0 || (by_values == 0 && !t.key_less(t.row_key(last), t.row_key(r)))))
        say("index " + name + " is out of order at row " + shown);
      const bool has_null = std::any_of(v.begin(), v.end(), [](const Value& x) {
        return std::holds_alternative<std::monostate>(x);
      });
      if (by_values == 0 && !has_null) {
        std::string shown = "(";
        for (const Value& x : v) shown += (shown.size() > 1 ? ", " : "") + to_display(x);
        say("unique columns " + name + " hold " + shown + ") twice");
      }
    }
    last = r;
    last_values = std::move(v);
  }
  if (walk && order.size() != rows)
    say("index " + name + " holds " + std::to_string(order.size()) + " of " + std::to_string(rows) +
        " rows");
}

/// Foreign key `column`: every row with a key points at a row of the referenced table (unless
/// the reference is weak, constraints(false)); with
/// `walk`, every such row is in its parent's child list, and the lists hold exactly those
/// rows, each list in key order.
void check_foreign_key(const TableBase& t, std::size_t column, const std::vector<const void*>& rows,
                       const ChildLists* lists, std::vector<std::string>& problems) {
  const ColumnInfo& c = t.columns()[column];
  auto say = [&](std::string what) { problems.push_back(t.name() + ": " + std::move(what)); };
  std::size_t linked = 0;
  for (const void* r : rows) {
    const std::optional<std::int64_t> parent = t.key_value(r, column);
    if (!parent) continue;
    ++linked;
    const std::int64_t key = t.row_key(r);
    if (lists) {
      auto list = lists->find(*parent);
      auto pos = std::lower_bound(
          list.begin(), list.end(), key,
          [&](const void* x, std::int64_t k) { return t.key_less(t.row_key(x), k); });
      if (pos == list.end() || *pos != r)
        say("row " + key_text(t, r) + " is missing from the child list of " + c.name + " = " +
            to_display(c.get(r)));
    }
    if (c.enforced && !c.referenced->find_by(c.referenced_column, *parent))
      say("row " + key_text(t, r) + ": " + c.name + " = " + to_display(c.get(r)) +
          " references no row of " + c.references_table);
  }
  if (!lists) return;
  std::size_t listed = 0;
  lists->for_each([&](std::int64_t parent, std::span<const void* const> list,
                      std::span<const std::int64_t> keys) {
    listed += list.size();
    const std::string parent_text = code_text(t, column, parent);
    if (keys.size() != list.size())
      say("the child list of " + c.name + " = " + parent_text + " holds " +
          std::to_string(list.size()) + " rows and " + std::to_string(keys.size()) + " keys");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::optional<std::int64_t> v = t.key_value(list[k], column);
      const std::string shown = key_text(t, list[k]);
      if (!v || *v != parent)
        say("the child list of " + c.name + " = " + parent_text + " holds row " + shown +
            ", which has another parent");
      if (k < keys.size() && keys[k] != t.row_key(list[k]))
        say("the child list of " + c.name + " = " + parent_text + " keeps key " +
            t.key_text(keys[k]) + " for row " + shown);
      if (k && !t.key_less(t.row_key(list[k - 1]), t.row_key(list[k])))
        say("the child list of " + c.name + " = " + parent_text + " is out of key order at row " +
            shown);
    }
  });
  if (listed != linked)
    say("the child lists of " + c.name + " hold " + std::to_string(listed) + " entries for " +
        std::to_string(linked) + " rows with a key");
}

/// The primary key: every row in key order is the row the hash index finds for its key,
/// the order is strict, the auto-increment counter is past every key, and the two walks
/// hold the same number of rows.
void check_keys(const TableBase& t, const std::vector<const void*>& rows,
                std::vector<std::string>& problems) {
  auto say = [&](std::string what) { problems.push_back(t.name() + ": " + std::move(what)); };
  auto text = [&](const void* r) { return key_text(t, r); };
  const void* prev = nullptr;
  for (const void* r : rows) {
    const std::int64_t key = t.row_key(r);
    if (t.probe(key) != r)
      say("row " + text(r) + " is not reachable through the primary-key hash index");
    if (prev && !t.key_less(t.row_key(prev), key))
      say("primary-key order broken at row " + text(r));
    if (!t.key_dictionary() && !t.exhausted() && !t.key_less(key, t.next_id()))
      say("auto-increment counter " + to_display(t.key_as_value(t.next_id(), t.pk_column())) +
          " is not past row " + text(r));
    prev = r;
  }
  if (rows.size() != t.size())
    say("the hash index holds " + std::to_string(t.size()) + " rows, the key order " +
        std::to_string(rows.size()));
}

}  // namespace

void TableBase::check(std::vector<std::string>& problems) const {
  const std::vector<const void*> rows = rows_in_key_order(*this);
  check_keys(*this, rows, problems);
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const ColumnInfo& c = columns_[i];
    if ((c.unique || c.indexed) && !c.primary_key)
      check_index(*this, i, rows.size(), true, problems);
    if (c.unique_group == i) check_group(*this, i, rows.size(), true, problems);
    if (c.foreign_key) check_foreign_key(*this, i, rows, &children_[i], problems);
  }
}

void TableBase::load_check(std::vector<std::string>& problems) const {
  std::vector<const void*> rows;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const ColumnInfo& c = columns_[i];
    if (c.unique && !c.primary_key) check_index(*this, i, 0, false, problems);
    if (c.unique_group == i) check_group(*this, i, 0, false, problems);
    if (c.foreign_key) {
      if (rows.empty()) rows = rows_in_key_order(*this);
      check_foreign_key(*this, i, rows, nullptr, problems);
    }
  }
}

}  // namespace relata::detail
