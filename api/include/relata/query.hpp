// relata/query.hpp — where / order_by / limit / offset / attributes / include.
//
// Contract: these build query descriptions; nothing runs until a Database finder is called.
// Every piece is typed by the model it applies to, and a piece applied to the wrong model
// does not compile. Descriptions are immutable once built and may be shared across threads;
// a relata::Query<T> built once can be run many times (like a prepared statement).
//
//   db.find_all<Product>(
//       relata::where(relata::col<&Product::price> > Money("10") &&
//                     relata::col<&Product::name>.like("Ham%")),
//       relata::order_by(relata::desc(&Product::price), relata::asc(category, &Category::name)),
//       relata::limit(10),
//       relata::include(category, relata::attributes(&Category::id, &Category::name)));
//
// Semantics (SQL's three-valued logic): a comparison with NULL is unknown, and so is its
// negation (!(col == 3) does not match a NULL); && is false when either side is false, ||
// true when either side is true, and a row matches only when the whole where is true.
// in() of an empty list matches nothing and not_in() of an empty list matches everything
// (NULLs included); like() is case-sensitive with % and _ wildcards. NaN is not a value: a
// double operand that is NaN throws ValidationError (rule "not_nan") when the condition is
// built, as storing one does. An include with a where is required (inner join) unless
// required(false) says otherwise; a required include that finds nothing drops its parent row only.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "relata/aggregate.hpp"
#include "relata/association.hpp"
#include "relata/detail/query_refs.hpp"
#include "relata/detail/query_spec.hpp"
#include "relata/detail/store.hpp"

namespace relata {

/// A boolean condition on rows of model T; combine with &&, || and !.
template <class T>
struct Condition {
  using model_type = T;
  std::shared_ptr<const detail::Predicate> node;  ///< the erased predicate tree

  /// Both conditions hold.
  friend Condition operator&&(const Condition& a, const Condition& b) {
    return combine(detail::Predicate::op::all, {a.node, b.node});
  }
  /// Either condition holds.
  friend Condition operator||(const Condition& a, const Condition& b) {
    return combine(detail::Predicate::op::any, {a.node, b.node});
  }
  /// The condition does not hold (NOT unknown is unknown: a NULL still does not match).
  friend Condition operator!(const Condition& a) {
    return combine(detail::Predicate::op::negate, {a.node});
  }

 private:
  static Condition combine(detail::Predicate::op k,
                           std::vector<std::shared_ptr<const detail::Predicate>> children) {
    auto p = std::make_shared<detail::Predicate>();
    p->kind = k;
    p->children = std::move(children);
    return {std::move(p)};
  }
};

/// A typed reference to the column of member M, the left side of a condition.
template <auto M>
struct col_t {
  using model_type = detail::member_owner_t<M>;
  using value_type = typename detail::member_traits<decltype(M)>::value_type;
  using base_type = detail::strip_optional_t<value_type>;
  using op = detail::Predicate::op;
  static constexpr std::size_t index = detail::model_info<model_type>::template index_of<M>;
  static_assert(index < detail::model_info<model_type>::size,
                "relata: col<&T::member> names a member that is not a declared column");

  template <class V>
  Condition<model_type> operator==(const V& v) const {
    return compare(op::eq, v);
  }  ///< =
  template <class V>
  Condition<model_type> operator!=(const V& v) const {
    return compare(op::ne, v);
  }  ///< <>
  template <class V>
  Condition<model_type> operator<(const V& v) const {
    return compare(op::lt, v);
  }  ///< <
  template <class V>
  Condition<model_type> operator<=(const V& v) const {
    return compare(op::lte, v);
  }  ///< <=
  template <class V>
  Condition<model_type> operator>(const V& v) const {
    return compare(op::gt, v);
  }  ///< >
  template <class V>
  Condition<model_type> operator>=(const V& v) const {
    return compare(op::gte, v);
  }  ///< >=

