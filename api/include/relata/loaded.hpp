// relata/loaded.hpp — prepared queries whose include tree is part of their type, and the
// typed results they give.
//
// Contract:
// - relata::prepare<T>(options...) builds a query once, like Query<T>. When every include
//   is plain at every depth (no where, order_by, limit, offset, required or scope under it;
//   no belongs_to_many; no association included twice at one level), the query is a
//   PreparedQuery<T, Plans...>: a Query<T> that also names its include plans in its type.
//   Otherwise it is a plain Query<T>. Either is accepted wherever a Query<T> is.
// - db.find_by_pk<T>(key, prepared) then returns a Loaded<T, Plans...>: the row and the rows
//   of each include held in compiled slots. get(a) is resolved at compile time (an
//   association the query did not include does not compile), and reading a loaded row is a
//   pointer dereference: no alias is compared and no type-erased tree is walked. What it
//   holds is what the Result<T> of the same query holds, in the same order, and to_json()
//   writes the same text.
// - Zero copy and lifetime as Result<T> (result.hpp): it points into the database's storage
//   (no row is copied; a has_many keeps its own copy of the row pointers) and stays valid
//   until a row it shows is updated or destroyed. It also reads the prepared query's
//   description (for to_json), so the query must outlive it; a temporary prepared query
//   gives an ordinary, self-contained Result<T> instead.
// - Threads: a Loaded is immutable; any number of threads may read it while nobody writes the
//   database.
#pragma once

#include <boost/container/small_vector.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>
#include <boost/mp11/set.hpp>
#include <cstddef>
#include <memory>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "relata/association.hpp"
#include "relata/detail/executor.hpp"
#include "relata/detail/recycling_allocator.hpp"
#include "relata/query.hpp"

namespace relata {

template <class T, class... Plans>
class LoadedRow;

namespace detail {

struct loaded_access;

/// What include plan Plan loads under one row: a LoadedRow of its target (empty when there
/// is none) for belongs_to / has_one, an array of them for has_many.
template <class Plan>
struct loaded_include;
template <association A, class... Nested>
struct loaded_include<include_plan<A, Nested...>> {
  using association = A;
  using row = LoadedRow<typename A::target, Nested...>;
  /// Rows held inline by a has_many before it allocates: 128 bytes' worth (an order's
  /// items, a post's comments), beyond which a thread's recycled block serves.
  static constexpr std::size_t inline_rows = sizeof(row) >= 128 ? 1 : 128 / sizeof(row);
  using type = std::conditional_t<
      A::plural, boost::container::small_vector<row, inline_rows, recycling_allocator<row>>, row>;
};

/// The index among Plans of the plan loading association A (sizeof...(Plans) when none).
template <class A, class... Plans>
inline constexpr std::size_t plan_index =
    boost::mp11::mp_find<boost::mp11::mp_list<typename loaded_include<Plans>::association...>,
                         A>::value;

/// Whether the include plans Plans can be held in types: each association at most once,
/// at this level and under each of them.
template <class... Plans>
struct typed_plans;
template <class... Plans>
inline constexpr bool typed_plans_v = typed_plans<Plans...>::value;
template <class... Plans>
struct typed_plans
    : std::bool_constant<boost::mp11::mp_is_set<boost::mp11::mp_list<
                             typename loaded_include<Plans>::association...>>::value &&
                         (typed_plans<Plans>::value && ...)> {};
template <association A, class... Nested>
struct typed_plans<include_plan<A, Nested...>> : std::bool_constant<typed_plans_v<Nested...>> {};
template <>
struct typed_plans<> : std::true_type {};

}  // namespace detail

/// One loaded row and what its includes loaded, held in compiled slots (see the contract
/// above). Empty (false) when the row is absent; dereferencing an empty one is undefined.
/// Made by Loaded; like a plain struct, `LoadedRow<...> r{}` is empty and `LoadedRow<...> r;`
/// is uninitialised (a has_many's rows are written over uninitialised ones, with no store
/// that the copy of its child pointers would overwrite).
template <class T, class... Plans>
class LoadedRow {
 public:
  [[nodiscard]] explicit operator bool() const noexcept { return row_ != nullptr; }  ///< found
  [[nodiscard]] const T& operator*() const noexcept { return *row_; }  ///< the stored row
  [[nodiscard]] const T* operator->() const noexcept { return row_; }  ///< the stored row
  [[nodiscard]] const T* row() const noexcept { return row_; }  ///< the stored row, or nullptr

  /// The rows include `a` loaded: a span of LoadedRow for has_many (key order), a LoadedRow
  /// (empty when there is none) for belongs_to / has_one. Found by a's type at compile time,
  /// so an association of the same type under another alias reads the same rows.
  template <association A>
  [[nodiscard]] decltype(auto) get(const A&) const noexcept {
    static_assert(std::is_same_v<typename A::source, T>,
                  "relata: this association starts from another model than the row's");
    constexpr std::size_t k = detail::plan_index<A, Plans...>;
    static_assert(
        k < sizeof...(Plans),
        "relata: get(a) of a prepared query's result: the query does not include this association");
    const auto& held = std::get<k>(includes_);
    if constexpr (A::plural)
      return std::span(held.data(), held.size());
    else
      return (held);
  }

