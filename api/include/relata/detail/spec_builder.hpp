// Internal: how query options become a QuerySpec — spec_builder applies each option of a
// Query or an include, set_attributes turns attributes() / exclude() into column lists,
// option_model names the model an option belongs to (for the static_asserts of query.hpp).
// Included by query.hpp right after the option types it reads.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace relata {

namespace detail {
template <class T>
void set_attributes(std::optional<std::vector<std::size_t>>& out, const attributes_t<T>& a) {
  std::vector<std::size_t> cols;
  for (std::size_t i = 0; i < model_info<T>::size; ++i) {
    bool listed = std::find(a.columns.begin(), a.columns.end(), i) != a.columns.end();
    if (listed != a.exclude) cols.push_back(i);
  }
  out = std::move(cols);
}

template <class T>
struct spec_builder {
  QuerySpec& spec;
  void operator()(const where_t<T>& w) {
    if (!spec.where) {
      spec.where = w.condition.node;
    } else {
      auto p = std::make_shared<Predicate>();
      p->kind = Predicate::op::all;
      p->children = {spec.where, w.condition.node};
      spec.where = std::move(p);
    }
  }
  void operator()(const order_by_t<T>& o) {
    spec.order.insert(spec.order.end(), o.terms.begin(), o.terms.end());
  }
  void operator()(limit_t l) { spec.limit = l.n; }
  void operator()(offset_t o) { spec.offset = o.n; }
  void operator()(paranoid_t p) { spec.with_deleted = !p.value; }
  void operator()(const scope_t& s) {
    spec.scopes.push_back(s.name);
    spec.names_scope = true;
  }
  void operator()(unscoped_t) { spec.unscoped = true; }
  void operator()(const group_by_t<T>& g) {
    spec.group.insert(spec.group.end(), g.terms.begin(), g.terms.end());
  }
  void operator()(const aggregate_t<T>& a) { spec.aggregates.push_back(a.spec); }
  void operator()(const aggregate_t<void>& a) { spec.aggregates.push_back(a.spec); }
  void operator()(const attributes_t<T>& a) { set_attributes(spec.attributes, a); }
  void operator()(const IncludeSpec& inc) {
    for (const IncludeSpec& other : spec.includes)
      if (other.assoc.alias == inc.assoc.alias)
        throw SchemaError("schema error: two includes of " + std::string(model_name<T>()) +
                          " use the alias " + inc.assoc.alias +
                          ": each association of a model needs its own alias");
    spec.names_scope = spec.names_scope || inc.query.names_scope;
    spec.includes.push_back(inc);
  }
};

template <class O>
struct option_model {
  using type = void;
};
template <class O>
requires requires {
  typename O::model_type;
}
struct option_model<O> {
  using type = typename O::model_type;
};
}  // namespace detail

}  // namespace relata
