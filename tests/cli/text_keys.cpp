// Saves a snapshot of text keys to the path given: levels keyed by name, rooms referencing a
// level by name, parts with a unique code that recipes reference. What text_keys.sh inspects,
// verifies and exports.
#include <cstdint>
#include <string>

#include <relata/relata.hpp>

struct Level {
  std::string name;
  std::int32_t depth = 0;
};
struct Room {
  std::int64_t id = 0;
  std::string levelName;
  std::string label;
};
struct Part {
  std::int64_t id = 0;
  std::string code;
};
struct Recipe {
  std::int64_t id = 0;
  std::string partCode;
};

template <>
struct relata::model<Level> {
  static constexpr std::string_view table = "levels";
  static constexpr auto columns =
      relata::columns(relata::column<&Level::name>("name", relata::primary_key),
                      relata::column<&Level::depth>("depth"));
};
template <>
struct relata::model<Room> {
  static constexpr std::string_view table = "rooms";
  static constexpr auto columns = relata::columns(
      relata::column<&Room::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Room::levelName>("levelName", relata::references<&Level::name>,
                                       relata::on_delete(relata::cascade)),
      relata::column<&Room::label>("label"));
};
template <>
struct relata::model<Part> {
  static constexpr std::string_view table = "parts";
  static constexpr auto columns =
      relata::columns(relata::column<&Part::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Part::code>("code", relata::unique));
};
template <>
struct relata::model<Recipe> {
  static constexpr std::string_view table = "recipes";
  static constexpr auto columns = relata::columns(
      relata::column<&Recipe::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Recipe::partCode>("partCode", relata::references<&Part::code>));
};

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  relata::Database db;
  db.define<Level>();
  db.define<Room>();
  db.define<Part>();
  db.define<Recipe>();
  db.create(Level{.name = "mine", .depth = 2});
  db.create(Level{.name = "cave", .depth = 1});
  db.create(Room{.levelName = "mine", .label = "shaft"});
  db.create(Room{.levelName = "cave", .label = "pool"});
  db.create(Room{.levelName = "mine", .label = "lift"});
  db.create(Part{.code = "gear"});
  db.create(Part{.code = "bolt"});
  db.create(Recipe{.partCode = "bolt"});
  db.save(argv[1]);
}
