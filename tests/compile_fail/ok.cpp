// The control case: a correct declaration, which must compile with the same command.
#include <relata/relata.hpp>

struct Row {
  std::int64_t id = 0;
  std::string name;
};

template <>
struct relata::model<Row> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns = relata::columns(relata::column<&Row::id>("id", relata::primary_key), relata::column<&Row::name>("name"));
};

int main() {
  relata::Database db;
  db.define<Row>();
}
