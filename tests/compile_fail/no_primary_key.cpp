// Must not compile: the model declares no primary key.
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns = relata::columns(relata::column<&Thing::id>("id"));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
