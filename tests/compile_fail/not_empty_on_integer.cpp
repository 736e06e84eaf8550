// Must not compile: not_empty on an integer column.
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
  std::int32_t count = 0;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key),
                      relata::column<&Thing::count>("count", relata::not_empty));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
