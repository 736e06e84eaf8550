// Must not compile: ON DELETE SET NULL on a NOT NULL key.
#include <relata/relata.hpp>

struct Row {
  std::int64_t id = 0;
  std::int64_t parentId = 0;
};

template <>
struct relata::model<Row> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns = relata::columns(relata::column<&Row::id>("id", relata::primary_key), relata::column<&Row::parentId>("parentId", relata::references<&Row::id>, relata::on_delete(relata::set_null)));
};

int main() {
  relata::Database db;
  db.define<Row>();
}
