// Must not compile: two columns are both named "name".
#include <relata/relata.hpp>

struct Row {
  std::int64_t id = 0;
  std::string name;
  std::string title;
};

template <>
struct relata::model<Row> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns = relata::columns(relata::column<&Row::id>("id", relata::primary_key), relata::column<&Row::name>("name"), relata::column<&Row::title>("name"));
};

int main() {
  relata::Database db;
  db.define<Row>();
}
