// The planner: the access path of a query's root rows, chosen from the top-level conjuncts
// of `where` — primary key = / in, = on every column of a composite primary key, foreign key
// = (the child list of one parent), unique / indexed column = or range, else a scan. Every path
// yields rows in primary-key order. explain() prints the path and one line per include.
#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "executor.hpp"
#include "relata/error.hpp"

namespace relata::detail {

const TableBase& table_at(const Store& store, std::size_t slot) {
  const TableBase* t = store.table_at(slot);
  if (!t) throw SchemaError("schema error: a model used by the query is not defined");
  return *t;
}

namespace {

void conjuncts(const Predicate* p, std::vector<const Predicate*>& out) {
  if (!p) return;
  if (p->kind == Predicate::op::all) {
    for (const auto& c : p->children) conjuncts(c.get(), out);
  } else {
    out.push_back(p);
  }
}

bool is_range(Predicate::op k) {
  using op = Predicate::op;
  return k == op::gt || k == op::gte || k == op::lt || k == op::lte || k == op::between;
}

/// `v`, compared with key column `c`, as the column's own kind of Value (the encoding of a
/// composite key is per kind); nullopt when no value of the column can equal it.
std::optional<Value> key_part(const ColumnInfo& c, const Value& v) {
  if (c.kind == column_kind::string) {
    if (std::holds_alternative<std::string>(v)) return v;
  } else if (c.kind == column_kind::uint64) {
    if (const auto* u = std::get_if<std::uint64_t>(&v)) return *u;
    if (const auto* i = std::get_if<std::int64_t>(&v); i && *i >= 0)
      return static_cast<std::uint64_t>(*i);
  } else {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (const auto* u = std::get_if<std::uint64_t>(&v); u && std::in_range<std::int64_t>(*u))
      return static_cast<std::int64_t>(*u);
  }
  return std::nullopt;
}

}  // namespace

Plan plan(const TableBase& t, const Predicate* where) {
  std::vector<const Predicate*> cs;
  conjuncts(where, cs);
  using op = Predicate::op;
  Plan best;
  int best_rank = 0;  // higher is better
  for (const Predicate* c : cs) {
    if (c->kind != op::eq && c->kind != op::in && !is_range(c->kind)) continue;
    if (c->values.empty()) continue;
    const ColumnInfo& col = t.columns()[c->column];
    int rank = 0;
    Plan p{Plan::kind::scan, c};
    const bool key = col.primary_key && !t.composite_key();  // one column of a key finds no row
    if (key && c->kind == op::eq)
      rank = 5, p.how = Plan::kind::key;
    else if (key && c->kind == op::in)
      rank = 4, p.how = Plan::kind::key_list;
    else if (col.foreign_key && c->kind == op::eq)
      rank = 3, p.how = Plan::kind::foreign_key;
    else if ((col.unique || col.indexed) && c->kind == op::eq)
      rank = 3, p.how = Plan::kind::index;
    else if ((col.unique || col.indexed) && is_range(c->kind))
      rank = 2, p.how = Plan::kind::index;
    if (rank > best_rank) best_rank = rank, best = p;
  }
  if (t.composite_key()) {  // = on every key column: one lookup, as a single key's =
    Plan whole{Plan::kind::whole_key, nullptr, {}};
    for (const std::size_t k : t.pk_columns()) {
      const auto it = std::find_if(cs.begin(), cs.end(), [&](const Predicate* c) {
        return c->kind == op::eq && c->column == k && !c->values.empty();
      });
      if (it == cs.end()) return best;
      whole.parts.push_back(*it);
    }
    whole.leaf = whole.parts.front();
    return whole;
  }
  return best;
}

void candidates(const TableBase& t, const Plan& p, std::vector<const void*>& out) {
  using op = Predicate::op;
  switch (p.how) {
    case Plan::kind::key:
      if (auto k = t.value_key(p.leaf->column, p.leaf->values[0]))
        if (const void* r = t.find_row(*k)) out.push_back(r);
      return;
    case Plan::kind::key_list: {
      std::vector<std::int64_t> keys;
      for (const Value& v : p.leaf->values)
        if (auto k = t.value_key(p.leaf->column, v)) keys.push_back(*k);
      if (const KeyDictionary* d = t.key_dictionary())  // a text key: no row has `absent`
        std::erase_if(keys, [&](std::int64_t k) { return !d->holds(k); });
      std::sort(keys.begin(), keys.end(),
                [&](std::int64_t a, std::int64_t b) { return t.key_less(a, b); });
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      for (std::int64_t k : keys)
        if (const void* r = t.find_row(k)) out.push_back(r);
      return;
    }
    case Plan::kind::whole_key: {
      std::vector<Value> parts;
      for (const Predicate* c : p.parts) {
        auto v = key_part(t.columns()[c->column], c->values[0]);
        if (!v) return;  // no row's key holds it
        parts.push_back(std::move(*v));
      }
      if (const void* r = t.find_row(t.parts_key(parts))) out.push_back(r);
      return;
    }
    case Plan::kind::foreign_key:
      if (auto k = t.value_key(p.leaf->column, p.leaf->values[0])) {
        auto rows = t.children(p.leaf->column, *k);
        out.insert(out.end(), rows.begin(), rows.end());
      }
      return;
    case Plan::kind::index: {
      const auto& v = p.leaf->values;
      switch (p.leaf->kind) {
        case op::eq:
          t.index_range(p.leaf->column, v[0], false, v[0], false, out);
          return;
        case op::gt:
          t.index_range(p.leaf->column, v[0], true, Value{}, false, out);
          return;
        case op::gte:
          t.index_range(p.leaf->column, v[0], false, Value{}, false, out);
          return;
        case op::lt:
          t.index_range(p.leaf->column, Value{}, false, v[0], true, out);
          return;
        case op::lte:
          t.index_range(p.leaf->column, Value{}, false, v[0], false, out);
          return;
        default:
          t.index_range(p.leaf->column, v[0], false, v[1], false, out);
          return;
      }
    }
    case Plan::kind::scan:
      t.scan(out);
      return;
  }
}

namespace {

std::string plan_text(const TableBase& t, const Plan& p) {
  using op = Predicate::op;
  const std::string& name = p.leaf ? t.columns()[p.leaf->column].name : std::string();
  switch (p.how) {
    case Plan::kind::key:
      return t.name() + ": primary key " + name + " = ?";
    case Plan::kind::key_list:
      return t.name() + ": primary key " + name + " in (" + std::to_string(p.leaf->values.size()) +
             " values)";
    case Plan::kind::whole_key:
      return t.name() + ": primary key " + t.key_name() + " = ?";
    case Plan::kind::foreign_key:
      return t.name() + ": index " + name + " = ?";
    case Plan::kind::index:
      return t.name() + ": index " + name + (p.leaf->kind == op::eq ? " = ?" : " range");
    case Plan::kind::scan:
      break;
  }
  return t.name() + ": scan";
}

std::string key_access(const TableBase& t, std::size_t column) {
  return (column == t.pk_column() && !t.composite_key() ? "primary key " : "index ") +
         t.columns()[column].name;
}

void explain_includes(const Store& store, const std::vector<IncludeSpec>& includes, int depth,
                      std::ostringstream& out) {
  for (const IncludeSpec& inc : includes) {
    const AssociationRef& a = inc.assoc;
    const TableBase& target = table_at(store, a.target_slot);
    out << std::string(static_cast<std::size_t>(depth) * 2, ' ') << "include " << a.alias << " -> ";
    switch (a.kind) {
      case association_kind::has_many:
      case association_kind::has_one:
        out << target.name() << ": index " << target.columns()[a.fk_column].name << " per row";
        break;
      case association_kind::belongs_to:
        out << target.name() << ": " << key_access(target, a.target_key) << " per row";
        break;
      case association_kind::belongs_to_many: {
        const TableBase& join = table_at(store, a.through_slot);
        out << join.name() << ": index " << join.columns()[a.fk_column].name << " per row, then "
            << target.name() << ": " << key_access(target, a.target_key) << " per join row";
        break;
      }
    }
    out << (inc.is_required() ? " (required)" : "") << "\n";
    explain_includes(store, inc.query.includes, depth + 1, out);
  }
}

}  // namespace

std::string explain(const Store& store, std::size_t slot, const QuerySpec& spec, bool by_key) {
  const TableBase& t = table_at(store, slot);
  std::ostringstream out;
  if (by_key) {
    out << t.name() << ": primary key " << t.key_name() << " = ?";
  } else {
    out << plan_text(t, plan(t, spec.where.get()));
  }
  if (!spec.order.empty()) out << ", sorted";
  out << "\n";
  explain_includes(store, spec.includes, 1, out);
  return out.str();
}

}  // namespace relata::detail