  /// The value is one of `values` (an empty list matches nothing).
  template <class V = base_type>
  Condition<model_type> in(std::initializer_list<V> values) const {
    return in(std::vector<V>(values));
  }
  /// The value is one of `values` (an empty list matches nothing).
  template <class V>
  Condition<model_type> in(const std::vector<V>& values) const {
    return set_test(op::in, values);
  }
  /// The value is none of `values` (an empty list matches every row, NULLs included).
  template <class V = base_type>
  Condition<model_type> not_in(std::initializer_list<V> values) const {
    return not_in(std::vector<V>(values));
  }
  /// The value is none of `values` (an empty list matches every row, NULLs included).
  template <class V>
  Condition<model_type> not_in(const std::vector<V>& values) const {
    return set_test(op::not_in, values);
  }
  /// lo <= value <= hi.
  template <class V>
  Condition<model_type> between(const V& lo, const V& hi) const {
    base_type a = operand(lo), b = operand(hi);
    return leaf(op::between, {to_value(a), to_value(b)},
                [a, b](const base_type& v) { return !(v < a) && !(b < v); });
  }
  /// SQL LIKE on a string column: % any run, _ one character; case-sensitive.
  Condition<model_type> like(std::string pattern) const {
    static_assert(std::is_same_v<base_type, std::string>, "relata: like() needs a string column");
    return leaf(op::like, {Value{pattern}},
                [p = pattern](const std::string& v) { return detail::like_match(v, p); });
  }
  /// The value is NULL.
  Condition<model_type> is_null() const { return null_test(op::is_null, true); }
  /// The value is not NULL.
  Condition<model_type> is_not_null() const { return null_test(op::is_not_null, false); }

 private:
  static Value to_value(const base_type& v) { return detail::column_type<base_type>::to_value(v); }

  /// An operand as the column's type; NaN is refused as it is in storage.
  template <class V>
  static base_type operand(const V& v) {
    static_assert(detail::operand_for<base_type, V>,
                  "relata: a where compares a column with a value of another type (a string "
                  "column with a string, an integer column with an integer, a bool with true "
                  "or false, a double with a number, a Decimal with a Decimal, an integer or "
                  "a string such as \"9.99\")");
    if constexpr (std::is_integral_v<base_type> && std::is_integral_v<V>) {
      if (!detail::integer_fits<base_type>(v)) {  // converted, it would wrap to another value
        const std::string table(model<model_type>::table),
            column(std::get<index>(model<model_type>::columns).name);
        throw ValidationError({FieldError{table, column, std::to_string(v), "type_range",
                                          "where: " + table + "." + column + " compared with " +
                                              std::to_string(v) + ", which its type cannot hold",
                                          std::nullopt}});
      }
    }
    base_type b = detail::to_column_value<base_type>(v);
    if constexpr (std::is_floating_point_v<base_type>) {
      if (b != b) {
        const std::string table(model<model_type>::table),
            column(std::get<index>(model<model_type>::columns).name);
        throw ValidationError(
            {FieldError{table, column, "NaN", "not_nan",
                        "where: " + table + "." + column + " compared with NaN: NaN is not a value",
                        std::nullopt}});
      }
    }
    return b;
  }

