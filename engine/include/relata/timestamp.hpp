// relata/timestamp.hpp — points in time for TIMESTAMP columns and the database clock.
//
// Contract: a Timestamp is a count of microseconds since 1970-01-01T00:00:00Z (UTC, no time
// zone, no leap seconds). Value type, O(1), thread-safe to read. Text form is ISO 8601 UTC
// with milliseconds ("2026-11-25T08:30:00.000Z"), or microseconds when they are not whole
// milliseconds.
//
// Supported range: 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999999Z, the years that
// ISO 8601 writes with four digits. parse() and from_unix_millis() refuse anything outside
// it, and a column refuses to store it (ValidationError, rule "timestamp_range"). to_string()
// is exact for every value a Timestamp can hold, writing years outside the range in ISO
// 8601's expanded form ("+292278-12-02T...", "-000001-...").
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace relata {

/// A UTC point in time with microsecond resolution.
struct Timestamp {
  std::int64_t micros = 0;  ///< microseconds since the Unix epoch, UTC

  /// The first supported microsecond, 0001-01-01T00:00:00.000000Z.
  static constexpr std::int64_t min_micros = -62'135'596'800'000'000;
  /// The last supported microsecond, 9999-12-31T23:59:59.999999Z.
  static constexpr std::int64_t max_micros = 253'402'300'799'999'999;

  /// The timestamp `ms` milliseconds after the epoch; throws ValidationError outside the
  /// supported range.
  [[nodiscard]] static Timestamp from_unix_millis(std::int64_t ms);
  /// True when the value lies in the supported range.
  [[nodiscard]] constexpr bool in_range() const noexcept {
    return micros >= min_micros && micros <= max_micros;
  }
  /// Parses "YYYY-MM-DDTHH:MM:SS[.fff[fff]]Z"; throws ValidationError when malformed.
  [[nodiscard]] static Timestamp parse(std::string_view iso8601);
  /// ISO 8601 UTC text, e.g. "2026-11-25T08:30:00.000Z".
  [[nodiscard]] std::string to_string() const;
  /// Chronological order.
  friend constexpr auto operator<=>(Timestamp, Timestamp) noexcept = default;
};

/// The source of created_at / updated_at values; a Database owns one and a program may replace it.
using Clock = std::function<Timestamp()>;

/// A clock reading the system's real time.
[[nodiscard]] Clock system_clock();

/// A clock that always answers `t` (for tests and replays).
[[nodiscard]] Clock fixed_clock(Timestamp t);

}  // namespace relata
