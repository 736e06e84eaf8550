// Must not compile: the member name is listed as two columns.
#include <relata/relata.hpp>

struct Row {
  std::int64_t id = 0;
  std::string name;
};

template <>
struct relata::model<Row> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns = relata::columns(relata::column<&Row::id>("id", relata::primary_key), relata::column<&Row::name>("name"), relata::column<&Row::name>("title"));
};

int main() {
  relata::Database db;
  db.define<Row>();
}
