// relata/value.hpp — a column value with its type erased, for errors, JSON and snapshots.
//
// Contract: Value is a plain std::variant; std::monostate is SQL NULL. Integers keep their
// signedness, DECIMAL keeps its exact units and scale. Thread-safe to read; copying a string
// value allocates.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "relata/timestamp.hpp"

namespace relata {

/// An exact DECIMAL value: `units` × 10^-scale.
struct DecimalValue {
  std::int64_t units = 0;  ///< the value in 10^-scale units
  int scale = 0;           ///< digits after the point
  friend bool operator==(const DecimalValue&, const DecimalValue&) = default;
};

/// A type-erased column value; std::monostate is NULL.
using Value = std::variant<std::monostate, std::int64_t, std::uint64_t, double, bool, std::string,
                           DecimalValue, Timestamp>;

/// The value as it appears in messages: NULL, 42, 9.99, true, 'text', 2026-11-25T00:00:00.000Z.
[[nodiscard]] std::string to_display(const Value& v);

/// Orders two values as indexes and order_by do: NULL first, then by value (values of
/// different kinds by kind); -1, 0 or 1.
[[nodiscard]] int compare_values(const Value& a, const Value& b) noexcept;

/// The kinds of column a model can declare, as recorded in schemas and snapshots.
enum class column_kind : std::uint8_t {
  int64 = 1,    ///< any signed integer member (its width is the struct's business)
  uint64,       ///< any unsigned integer member
  float64,      ///< double or float
  boolean,      ///< bool
  string,       ///< std::string (STRING / TEXT)
  decimal,      ///< relata::Decimal<P,S>
  timestamp,    ///< relata::Timestamp
  enumeration,  ///< an enum, stored as its underlying integer
};

/// The SQL-like name of a kind: "INTEGER", "DECIMAL", "TIMESTAMP", ...
[[nodiscard]] const char* kind_name(column_kind k) noexcept;

}  // namespace relata
