// Must not compile: deleted_at on a member that is not std::optional<relata::Timestamp>.
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
  relata::Timestamp deletedAt;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key),
                      relata::deleted_at<&Thing::deletedAt>());
};

int main() {
  relata::Database db;
  db.define<Thing>();
}
