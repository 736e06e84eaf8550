// Must not compile: a column name holds a tab (names reach terminals and sentences as they
// are).
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
  std::string name;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "things";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key),
                      relata::column<&Thing::name>("first\tname"));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
