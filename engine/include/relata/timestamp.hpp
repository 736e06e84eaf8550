// relata/timestamp.hpp — points in time for TIMESTAMP columns and the database clock.
//
// Contract: a Timestamp is a count of microseconds since 1970-01-01T00:00:00Z (UTC, no time
// zone, no leap seconds). Value type, O(1), thread-safe to read. Text form is ISO 8601 UTC
// with milliseconds ("2026-11-25T08:30:00.000Z"), or microseconds when they are not whole
// milliseconds.
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

  /// The timestamp `ms` milliseconds after the epoch.
  [[nodiscard]] static constexpr Timestamp from_unix_millis(std::int64_t ms) noexcept {
    return Timestamp{ms * 1000};
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
