// Must not compile: the table name is empty (a snapshot of it could not be read back).
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
