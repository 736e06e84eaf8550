// Must not compile: the primary key is a string.
#include <relata/relata.hpp>

struct Row {
  std::string id;
};

template <>
struct relata::model<Row> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns = relata::columns(relata::column<&Row::id>("id", relata::primary_key));
};

int main() {
  relata::Database db;
  db.define<Row>();
}
