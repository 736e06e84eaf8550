// Must not compile: the polymorphic pattern over text keys from an integer key, the foreign key
// being text.
#include <relata/relata.hpp>

struct Page {
  std::string slug;
};
struct Photo {
  std::int64_t id = 0;
  std::string file;
};
struct Note {
  std::int64_t id = 0;
  std::optional<std::string> noteableId;
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
struct relata::model<Note> {
  static constexpr std::string_view table = "notes";
  static constexpr auto columns = relata::columns(
      relata::column<&Note::id>("id", relata::primary_key),
      relata::column<&Note::noteableId>("noteableId", relata::references<&Page::slug>,
                                        relata::constraints(false)));
};

inline constexpr auto photo_notes = relata::has_many<&Note::noteableId, &Photo::id>("notes");

int main() {}
