// Models keyed by text, shared by the text-key tests, the concurrent-reader test and the CLI
// test's snapshot: levels keyed by name with the rooms in them, and parts with an integer key
// and a unique code that recipes reference (Sequelize's targetKey).
#pragma once

#include <cstdint>
#include <string>

#include <relata/relata.hpp>

namespace text_key_models {

struct Level {
  std::string name;
  std::int32_t depth = 0;
};
struct Room {
  std::int64_t id = 0;
  std::string levelName;
  std::string label;
};
struct Part {  // an integer key, and a unique code other tables name it by
  std::int64_t id = 0;
  std::string code;
  std::string title;
};
struct Recipe {
  std::int64_t id = 0;
  std::string partCode;
  std::int32_t amount = 0;
};

}  // namespace text_key_models

template <>
struct relata::model<text_key_models::Level> {
  using Level = text_key_models::Level;
  static constexpr std::string_view table = "levels";
  static constexpr auto columns =
      relata::columns(relata::column<&Level::name>("name", relata::primary_key),
                      relata::column<&Level::depth>("depth"));
};
template <>
struct relata::model<text_key_models::Room> {
  using Room = text_key_models::Room;
  static constexpr std::string_view table = "rooms";
  static constexpr auto columns =
      relata::columns(relata::column<&Room::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Room::levelName>(
                          "levelName", relata::references<&text_key_models::Level::name>,
                          relata::on_delete(relata::cascade)),
                      relata::column<&Room::label>("label"));
};
template <>
struct relata::model<text_key_models::Part> {
  using Part = text_key_models::Part;
  static constexpr std::string_view table = "parts";
  static constexpr auto columns = relata::columns(
      relata::column<&Part::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Part::code>("code", relata::unique), relata::column<&Part::title>("title"));
};
template <>
struct relata::model<text_key_models::Recipe> {
  using Recipe = text_key_models::Recipe;
  static constexpr std::string_view table = "recipes";
  static constexpr auto columns = relata::columns(
      relata::column<&Recipe::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Recipe::partCode>("partCode",
                                        relata::references<&text_key_models::Part::code>,
                                        relata::on_delete(relata::cascade)),
      relata::column<&Recipe::amount>("amount"));
};

namespace text_key_models {

inline constexpr auto rooms = relata::has_many<&Room::levelName>("rooms");
inline constexpr auto level = relata::belongs_to<&Room::levelName>("level");
inline constexpr auto recipes = relata::has_many<&Recipe::partCode>("recipes");
inline constexpr auto part = relata::belongs_to<&Recipe::partCode>("part");

/// Levels "mine" (depth 2) and "cave" (1), created in that order; rooms 1 "shaft" (mine),
/// 2 "pool" (cave), 3 "lift" (mine). Level and Room must be defined.
inline void create_levels(relata::Database& db) {
  db.create(Level{.name = "mine", .depth = 2});
  db.create(Level{.name = "cave", .depth = 1});
  db.create(Room{.levelName = "mine", .label = "shaft"});
  db.create(Room{.levelName = "cave", .label = "pool"});
  db.create(Room{.levelName = "mine", .label = "lift"});
}

}  // namespace text_key_models
