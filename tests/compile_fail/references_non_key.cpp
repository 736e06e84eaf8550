// Must not compile: references<> names a column of Owner that is not its primary key.
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
  std::int64_t ownerCode = 0;
};
struct Owner {
  std::int64_t id = 0;
  std::int64_t code = 0;
};
template <>
struct relata::model<Owner> {
  static constexpr std::string_view table = "owners";
  static constexpr auto columns = relata::columns(
      relata::column<&Owner::id>("id", relata::primary_key), relata::column<&Owner::code>("code"));
};
template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns = relata::columns(
      relata::column<&Thing::id>("id", relata::primary_key),
      relata::column<&Thing::ownerCode>("ownerCode", relata::references<&Owner::code>));
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
