// Must not compile: include_all() of a model with no relata::associations<T>.
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
  (void)db.find_all<Thing>(relata::include_all());
}
