// relata/aggregate.hpp — grouped aggregates: Sequelize's `attributes` that are aggregates
// (`[fn("COUNT", col("id")), "n"]`) with `group`.
//
// Contract: Database::aggregate<T>(opts...) takes the options of find_all (where, required
// includes, paranoid) plus group_by(...) and relata::fn aggregates, and returns Groups: one
// row per distinct group key, in ascending key order (NULL first), or exactly one row when
// there is no group_by (as SQL without GROUP BY). Each row holds the group columns, then the
// aggregates, by name. NULLs are skipped by every aggregate but fn::count(); an aggregate over
// no values is NULL (a count is 0). A sum that overflows its type is a ValidationError.
//
//   auto g = db.aggregate<Product>(relata::group_by(&Product::categoryId),
//                                  relata::fn::count().as("n"),
//                                  relata::fn::sum(&Product::price).as("total"));
//   g[0]["n"], g.to_json()  // [{"categoryId":1,"n":2,"total":"34.49"}, ...]
#pragma once

#include <boost/json/array.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "relata/association.hpp"
#include "relata/decimal.hpp"
#include "relata/detail/query_refs.hpp"
#include "relata/detail/query_spec.hpp"
#include "relata/value.hpp"

namespace relata {

/// An aggregate over the rows of model T (void: any model, fn::count()).
template <class T>
struct aggregate_t {
  using model_type = T;        ///< the model whose column it reads
  detail::AggregateSpec spec;  ///< what the executor computes
  /// The same aggregate under `name` in the result (default: the function's name).
  [[nodiscard]] aggregate_t as(std::string_view name) const {
    aggregate_t out = *this;
    out.spec.name = name;
    return out;
  }
};

/// The aggregate functions (Sequelize's fn("COUNT" | "SUM" | ...)).
namespace fn {
namespace detail_fn {
template <class T, class U>
aggregate_t<T> make(relata::detail::AggregateSpec::fn kind, U T::*member, const char* name) {
  return {{kind, relata::detail::column_index(member), name}};
}
template <class U>
inline constexpr bool summable = relata::detail::summable_v<relata::detail::strip_optional_t<U>>;
}  // namespace detail_fn

/// The number of rows of each group (COUNT(*)).
inline aggregate_t<void> count() {
  return {{relata::detail::AggregateSpec::fn::count, std::nullopt, "count"}};
}
/// The number of non-NULL values of `member` (COUNT(col)).
template <class T, class U>
aggregate_t<T> count(U T::*member) {
  return detail_fn::make(relata::detail::AggregateSpec::fn::count, member, "count");
}
/// The number of distinct non-NULL values of `member` (COUNT(DISTINCT col)).
template <class T, class U>
aggregate_t<T> count_distinct(U T::*member) {
  return detail_fn::make(relata::detail::AggregateSpec::fn::count_distinct, member,
                         "count_distinct");
}
/// The sum of a numeric column: an integer, double or Decimal of the column's type.
template <class T, class U>
aggregate_t<T> sum(U T::*member) {
  static_assert(detail_fn::summable<U>, "relata: fn::sum and fn::avg need a numeric column");
  return detail_fn::make(relata::detail::AggregateSpec::fn::sum, member, "sum");
}
/// The smallest value of a column.
template <class T, class U>
aggregate_t<T> min(U T::*member) {
  return detail_fn::make(relata::detail::AggregateSpec::fn::min, member, "min");
}
/// The largest value of a column.
template <class T, class U>
aggregate_t<T> max(U T::*member) {
  return detail_fn::make(relata::detail::AggregateSpec::fn::max, member, "max");
}
/// The mean of a numeric column: a double, or for a Decimal column a Decimal of its scale
/// rounded half away from zero.
template <class T, class U>
aggregate_t<T> avg(U T::*member) {
  static_assert(detail_fn::summable<U>, "relata: fn::sum and fn::avg need a numeric column");
  return detail_fn::make(relata::detail::AggregateSpec::fn::avg, member, "avg");
}
}  // namespace fn

/// Option of Database::aggregate: the columns whose values make a group.
template <class T>
struct group_by_t {
  using model_type = T;                  ///< the query's model
  std::vector<detail::OrderTerm> terms;  ///< the group columns, in order
};
/// Groups by columns of the query's model.
template <class T, class... U>
group_by_t<T> group_by(U T::*... members) {
  static_assert(sizeof...(U) > 0, "relata: group_by needs at least one column");
  return {{detail::OrderTerm{{}, detail::column_index(members), false, {}}...}};
}
/// Groups by a column of the row a singular association (belongs_to / has_one) leads to;
/// the result names it "alias.column".
template <association A, class U>
group_by_t<typename A::source> group_by(const A& a, U A::target::*member) {
  static_assert(!A::plural, "relata: group_by an associated column needs a singular association");
  return {{detail::OrderTerm{
      {detail::make_ref(a)}, detail::column_index<typename A::target>(member), false, {}}}};
}

class Groups;
namespace detail {
/// Runs an aggregate query on the table of `slot` into `out` (aggregate.cpp).
void aggregate(const Store& store, std::size_t slot, const QuerySpec& spec, Groups& out);
}  // namespace detail

/// The result of Database::aggregate: one row per group (see the contract above).
class Groups {
 public:
  /// One group: its group columns, then its aggregates.
  class Group {
   public:
    /// The value named `name` (a group column or an aggregate); throws SchemaError when the
    /// query has no such name.
    [[nodiscard]] const Value& operator[](std::string_view name) const;
    /// The group's values, in the order of Groups::names().
    [[nodiscard]] const std::vector<Value>& values() const noexcept { return *values_; }

   private:
    friend class Groups;
    Group(const Groups* owner, const std::vector<Value>* values) : owner_(owner), values_(values) {}
    const Groups* owner_;
    const std::vector<Value>* values_;
  };

  /// The names of the columns: group columns ("categoryId", "category.name"), then the
  /// aggregates' names.
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }
  [[nodiscard]] std::size_t size() const noexcept { return rows_.size(); }  ///< groups
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }       ///< no group
  /// Group i (0 <= i < size()).
  [[nodiscard]] Group operator[](std::size_t i) const { return Group(this, &rows_[i]); }
  /// The groups as a JSON array of objects, names in order.
  [[nodiscard]] boost::json::array to_json() const;

 private:
  friend void detail::aggregate(const detail::Store&, std::size_t, const detail::QuerySpec&,
                                Groups&);
  std::vector<std::string> names_;
  std::vector<std::vector<Value>> rows_;
};

namespace detail {
template <class O>
inline constexpr bool is_aggregate_option = false;
template <class T>
inline constexpr bool is_aggregate_option<aggregate_t<T>> = true;
template <class T>
inline constexpr bool is_aggregate_option<group_by_t<T>> = true;
}  // namespace detail

}  // namespace relata
