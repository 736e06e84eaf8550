// relata/json.hpp — rows and whole databases as JSON (Boost.JSON values).
//
// Contract: a row is an object with its columns in declaration order; DECIMAL is an exact
// string ("9.99"), TIMESTAMP an ISO 8601 UTC string, NULL is null, a double that is not
// finite is null, an enum with relata::enum_names is its name. Strings that are not valid
// UTF-8 get U+FFFD for each invalid byte. to_string() writes text that any strict JSON
// parser accepts, doubles in their shortest round-trip form ("1.5", as JavaScript). The functions
// build new values and do not retain anything; thread-safe as readers of the database.
#pragma once

#include <boost/json/value.hpp>

#include "relata/database.hpp"
#include "relata/detail/json_values.hpp"

namespace relata {

/// The row as a JSON object, columns in declaration order.
template <class T>
[[nodiscard]] boost::json::object to_json(const T& row) {
  return detail::row_to_json(detail::static_columns<T>(), &row);
}

/// The whole database: an object of table name to array of rows in key order, tables in
/// definition order.
[[nodiscard]] inline boost::json::object to_json(const Database& db) {
  return detail::store_json(db.store());
}

}  // namespace relata
