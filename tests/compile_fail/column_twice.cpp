// Must not compile: the member name is listed as two columns.
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
  std::string name;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key),
                      relata::column<&Thing::name>("name"), relata::column<&Thing::name>("title"));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
