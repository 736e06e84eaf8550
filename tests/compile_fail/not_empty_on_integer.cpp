// Must not compile: not_empty on an integer column.
#include <relata/relata.hpp>

struct Row {
  std::int64_t id = 0;
  std::int32_t count = 0;
};

template <>
struct relata::model<Row> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns = relata::columns(relata::column<&Row::id>("id", relata::primary_key), relata::column<&Row::count>("count", relata::not_empty));
};

int main() {
  relata::Database db;
  db.define<Row>();
}
