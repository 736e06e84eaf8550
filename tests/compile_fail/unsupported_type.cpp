// Must not compile: std::vector is not a column type.
#include <relata/relata.hpp>
#include <vector>

struct Thing {
  std::int64_t id = 0;
  std::vector<int> values;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key),
                      relata::column<&Thing::values>("values"));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
