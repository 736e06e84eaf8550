// Must not compile: the primary key is a double (keys are integers or strings).
#include <relata/relata.hpp>

struct Thing {
  double id = 0;
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
}
