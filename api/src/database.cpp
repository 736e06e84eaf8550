#include "relata/database.hpp"

namespace relata {

Database::Database() = default;
Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

void Database::set_clock(Clock clock) {
  store_.set_clock(std::move(clock));
}

namespace detail {
void throw_stale_range(std::string_view table) {
  throw Error(errc::misuse, "misuse: a db.get() range over " + std::string(table) +
                                " was used after a write moved rows into or out of it: collect "
                                "the keys first, then write");
}
}  // namespace detail

Timestamp Database::now() const {
  return store_.clock()();
}

}  // namespace relata
