// Internal: what the Database façade calls in compiled code (api/src/database.cpp).
#pragma once

#include <string_view>

#include <memory>
#include <string>
#include <vector>

#include "relata/detail/query_spec.hpp"
#include "relata/detail/table_base.hpp"

// The sentence of a mutator that cannot change the row (a static_assert message must be a
// literal, and both update() overloads give it).
#define RELATA_DETAIL_MUTATOR_BY_REFERENCE                                                     \
  "relata: an update's mutator takes the row by reference (T&): one taking a copy or a const " \
  "reference would change nothing"

namespace relata::detail {

/// Throws relata::Error (errc::misuse): a db.get() range over `table` was used after a
/// write moved rows into or out of it.
[[noreturn]] void throw_stale_range(std::string_view table);
/// The stored row upsert() overwrites for `row` of `table`: the row with its primary key
/// (unless 0 on an auto_increment key), else the first holding the value of one of its
/// unique columns; nullptr when none.
const void* upsert_target(const TableBase& table, const void* row);

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
