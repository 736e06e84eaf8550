// Must not compile: a scope whose string constant is a temporary std::string (the scope
// views it, so it would dangle once the temporary is gone).
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
const auto notes =
    relata::has_many<&Note::shelfId>("notes").scope<&Note::kind>(std::string("box"));

int main() {}
