// Must not compile: an association scope comparing a column with a constant of another type.
#include "assoc_common.hpp"

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
inline constexpr auto notes = relata::has_many<&Note::shelfId>("notes").scope<&Note::kind>(3);

int main() {}
