// Internal: what the Database façade calls in compiled code (api/src/database.cpp).
#pragma once

#include <string_view>

#include <concepts>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "relata/decimal.hpp"
#include "relata/detail/query_spec.hpp"
#include "relata/detail/table_base.hpp"

// The sentence of a mutator that cannot change the row (a static_assert message must be a
// literal, and both update() overloads give it).
#define RELATA_DETAIL_MUTATOR_BY_REFERENCE                                                     \
  "relata: an update's mutator takes the row by reference (T&): one taking a copy or a const " \
  "reference would change nothing"

namespace relata::detail {

/// Throws relata::Error (errc::misuse): a db.get() range over `table` was used after a
/// write moved rows into or out of it, or (`loaded`) after a load replaced the rows.
[[noreturn]] void throw_stale_range(std::string_view table, bool loaded);
/// The stored row upsert() overwrites for `row` of `table`: the row with its primary key
/// (unless 0 on an auto_increment key), else the first holding the value of one of its
/// unique columns; nullptr when none.
const void* upsert_target(const TableBase& table, const void* row);

/// What db.sum returns for a column holding V, widened as SQL's SUM is: a 64-bit integer of
/// V's signedness, a double, or an 18-digit Decimal of V's scale.
template <class V>
struct sum_of {
  using type = double;
};
template <std::integral V>
struct sum_of<V> {
  using type = std::conditional_t<std::is_signed_v<V>, std::int64_t, std::uint64_t>;
};
template <int P, int S>
struct sum_of<Decimal<P, S>> {
  using type = Decimal<18, S>;
};
template <class V>
using sum_t = typename sum_of<V>::type;
/// Throws the ValidationError of a sum named `name` ("sum", or an aggregate's alias) over
/// `column` of `table` whose total does not fit its type (aggregate.cpp).
[[noreturn]] void throw_sum_overflow(const TableBase& table, std::size_t column,
                                     std::string_view name);

/// The model scopes of a Database (Sequelize's defaultScope and addScope): per model, a
/// default condition and named ones.
struct Scopes {
  struct Entry {
    std::size_t slot;  // the model's type slot
    std::string name;  // empty: the default scope
    std::shared_ptr<const Predicate> where;
  };
  std::vector<Entry> entries;
  /// The scope `name` (empty: the default) of the model of `slot`, or nullptr.
  [[nodiscard]] const std::shared_ptr<const Predicate>* find(std::size_t slot,
                                                             std::string_view name) const;
  /// Sets (replaces) scope `name` of the model of `slot`; a named scope is defined once
  /// (SchemaError naming `table` otherwise).
  void set(std::size_t slot, std::string_view table, std::string name,
           std::shared_ptr<const Predicate> where);
};

class Store;
/// `spec` with the scopes applied: at the root, into `where`; under each include, into its
/// `scope` (and then no compiled plan); a new spec. Throws SchemaError for a scope("name")
/// the model does not have. Called only when there are scopes or the query names one (see
/// Database::spec_of, which skips it otherwise).
std::shared_ptr<const QuerySpec> apply_scopes(const Scopes& scopes, const Store& store,
                                              std::size_t slot,
                                              std::shared_ptr<const QuerySpec> spec);

}  // namespace relata::detail
