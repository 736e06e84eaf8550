// Must not compile: an integer column references a std::string primary key.
#include <relata/relata.hpp>

struct Level {
  std::string name;
};
struct Room {
  std::int64_t id = 0;
  std::int64_t level = 0;
};

template <>
struct relata::model<Level> {
  static constexpr std::string_view table = "levels";
  static constexpr auto columns =
      relata::columns(relata::column<&Level::name>("name", relata::primary_key));
};
template <>
struct relata::model<Room> {
  static constexpr std::string_view table = "rooms";
  static constexpr auto columns =
      relata::columns(relata::column<&Room::id>("id", relata::primary_key),
                      relata::column<&Room::level>("level", relata::references<&Level::name>));
};

int main() {
  relata::Database db;
  db.define<Level>();
  db.define<Room>();
}
