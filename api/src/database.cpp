#include "relata/database.hpp"

namespace relata {

Database::Database() = default;
Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

void Database::set_clock(Clock clock) {
  store_.set_clock(std::move(clock));
}

Timestamp Database::now() const {
  return store_.clock()();
}

}  // namespace relata
