// Saves a snapshot whose std::uint64_t column holds 1 and 2^64 - 1 (the largest value
// SQLite's integers cannot hold) to the path given: what unsigned_export.sh exports.
#include <cstdint>

#include <relata/relata.hpp>

struct Counter {
  std::int64_t id = 0;
  std::uint64_t total = 0;
};

template <>
struct relata::model<Counter> {
  static constexpr std::string_view table = "counters";
  static constexpr auto columns = relata::columns(
      relata::column<&Counter::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Counter::total>("total"));
};

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  relata::Database db;
  db.define<Counter>();
  db.create(Counter{.total = 1});
  db.create(Counter{.total = UINT64_MAX});
  db.save(argv[1]);
}
