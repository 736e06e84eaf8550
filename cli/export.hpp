// The relata command's shared pieces: values as text, the progress line, and the exports to
// SQLite (export_sqlite.cpp) and PostgreSQL (export_postgres.cpp). Values as JSON are the
// library's own (detail/json_values.hpp), so `dump --json` writes what to_json(db) writes.
#pragma once

#include <cstdint>
#include <string>

#include "relata/detail/snapshot_format.hpp"
#include "relata/value.hpp"

namespace relata_cli {

namespace snap = relata::detail::snapshot;

/// The table a foreign key `c` references (the reader checked it exists).
const snap::Table& referenced(const snap::Reader& r, const snap::Column& c);
/// A value as plain text for tables and COPY: strings unquoted, NULL as "NULL".
std::string to_text(const relata::Value& v);
/// A double-quoted SQL identifier.
std::string quoted(const std::string& name);
/// The columns of unique group `g` of `t` as "(a, b)", each name quoted() when `quote`.
std::string column_list(const snap::Table& t, const snap::UniqueGroup& g, bool quote = false);
/// The primary-key columns of `t` as a group (several for a composite primary key).
snap::UniqueGroup primary_key_of(const snap::Table& t);

/// A progress line on stderr while a long operation runs, shown only on a terminal.
class Progress {
 public:
  Progress(const char* label, std::uint64_t total);
  /// Shows `done` of the total (a callback for snapshot::verify).
  static void report(std::uint64_t done, void* self);
  /// Clears the line.
  void done();

 private:
  const char* label_;
  std::uint64_t total_;
  bool shown_;
};

/// Writes a new SQLite database at `out` with the snapshot's tables, keys and rows.
int export_sqlite(snap::Reader& r, const std::string& out);
/// Creates the snapshot's tables in the PostgreSQL database `conninfo` and copies the rows,
/// in one transaction.
int export_postgres(snap::Reader& r, const std::string& conninfo);

}  // namespace relata_cli
