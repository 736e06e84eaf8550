// Must not compile: a column names a member of another struct.
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
};
struct Other {
  std::int64_t value = 0;
};
template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key),
                      relata::column<&Other::value>("value"));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