  template <class F>
  static Condition<model_type> leaf(op k, std::vector<Value> values, F test) {
    auto p = std::make_shared<detail::Predicate>();
    p->kind = k;
    p->column = index;
    p->values = std::move(values);
    p->test = [test = std::move(test)](const void* row) {
      const auto* v = detail::value_ptr(static_cast<const model_type*>(row)->*M);
      if (!v) return detail::truth::unknown;
      return test(*v) ? detail::truth::yes : detail::truth::no;
    };
    return {std::move(p)};
  }
  template <class V>
  static Condition<model_type> compare(op k, const V& rhs) {
    base_type b = operand(rhs);
    Value shown = to_value(b);
    switch (k) {
      case op::eq:
        return leaf(k, {shown}, [b](const base_type& v) { return v == b; });
      case op::ne:
        return leaf(k, {shown}, [b](const base_type& v) { return !(v == b); });
      case op::lt:
        return leaf(k, {shown}, [b](const base_type& v) { return v < b; });
      case op::lte:
        return leaf(k, {shown}, [b](const base_type& v) { return !(b < v); });
      case op::gt:
        return leaf(k, {shown}, [b](const base_type& v) { return b < v; });
      default:
        return leaf(k, {shown}, [b](const base_type& v) { return !(v < b); });
    }
  }
  template <class V>
  static Condition<model_type> set_test(op k, const std::vector<V>& values) {
    std::vector<base_type> list;
    std::vector<Value> shown;
    for (const V& v : values) {
      list.push_back(operand(v));
      shown.push_back(to_value(list.back()));
    }
    const bool negate = k == op::not_in;
    if (negate && list.empty()) {  // matches every row, NULLs included
      auto p = std::make_shared<detail::Predicate>();
      p->kind = k;
      p->column = index;
      p->test = [](const void*) { return detail::truth::yes; };
      return {std::move(p)};
    }
    return leaf(k, std::move(shown), [list = std::move(list), negate](const base_type& v) {
      bool found = false;
      for (const base_type& x : list) found = found || x == v;
      return found != negate;
    });
  }
  static Condition<model_type> null_test(op k, bool want_null) {
    auto p = std::make_shared<detail::Predicate>();
    p->kind = k;
    p->column = index;
    p->test = [want_null](const void* row) {
      const bool null = detail::value_ptr(static_cast<const model_type*>(row)->*M) == nullptr;
      return null == want_null ? detail::truth::yes : detail::truth::no;
    };
    return {std::move(p)};
  }
};

/// The column of member M in conditions: `relata::col<&Product::price> > Money("10")`.
template <auto M>
inline constexpr col_t<M> col{};

/// Option: only rows satisfying `c`.
template <class T>
struct where_t {
  using model_type = T;
  Condition<T> condition;
};
namespace detail {
template <class X>
inline constexpr bool is_where_v = false;
template <class T>
inline constexpr bool is_where_v<where_t<T>> = true;
}  // namespace detail
/// Only rows satisfying the condition (Sequelize's `where`).
template <class T>
where_t<T> where(Condition<T> c) {
  return {std::move(c)};
}

/// One ordering term for rows of model T.
template <class T>
struct order_term_t {
  using model_type = T;
  detail::OrderTerm term;
};
/// Ascending by member M.
template <class T, class U>
order_term_t<T> asc(U T::*member) {
  return {{{}, detail::column_index(member), false, {}}};
}
/// Descending by member M.
template <class T, class U>
order_term_t<T> desc(U T::*member) {
  return {{{}, detail::column_index(member), true, {}}};
}
/// Ascending by a column of the row a singular association (belongs_to / has_one) leads to.
template <association A, class U>
order_term_t<typename A::source> asc(const A& a, U A::target::*member) {
  static_assert(!A::plural, "relata: order by an included column needs a singular association");
  return {{{detail::make_ref(a)}, detail::column_index<typename A::target>(member), false, {}}};
}
/// Descending by a column of the row a singular association leads to.
template <association A, class U>
order_term_t<typename A::source> desc(const A& a, U A::target::*member) {
  static_assert(!A::plural, "relata: order by an included column needs a singular association");
  return {{{detail::make_ref(a)}, detail::column_index<typename A::target>(member), true, {}}};
}

/// Option: the order of rows (primary-key order breaks ties, and is the default).
template <class T>
struct order_by_t {
  using model_type = T;
  std::vector<detail::OrderTerm> terms;
};
/// Orders by the terms, first term first.
template <class T, class... More>
order_by_t<T> order_by(order_term_t<T> first, order_term_t<More>... more) {
  static_assert((std::is_same_v<T, More> && ...), "relata: order_by terms of different models");
  return {{std::move(first.term), std::move(more.term)...}};
}

/// Option: at most n root rows (never cuts an included has_many short).
struct limit_t {
  std::size_t n;
};
/// At most n rows.
constexpr limit_t limit(std::size_t n) noexcept {
  return {n};
}
/// Option: skip the first n root rows.
struct offset_t {
  std::size_t n;
};
/// Skips the first n rows.
constexpr offset_t offset(std::size_t n) noexcept {
  return {n};
}
/// Option: paranoid(false) finds the soft-deleted rows of a paranoid model too (on a
/// query, its root rows; on an include, that include's rows and join rows).
struct paranoid_t {
  bool value;
};
/// paranoid(true) is the default: soft-deleted rows are skipped.
constexpr paranoid_t paranoid(bool value) noexcept {
  return {value};
}
/// Option: apply the model's scope `name` (Database::add_scope) instead of its default
/// scope; several scope() options apply them all (Sequelize's Model.scope("a", "b")).
struct scope_t {
  std::string name;
};
/// See scope_t.
inline scope_t scope(std::string name) {
  return {std::move(name)};
}
/// Option: apply no scope of the model, default or named (Sequelize's unscoped()).
struct unscoped_t {};
/// See unscoped_t.
constexpr unscoped_t unscoped() noexcept {
  return {};
}
/// Option on an include: required(true) drops parents without a match (inner join),
/// required(false) keeps them (outer join).
struct required_t {
  bool value;
};
/// Sets an include's join kind explicitly.
constexpr required_t required(bool value = true) noexcept {
  return {value};
}

/// Option: the columns shown (JSON); the C++ row stays whole (zero copy).
template <class T>
struct attributes_t {
  using model_type = T;
  std::vector<std::size_t> columns;
  bool exclude = false;
};
/// Shows only these columns, in declaration order.
template <class T, class... U>
attributes_t<T> attributes(U T::*... members) {
  return {{detail::column_index(members)...}, false};
}
/// Shows every column but these.
template <class T, class... U>
attributes_t<T> exclude(U T::*... members) {
  return {{detail::column_index(members)...}, true};
}

/// Option of a belongs_to_many include: the join model's attributes and condition.
template <class J>
struct through_t {
  using join_model = J;
  std::optional<std::vector<std::size_t>> attributes;
  std::shared_ptr<const detail::Predicate> where;
};

}  // namespace relata

