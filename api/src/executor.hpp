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
  enum class kind { key, key_list, foreign_key, index, scan } how = kind::scan;
  const Predicate* leaf = nullptr;
};

/// The cheapest access path the top-level conjuncts of `where` allow (see planner.cpp).
Plan plan(const TableBase& t, const Predicate* where);

/// Appends the rows access path `p` yields, in primary-key order.
void candidates(const TableBase& t, const Plan& p, std::vector<const void*>& out);

}  // namespace relata::detail
