// Must not compile: auto_increment on a std::string primary key (the program gives such keys).
#include <relata/relata.hpp>

struct Level {
  std::string name;
};

template <>
struct relata::model<Level> {
  static constexpr std::string_view table = "levels";
  static constexpr auto columns = relata::columns(
      relata::column<&Level::name>("name", relata::primary_key, relata::auto_increment));
};

int main() {
  relata::Database db;
  db.define<Level>();
}
