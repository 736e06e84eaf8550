// Internal: the erased half of JSON (json.cpp) — column values, rows and whole stores as
// Boost.JSON values, and relata's text form. relata/json.hpp is the public, typed half.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "relata/detail/store.hpp"

namespace relata {
namespace detail {
/// A column value as JSON (see json.hpp for the rules).
boost::json::value to_json(const Value& v);
/// Column `c` of `row` as JSON (a named enum as its name).
boost::json::value column_json(const ColumnInfo& c, const void* row);
/// `s` with every byte that starts no valid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view s);
/// A row as a JSON object, columns in declaration order.
boost::json::object row_to_json(const std::vector<ColumnInfo>& columns, const void* row);
/// Every table of `store`: table name to array of rows in key order.
boost::json::object store_json(const Store& store);
}  // namespace detail

/// Serialises a JSON value as compact text (one line) that any strict JSON parser accepts.
[[nodiscard]] std::string to_string(const boost::json::value& v);

}  // namespace relata
