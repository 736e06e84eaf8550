#include "relata/error.hpp"

namespace relata {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "relata"; }
  std::string message(int code) const override {
    switch (static_cast<errc>(code)) {
      case errc::validation:
        return "validation error";
      case errc::unique_constraint:
        return "unique constraint error";
      case errc::foreign_key_constraint:
        return "foreign key constraint error";
      case errc::not_found:
        return "not found";
      case errc::schema:
        return "schema error";
      case errc::snapshot:
        return "snapshot error";
      case errc::key_exhausted:
        return "auto_increment exhausted";
      case errc::misuse:
        return "misuse";
    }
    return "unknown relata error";
  }
};

std::string join_messages(const std::vector<FieldError>& errors) {
  std::string out = "validation failed: ";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i) out += "; ";
    out += errors[i].message;
  }
  return out;
}

}  // namespace

const std::error_category& error_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}

Error::Error(errc code, std::string message)
    : std::system_error(make_error_code(code)), message_(std::move(message)) {}

ValidationError::ValidationError(std::vector<FieldError> errors)
    : Error(errc::validation, join_messages(errors)), errors_(std::move(errors)) {}

UniqueConstraintError::UniqueConstraintError(std::string table, std::string column,
                                             std::string value)
    : Error(errc::unique_constraint, "unique constraint failed: " + table + "." + column + " = " +
                                         value + " already exists"),
      table_(std::move(table)),
      column_(std::move(column)),
      value_(std::move(value)) {}

ForeignKeyConstraintError::ForeignKeyConstraintError(std::string table, std::string column,
                                                     std::string value, std::string message)
    : Error(errc::foreign_key_constraint, std::move(message)),
      table_(std::move(table)),
      column_(std::move(column)),
      value_(std::move(value)) {}

NotFoundError::NotFoundError(std::string table, std::string key_column, std::string value)
    : Error(errc::not_found,
            "not found: no row of " + table + " has " + key_column + " = " + value),
      table_(std::move(table)) {}

}  // namespace relata
