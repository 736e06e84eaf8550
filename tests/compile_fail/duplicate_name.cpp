// Must not compile: two columns are both named "name".
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
  std::string name;
  std::string title;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key),
                      relata::column<&Thing::name>("name"), relata::column<&Thing::title>("name"));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
