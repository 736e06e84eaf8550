// Must not compile: a constraints(false) reference with an ON DELETE action.
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
  std::int64_t parentId = 0;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key),
                      relata::column<&Thing::parentId>("parentId", relata::references<&Thing::id>,
                                                       relata::constraints(false),
                                                       relata::on_delete(relata::cascade)));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
