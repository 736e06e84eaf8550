// Must not compile: restore() of a model with no deleted_at column.
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
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
  db.restore<Thing>(1);
}