#include "relata/detail/spec_builder.hpp"  // builds on the option types above

namespace relata {

/// An include: load association A's rows under each row, with their own options. Plan is
/// the include's compiled loader (detail/include_plan.hpp), void when it has none.
template <class Source, class Plan = void>
struct include_t {
  using source_model = Source;
  detail::IncludeSpec spec;
};

}  // namespace relata

#include "relata/detail/include_plan.hpp"  // builds on attributes_t and include_t

namespace relata {

/// The join model's attributes (and, as where(), a condition) for a belongs_to_many include.
template <class J, class... O>
through_t<J> through(O&&... opts) {
  through_t<J> t;
  (
      [&](const auto& o) {
        using X = std::remove_cvref_t<decltype(o)>;
        if constexpr (requires { o.condition; })
          t.where = o.condition.node;
        else
          detail::set_attributes(t.attributes, o);
        static_assert(std::is_same_v<typename X::model_type, J>,
                      "relata: a through() option names another model than the join model");
      }(opts),
      ...);
  return t;
}

/// Eager-loads association `a` under each row, nested options apply to its target model:
/// where, order_by, limit / offset (per parent), attributes, required, nested includes, and
/// for belongs_to_many, through<Join>(attributes(...), where(...)).
template <association A, class... O>
auto include(const A& a, O&&... opts) {
  using target = typename A::target;
  include_t<typename A::source,
            typename detail::plan_of_include<A, std::remove_cvref_t<O>...>::type>
      inc;
  inc.spec.assoc = detail::make_ref(a);
  detail::spec_builder<target> build{inc.spec.query};
  (void)build;  // unused when there are no options
  (
      [&](auto&& o) {
        using X = std::remove_cvref_t<decltype(o)>;
        if constexpr (std::is_same_v<X, required_t>) {
          inc.spec.required = o.value;
        } else if constexpr (requires { typename X::join_model; }) {
          static_assert(std::is_same_v<typename X::join_model, typename A::through>,
                        "relata: through<J>() needs the association's join model");
          inc.spec.through_attributes = o.attributes;
          inc.spec.through_where = o.where;
        } else if constexpr (detail::is_aggregate_option<X>) {
          static_assert(!detail::is_aggregate_option<X>,
                        "relata: group_by and fn:: aggregates are options of "
                        "db.aggregate<T>(...), not of an include");
        } else if constexpr (requires { typename X::source_model; }) {
          static_assert(std::is_same_v<typename X::source_model, target>,
                        "relata: a nested include's association starts from another model");
          build(o.spec);
        } else {
          using M = typename detail::option_model<X>::type;
          static_assert(std::is_void_v<M> || std::is_same_v<M, target>,
                        "relata: an include option names a column of another model than the "
                        "association's target");
          build(o);
        }
      }(std::forward<O>(opts)),
      ...);
  return inc;
}

/// Option: include every association relata::associations<T>::all lists, one level, plain
/// (Sequelize's include: { all: true }); an association also included explicitly keeps its
/// explicit options.
struct include_all_t {};
/// See include_all_t.
constexpr include_all_t include_all() noexcept {
  return {};
}

/// A query on model T, built once and run any number of times (see Database finders).
template <class T>
class Query {
 public:
  /// The model the query reads.
  using queried_model = T;
  /// Builds the query from options (where, order_by, limit, offset, attributes, include).
  template <class... O>
  requires(!(std::is_base_of_v<Query, std::remove_cvref_t<O>> || ...))  // not a copy
      explicit Query(O&&... opts) {
    auto spec = std::make_shared<detail::QuerySpec>();
    detail::spec_builder<T> build{*spec};
    (void)build;  // unused when there are no options
    bool all = false;
    (
        [&](auto&& o) {
          using X = std::remove_cvref_t<decltype(o)>;
          if constexpr (std::is_same_v<X, include_all_t>) {
            all = true;
          } else if constexpr (requires { typename X::queried_model; }) {
            // A query of T itself was taken as it is (Database::spec_of); this one reads
            // another model.
            static_assert(std::is_same_v<typename X::queried_model, T>,
                          "relata: a finder of model T takes a Query<T> (or a prepared query) "
                          "of the same model");
          } else if constexpr (requires { typename X::source_model; }) {
            static_assert(std::is_same_v<typename X::source_model, T>,
                          "relata: an include's association starts from another model than "
                          "the query's");
            build(o.spec);
          } else {
            using M = typename detail::option_model<X>::type;
            static_assert(std::is_void_v<M> || std::is_same_v<M, T>,
                          "relata: a query option names a column of another model than the "
                          "query's");
            build(o);
          }
        }(std::forward<O>(opts)),
        ...);
    if constexpr ((std::is_same_v<std::remove_cvref_t<O>, include_all_t> || ...)) {
      if (all) include_every(*spec);
    } else {
      spec->plan = detail::plan_of_query<std::remove_cvref_t<O>...>();
    }
    spec_ = std::move(spec);
  }
  /// The erased description (shared, immutable).
  [[nodiscard]] const std::shared_ptr<const detail::QuerySpec>& spec() const noexcept {
    return spec_;
  }

 private:
  /// include_all(): adds a plain include of each association of T not included yet.
  static void include_every(detail::QuerySpec& spec) {
    static_assert(
        requires { associations<T>::all; },
        "relata: include_all() needs relata::associations<T> with `static constexpr "
        "auto all = std::tuple{...}` listing the model's associations");
    std::apply(
        [&](const auto&... a) {
          (
              [&](const auto& assoc) {
                static_assert(
                    std::is_same_v<typename std::remove_cvref_t<decltype(assoc)>::source, T>,
                    "relata: relata::associations<T>::all lists an association that "
                    "starts from another model");
                for (const detail::IncludeSpec& inc : spec.includes)
                  if (inc.assoc.alias == assoc.as) return;  // included explicitly
                spec.includes.push_back(include(assoc).spec);
              }(a),
              ...);
        },
        associations<T>::all);
  }
  std::shared_ptr<const detail::QuerySpec> spec_;
};

}  // namespace relata
