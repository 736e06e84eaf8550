// Must not compile: a column of a composite primary key is auto_increment (a row of a
// composite key is created with its whole key).
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
  std::int64_t other = 0;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Thing::other>("other", relata::primary_key));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
