// Shared by the association compile-fail cases: two models and their associations.
#pragma once
#include <relata/relata.hpp>

struct Shelf {
  std::int64_t id = 0;
};
struct Box {
  std::int64_t id = 0;
  std::int64_t shelfId = 0;
  bool open = false;
};
template <>
struct relata::model<Shelf> {
  static constexpr std::string_view table = "shelves";
  static constexpr auto columns =
      relata::columns(relata::column<&Shelf::id>("id", relata::primary_key));
};
template <>
struct relata::model<Box> {
  static constexpr std::string_view table = "boxes";
  static constexpr auto columns =
      relata::columns(relata::column<&Box::id>("id", relata::primary_key),
                      relata::column<&Box::shelfId>("shelfId", relata::references<&Shelf::id>),
                      relata::column<&Box::open>("open"));
};
inline constexpr auto boxes = relata::has_many<&Box::shelfId>("boxes");
inline constexpr auto shelf = relata::belongs_to<&Box::shelfId>("shelf");
struct Label {
  std::int64_t id = 0;
  std::string text;
  int scratch = 0;  // not a column
};
template <>
struct relata::model<Label> {
  static constexpr std::string_view table = "labels";
  static constexpr auto columns = relata::columns(
      relata::column<&Label::id>("id", relata::primary_key), relata::column<&Label::text>("text"));
};
// A shelf's notes: a string column for the scope cases.
struct Note {
  std::int64_t id = 0;
  std::int64_t shelfId = 0;
  std::string kind;
};
template <>
struct relata::model<Note> {
  static constexpr std::string_view table = "notes";
  static constexpr auto columns =
      relata::columns(relata::column<&Note::id>("id", relata::primary_key),
                      relata::column<&Note::shelfId>("shelfId", relata::references<&Shelf::id>),
                      relata::column<&Note::kind>("kind"));
};
