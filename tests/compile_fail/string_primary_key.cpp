// Must not compile: the primary key is a string.
#include <relata/relata.hpp>

struct Thing {
  std::string id;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
