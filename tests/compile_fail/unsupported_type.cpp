// Must not compile: std::vector is not a column type.
#include <relata/relata.hpp>
#include <vector>

struct Row {
  std::int64_t id = 0;
  std::vector<int> values;
};

template <>
struct relata::model<Row> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns = relata::columns(relata::column<&Row::id>("id", relata::primary_key), relata::column<&Row::values>("values"));
};

int main() {
  relata::Database db;
  db.define<Row>();
}
