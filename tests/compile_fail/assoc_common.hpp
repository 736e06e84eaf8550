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
// Text keys for the polymorphic cases: pages keyed by slug, photos by an integer id with a
// unique file name, and remarks naming either through a weak text reference.
struct Page {
  std::string slug;
};
struct Photo {
  std::int64_t id = 0;
  std::string file;
};
struct Remark {
  std::int64_t id = 0;
  std::optional<std::string> subject;
};
template <>
struct relata::model<Page> {
  static constexpr std::string_view table = "pages";
  static constexpr auto columns =
      relata::columns(relata::column<&Page::slug>("slug", relata::primary_key));
};
template <>
struct relata::model<Photo> {
  static constexpr std::string_view table = "photos";
  static constexpr auto columns =
      relata::columns(relata::column<&Photo::id>("id", relata::primary_key),
                      relata::column<&Photo::file>("file", relata::unique));
};
template <>
struct relata::model<Remark> {
  static constexpr std::string_view table = "remarks";
  static constexpr auto columns =
      relata::columns(relata::column<&Remark::id>("id", relata::primary_key),
                      relata::column<&Remark::subject>("subject", relata::references<&Page::slug>,
                                                       relata::constraints(false)));
};
