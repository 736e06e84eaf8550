// Internal to the executor's files (planner.cpp, loader.cpp, json.cpp): the shared steps.
#pragma once

#include <optional>
#include <vector>

#include "relata/detail/executor.hpp"

namespace relata::detail {

/// The table of type slot `slot`; throws SchemaError when its model is not defined.
const TableBase& table_at(const Store& store, std::size_t slot);

/// The access path chosen for a query's root rows.
struct Plan {
  enum class kind { key, key_list, whole_key, foreign_key, index, scan } how = kind::scan;
  const Predicate* leaf = nullptr;
  /// whole_key: an `=` on each column of a composite primary key, in key-column order.
  std::vector<const Predicate*> parts;
};

/// The cheapest access path the top-level conjuncts of `where` allow (see planner.cpp).
Plan plan(const TableBase& t, const Predicate* where);

/// Appends the rows access path `p` yields, in primary-key order.
void candidates(const TableBase& t, const Plan& p, std::vector<const void*>& out);

/// The root rows of `spec` on `t`, filtered, ordered and kept by its required includes,
/// ignoring limit and offset (count and aggregate queries).
void matching_rows(const Store& store, const TableBase& t, const QuerySpec& spec,
                   std::vector<const void*>& rows);
/// The value `term` reads for `row` (a column of the row, or of the row a singular
/// association leads to; NULL when there is none).
Value term_value(const Store& store, const TableBase& t, const void* row, const OrderTerm& term);

}  // namespace relata::detail
