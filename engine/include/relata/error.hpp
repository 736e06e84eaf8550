// relata/error.hpp — the typed errors every relata operation throws.
//
// Contract: every error is a relata::Error, which is a std::system_error whose code belongs
// to relata::error_category(). what() is the full, human-readable message and names the
// table, column and offending value. An operation that throws leaves the database exactly
// as it was before the call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace relata {

/// Error codes of the relata error category.
enum class errc {
  validation = 1,          ///< a value failed a validator or a type limit
  unique_constraint,       ///< a unique column (or the primary key) already holds the value
  foreign_key_constraint,  ///< a key references no row, or a row is still referenced
  not_found,               ///< no row has the given primary key
  schema,                  ///< a model or table was used in a way its schema does not allow
  snapshot,                ///< a snapshot file is corrupt, truncated, foreign or unwritable
  key_exhausted,           ///< auto_increment has used the largest key its column holds
  misuse,  ///< an API used against its contract (a write from a callback, a stale range)
};

/// The category of relata's error codes; name() is "relata".
[[nodiscard]] const std::error_category& error_category() noexcept;

/// Makes an error_code of relata's category.
[[nodiscard]] std::error_code make_error_code(errc e) noexcept;

/// Base of all relata errors. Contract: what() is exactly the message given, without suffix.
class Error : public std::system_error {
 public:
  /// Builds an error with a code and the complete message.
  Error(errc code, std::string message);
  /// The complete message (names table, column and value where they apply).
  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string message_;
};

/// One failed field of a ValidationError, like an entry of Sequelize's `errors` array.
struct FieldError {
  std::string table;      ///< table name, empty for a value outside any table
  std::string column;     ///< column name, empty for a value outside any table
  std::string value;      ///< the offending value as text (strings quoted)
  std::string validator;  ///< validator name: "not_empty", "min", "max", "length", "decimal", ...
  std::string message;    ///< one sentence naming column, value and rule
  /// bulk_create: the failing record's position in the input (0-based); nullopt otherwise.
  std::optional<std::size_t> record;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

/// A value failed one or more validators; errors() lists every failed field.
class ValidationError : public Error {
 public:
  /// Builds the error from the failed fields (at least one); what() joins their messages.
  explicit ValidationError(std::vector<FieldError> errors);
  /// Every failed field, in column declaration order.
  [[nodiscard]] const std::vector<FieldError>& errors() const noexcept { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

/// A unique column or the primary key already holds the value being written.
class UniqueConstraintError : public Error {
 public:
  /// Builds the error for `table.column = value`.
  UniqueConstraintError(std::string table, std::string column, std::string value);
  [[nodiscard]] const std::string& table() const noexcept { return table_; }    ///< table name
  [[nodiscard]] const std::string& column() const noexcept { return column_; }  ///< column name
  [[nodiscard]] const std::string& value() const noexcept { return value_; }    ///< value as text

 private:
  std::string table_, column_, value_;
};

/// A foreign key names no existing row, or a row to delete or re-key is still referenced.
class ForeignKeyConstraintError : public Error {
 public:
  /// Builds the error; `message` is complete, the other fields identify the failing key.
  ForeignKeyConstraintError(std::string table, std::string column, std::string value,
                            std::string message);
  [[nodiscard]] const std::string& table() const noexcept { return table_; }    ///< table name
  [[nodiscard]] const std::string& column() const noexcept { return column_; }  ///< column name
  [[nodiscard]] const std::string& value() const noexcept { return value_; }    ///< value as text

 private:
  std::string table_, column_, value_;
};

/// No row of `table` has the primary key given.
class NotFoundError : public Error {
 public:
  /// Builds the error for a missing `table.key = value`.
  NotFoundError(std::string table, std::string key_column, std::string value);
  [[nodiscard]] const std::string& table() const noexcept { return table_; }  ///< table name

 private:
  std::string table_;
};

/// A model or table was used in a way its schema does not allow (not defined, defined twice).
class SchemaError : public Error {
 public:
  /// Builds the error with its complete message.
  explicit SchemaError(std::string message) : Error(errc::schema, std::move(message)) {}
};

/// A snapshot could not be saved or loaded: the file is damaged, truncated, foreign, from a
/// newer format, does not fit the program's models, or could not be written. The database
/// (and, for a save, the old file) is exactly as it was.
class SnapshotError : public Error {
 public:
  /// Builds the error; `offset` is the byte offset in the snapshot where the problem was
  /// found (or npos), `table` and `column` name where it lies when known.
  SnapshotError(std::string message, std::uint64_t offset = npos, std::string table = {},
                std::string column = {})
      : Error(errc::snapshot, std::move(message)),
        offset_(offset),
        table_(std::move(table)),
        column_(std::move(column)) {}
  static constexpr std::uint64_t npos = ~std::uint64_t{0};                 ///< no offset applies
  [[nodiscard]] std::uint64_t offset() const noexcept { return offset_; }  ///< byte offset, or npos
  [[nodiscard]] const std::string& table() const noexcept { return table_; }  ///< table, or empty
  [[nodiscard]] const std::string& column() const noexcept {
    return column_;
  }  ///< column, or empty

 private:
  std::uint64_t offset_;
  std::string table_, column_;
};

}  // namespace relata

template <>
struct std::is_error_code_enum<relata::errc> : std::true_type {};
