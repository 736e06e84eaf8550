// The compiled part of the Database façade.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "relata/detail/database_support.hpp"

#include <memory>

#include "relata/detail/printable.hpp"
#include "relata/detail/store.hpp"
#include "relata/error.hpp"

namespace relata::detail {

void throw_stale_range(std::string_view table, bool loaded) {
  if (loaded)
    throw Error(errc::misuse,
                "misuse: a db.get() range over " + std::string(table) +
                    " was used after a load or an assignment replaced the rows: ask for it "
                    "again");
  throw Error(errc::misuse, "misuse: a db.get() range over " + std::string(table) +
                                " was used after a write moved rows into or out of it: collect "
                                "the keys first, then write");
}

const void* upsert_target(const TableBase& table, const void* row) {
  const auto& cols = table.columns();
  const ColumnInfo& pk = cols[table.pk_column()];
  const std::int64_t key = table.row_key(row);
  if (!(pk.auto_increment && key == 0))  // a 0 on an auto_increment key asks for a new row
    if (const void* found = table.probe(key)) return found;
  std::vector<const void*> out;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (!cols[i].unique || cols[i].primary_key) continue;
    const Value v = cols[i].get(row);
    if (std::holds_alternative<std::monostate>(v)) continue;  // NULLs never collide
    table.index_range(i, v, false, v, false, out);
    if (!out.empty()) return out.front();
  }
  return table.unique_group_match(row);
}

const std::shared_ptr<const Predicate>* Scopes::find(std::size_t slot,
                                                     std::string_view name) const {
  for (const Entry& e : entries)
    if (e.slot == slot && e.name == name) return &e.where;
  return nullptr;
}

void Scopes::set(std::size_t slot, std::string_view table, std::string name,
                 std::shared_ptr<const Predicate> where) {
  for (Entry& e : entries) {
    if (e.slot != slot || e.name != name) continue;
    if (!name.empty())
      throw SchemaError("schema error: " + std::string(table) + " already has a scope named " +
                        to_printable(name));
    e.where = std::move(where);
    return;
  }
  entries.push_back({slot, std::move(name), std::move(where)});
}

namespace {

/// The condition the scope options of `q` (a query or an include on the model of `slot`)
/// give: the named scopes, else the default scope; null when none applies.
std::shared_ptr<const Predicate> scope_of(const Scopes& scopes, const Store& store,
                                          std::size_t slot, const QuerySpec& q) {
  if (q.unscoped) return nullptr;
  auto table_name = [&] {
    const TableBase* t = store.table_at(slot);
    return t ? t->name() : std::string("the model");
  };
  if (q.scopes.empty()) {
    const auto* d = scopes.find(slot, "");
    return d ? *d : nullptr;
  }
  auto all = std::make_shared<Predicate>();
  all->kind = Predicate::op::all;
  for (const std::string& name : q.scopes) {
    const auto* p = scopes.find(slot, name);
    if (!p)
      throw SchemaError("schema error: " + table_name() + " has no scope named " +
                        to_printable(name));
    all->children.push_back(*p);
  }
  return all;
}

/// Applies the scopes to the includes of `q`, recursively; true when one got a scope.
bool scope_includes(const Scopes& scopes, const Store& store, QuerySpec& q) {
  bool any = false;
  for (IncludeSpec& inc : q.includes) {
    if (auto p = scope_of(scopes, store, inc.assoc.target_slot, inc.query)) {
      inc.query.scope = std::move(p);
      any = true;
    }
    any = scope_includes(scopes, store, inc.query) || any;
  }
  return any;
}

/// Gives each step of the order_by and group_by paths of `q` and of its includes, recursively,
/// the default scope of the step's target model.
void scope_paths(const Scopes& scopes, QuerySpec& q) {
  auto fill = [&](std::vector<OrderTerm>& terms) {
    for (OrderTerm& t : terms) {
      t.path_scopes.clear();
      for (const AssociationRef& step : t.path) {
        const auto* d = scopes.find(step.target_slot, "");
        t.path_scopes.push_back(d ? *d : nullptr);
      }
    }
  };
  fill(q.order);
  fill(q.group);
  for (IncludeSpec& inc : q.includes) scope_paths(scopes, inc.query);
}

}  // namespace

std::shared_ptr<const QuerySpec> apply_scopes(const Scopes& scopes, const Store& store,
                                              std::size_t slot,
                                              std::shared_ptr<const QuerySpec> spec) {
  auto out = std::make_shared<QuerySpec>(*spec);
  if (auto root = scope_of(scopes, store, slot, *out)) {
    if (out->where) {
      auto both = std::make_shared<Predicate>();
      both->kind = Predicate::op::all;
      both->children = {std::move(root), out->where};
      out->where = std::move(both);
    } else {
      out->where = std::move(root);
    }
  }
  if (scope_includes(scopes, store, *out)) out->plan = nullptr;  // the general loader filters
  scope_paths(scopes, *out);
  return out;
}

}  // namespace relata::detail
