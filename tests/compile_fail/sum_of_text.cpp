// Must not compile: fn::sum of a string column.
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
  std::string name;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns = relata::columns(
      relata::column<&Thing::id>("id", relata::primary_key), relata::column<&Thing::name>("name"));
};

int main() {
  relata::Database db;
  db.define<Thing>();
  (void)db.aggregate<Thing>(relata::fn::sum(&Thing::name));
}
