// Internal: the snapshot file format (docs/snapshot-format.md) without any model type — the
// frame, the schema section and the rows as relata::Value. The database's save and load
// (snapshot.cpp) and the `relata` command are built on it; nothing here knows a Table<T>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "relata/schema.hpp"
#include "relata/value.hpp"

namespace relata::detail::snapshot {

inline constexpr std::size_t header_size = 48;
/// The version this build writes; it reads every version from 1 up to it.
inline constexpr std::uint32_t format_version = 2;

/// Column flags, as stored.
enum flag : std::uint8_t {
  nullable = 1,
  primary_key = 2,
  auto_increment = 4,
  unique = 8,
  indexed = 16,
  foreign_key = 32,
  created_at = 64,
  updated_at = 128,
};

/// The ON DELETE and ON UPDATE bytes of a weak reference: no action, never checked.
inline constexpr std::uint8_t unenforced = 3;

/// One column of a table's schema, as stored.
struct Column {
  std::string name;
  column_kind kind = column_kind::int64;
  std::uint8_t flags = 0;
  std::int32_t precision = 0, scale = 0;
  std::string references_table;         // foreign keys only
  std::uint32_t referenced_column = 0;  // foreign keys only
  action on_delete = action::restrict, on_update = action::restrict;
  bool enforced = true;  // foreign keys: false for a weak reference (constraints(false)),
                         // stored as the action byte `unenforced` in both action fields
  [[nodiscard]] bool has(flag f) const noexcept { return (flags & f) != 0; }
};

/// A composite unique constraint (unique("name")), as stored from format version 2.
struct UniqueGroup {
  std::string name;
  std::vector<std::uint32_t> columns;  // indices into the table's columns, in order
  friend bool operator==(const UniqueGroup&, const UniqueGroup&) = default;
};

/// The deleted_at field of a table that has no such column.
inline constexpr std::uint32_t no_column = 0xFFFFFFFF;

/// One table's schema and counts, as stored.
struct Table {
  std::string name;
  std::vector<Column> columns;
  std::uint32_t deleted_at = no_column;    // a paranoid model's deleted_at column (version 2)
  std::vector<UniqueGroup> unique_groups;  // composite unique constraints (version 2)
  std::int64_t next_id = 1;
  bool exhausted = false;
  std::uint64_t rows = 0;
  std::size_t pk = 0;  // index of the primary-key column (derived on read)
};

/// The frame's fields.
struct Header {
  std::uint32_t version = 0, flags = 0, archive_version = 0, tables = 0;
  std::uint64_t payload_length = 0, payload_checksum = 0, header_checksum = 0;
};

/// The SQL-like type of a stored column: "INTEGER", "DECIMAL(10,2)", ...
[[nodiscard]] std::string type_name(const Column& c);
/// The SQL name of an action: "RESTRICT", "CASCADE", "SET NULL".
[[nodiscard]] const char* action_name(action a) noexcept;

/// Writes a snapshot: the schema of every table first, then each table's rows in order.
class Writer {
 public:
  /// Starts a snapshot of `tables` (their row counts must be exact); `size_hint` is the
  /// expected size in bytes, reserved up front. `version` 1 writes the older schema
  /// section, without deleted_at columns and unique groups (for readers that predate 2).
  explicit Writer(std::vector<Table> tables, std::size_t size_hint = 0,
                  std::uint32_t version = format_version);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  /// Appends one value of column `c` of the current row (in schema order, tables in order).
  void value(const Column& c, const Value& v);
  /// Completes the frame and returns the whole file.
  [[nodiscard]] std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads a snapshot held in memory. The constructor checks the whole frame and the payload
/// checksum, then reads the schema; next() then yields the rows table by table. Every
/// failure is a SnapshotError naming the byte offset, and table and column where known.
class Reader {
 public:
  /// Checks `file` (which must outlive the reader) and reads its schema.
  explicit Reader(std::span<const char> file);
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  [[nodiscard]] const Header& header() const noexcept;
  [[nodiscard]] const std::vector<Table>& tables() const noexcept;
  /// The next row: sets `table` (an index into tables()) and `row` (values in schema
  /// order). False after the last row, when the payload has been read exactly.
  bool next(std::size_t& table, std::vector<Value>& row);
  /// The file offset of the next byte to read.
  [[nodiscard]] std::uint64_t offset() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads every row of `r` (which must be fresh) and returns one sentence per broken
/// constraint — duplicate primary keys, unique values or unique groups, foreign keys
/// pointing at no row — at most `limit` of them. `progress`, when given, is called with
/// the rows read so far.
[[nodiscard]] std::vector<std::string> verify(Reader& r, std::size_t limit,
                                              void (*progress)(std::uint64_t, void*) = nullptr,
                                              void* context = nullptr);

/// How many bytes of a file that starts with `head` are worth reading (at least
/// head.size()): with fewer than 48, the header; past a bad magic or header checksum,
/// nothing more (the Reader reports them); else the header, the payload it declares and one
/// byte more, so that trailing bytes are still seen. Lets a reader of a pipe or a device stop
/// early: /dev/zero is not read forever.
[[nodiscard]] std::uint64_t bytes_worth_reading(std::string_view head) noexcept;

}  // namespace relata::detail::snapshot