 private:
  friend struct detail::loaded_access;
  const T* row_;  // no initialiser: a has_many's rows are copied over it (see LoadedRow)
  [[no_unique_address]] std::tuple<typename detail::loaded_include<Plans>::type...> includes_;
};

/// The result of find_by_pk with a PreparedQuery: one row (or none) and its includes, held
/// in their types. Reached like Result<T>: `*r` and `r->name` are the stored row, `r.get(a)`
/// what include `a` loaded. Not copyable (spans point into it); returned by value.
template <class T, class... Plans>
class Loaded {
 public:
  /// The result of the query `spec`, which `fill(*this)` loads (used by Database).
  template <class F>
  Loaded(const detail::Store& store, const detail::QuerySpec& spec, F&& fill)
      : store_(&store), spec_(&spec) {
    std::forward<F>(fill)(*this);
  }
  Loaded(const Loaded&) = delete;             ///< deleted on purpose: spans point into it
  Loaded& operator=(const Loaded&) = delete;  ///< deleted on purpose

  [[nodiscard]] explicit operator bool() const noexcept { return bool(root_); }  ///< found
  [[nodiscard]] const T& operator*() const noexcept { return *root_; }           ///< the stored row
  [[nodiscard]] const T* operator->() const noexcept { return root_.row(); }     ///< the row
  /// The loaded row with its includes (empty when nothing was found).
  [[nodiscard]] const LoadedRow<T, Plans...>& row() const noexcept { return root_; }
  /// The rows include `a` loaded, as LoadedRow::get.
  template <association A>
  [[nodiscard]] decltype(auto) get(const A& a) const noexcept {
    return root_.get(a);
  }
  /// The row as JSON (the same text as Result<T>::to_json of the same query), or null.
  [[nodiscard]] boost::json::value to_json() const;

 private:
  friend struct detail::loaded_access;
  LoadedRow<T, Plans...> root_{};
  const detail::Store* store_;
  const detail::QuerySpec* spec_;
  std::shared_ptr<const detail::QuerySpec> owned_;  // the query with scopes applied, if any
};

/// A Query<T> whose include plans Plans are part of its type: find_by_pk with it returns a
/// Loaded<T, Plans...>. Made by relata::prepare<T>(...).
template <class T, class... Plans>
class PreparedQuery : public Query<T> {
 public:
  /// Builds the query from options, as Query<T>.
  template <class... O>
  requires(!(std::is_base_of_v<Query<T>, std::remove_cvref_t<O>> || ...))  // not a copy
      explicit PreparedQuery(O&&... opts)
      : Query<T>(std::forward<O>(opts)...),
        plain_(detail::plain_key_query(*this->spec()) && !this->spec()->names_scope) {}

 private:
  friend struct detail::loaded_access;
  // A find by key needs only the compiled loaders (unless scopes exist): kept, not derived
  // from the description on each find, which would read three of its fields per call.
  bool plain_;
};

namespace detail {

/// Whether X is a PreparedQuery.
template <class X>
inline constexpr bool is_prepared_query = false;
template <class T, class... Plans>
inline constexpr bool is_prepared_query<PreparedQuery<T, Plans...>> = true;
/// Whether the options O of a finder of model T are one prepared query of T the caller
/// keeps (an lvalue): its typed result may read it. One of another model goes to the general
/// finder, whose Query<T> names the mistake.
template <class T, class... O>
inline constexpr bool kept_prepared_query =
    sizeof...(O) == 1 &&
    ((std::is_lvalue_reference_v<O> && is_prepared_query<std::remove_cvref_t<O>> &&
      std::is_base_of_v<Query<T>, std::remove_cvref_t<O>>)&&...);

/// PreparedQuery<T, Plans...> for options O when their includes can be typed, else Query<T>.
template <class T, class... O>
auto prepared_type() {
  if constexpr ((root_plain_option<O>::value && ...) &&
                !(std::is_same_v<O, include_all_t> || ...)) {
    using plans = nested_plans<O...>;
    if constexpr (boost::mp11::mp_apply<typed_plans, plans>::value)
      return std::type_identity<
          boost::mp11::mp_rename<boost::mp11::mp_push_front<plans, T>, PreparedQuery>>{};
    else
      return std::type_identity<Query<T>>{};
  } else {
    return std::type_identity<Query<T>>{};
  }
}

}  // namespace detail

/// A query on model T built once (as Query<T>): a PreparedQuery, whose find_by_pk results are
/// typed, when every include is plain; a Query<T> otherwise (see the contract above).
template <class T, class... O>
auto prepare(O&&... opts) {
  using Q = typename decltype(detail::prepared_type<T, std::remove_cvref_t<O>...>())::type;
  return Q(std::forward<O>(opts)...);
}

}  // namespace relata

#include "relata/detail/loaded_plan.hpp"  // the loaders, over the types above
