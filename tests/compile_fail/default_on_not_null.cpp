// Must not compile: default_value on a NOT NULL column, where it could never apply.
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
  std::int32_t stock = 0;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "things";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key),
                      relata::column<&Thing::stock>("stock", relata::default_value(100)));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
