// Must not compile: a foreign key references one column of a composite primary key, which
// names no single row.
#include <relata/relata.hpp>

struct Pair {
  std::int64_t left = 0;
  std::int64_t right = 0;
};
struct Note {
  std::int64_t id = 0;
  std::int64_t pairLeft = 0;
};

template <>
struct relata::model<Pair> {
  static constexpr std::string_view table = "pairs";
  static constexpr auto columns =
      relata::columns(relata::column<&Pair::left>("left", relata::primary_key),
                      relata::column<&Pair::right>("right", relata::primary_key));
};
template <>
struct relata::model<Note> {
  static constexpr std::string_view table = "notes";
  static constexpr auto columns =
      relata::columns(relata::column<&Note::id>("id", relata::primary_key),
                      relata::column<&Note::pairLeft>("pairLeft", relata::references<&Pair::left>));
};

int main() {
  relata::Database db;
  db.define<Pair>();
  db.define<Note>();
}
