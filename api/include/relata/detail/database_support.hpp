// Internal: what the Database façade calls in compiled code (api/src/database.cpp).
#pragma once

#include <string_view>

#include "relata/detail/table_base.hpp"

namespace relata::detail {

/// Throws relata::Error (errc::misuse): a db.get() range over `table` was used after a
/// write moved rows into or out of it.
[[noreturn]] void throw_stale_range(std::string_view table);
/// The stored row upsert() overwrites for `row` of `table`: the row with its primary key
/// (unless 0 on an auto_increment key), else the first holding the value of one of its
/// unique columns; nullptr when none.
const void* upsert_target(const TableBase& table, const void* row);

}  // namespace relata::detail
