// A references<> column narrower than the key it references: an association's create or an
// ON UPDATE CASCADE would write a key it cannot hold (zone 70000 would become zone 4464).
#include <relata/relata.hpp>

struct Zone {
  std::int64_t id = 0;
};
struct Spot {
  std::int64_t id = 0;
  std::int16_t zoneId = 0;
};
template <>
struct relata::model<Zone> {
  static constexpr std::string_view table = "zones";
  static constexpr auto columns =
      relata::columns(relata::column<&Zone::id>("id", relata::primary_key));
};
template <>
struct relata::model<Spot> {
  static constexpr std::string_view table = "spots";
  static constexpr auto columns =
      relata::columns(relata::column<&Spot::id>("id", relata::primary_key),
                      relata::column<&Spot::zoneId>("zoneId", relata::references<&Zone::id>));
};

int main() {
  relata::Database db;
  db.define<Zone>();
  db.define<Spot>();
}
