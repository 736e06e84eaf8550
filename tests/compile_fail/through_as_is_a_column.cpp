// A belongs_to_many whose join object is named after a column of the target model.
#include "assoc_common.hpp"

struct Stack {
  std::int64_t id = 0;
  std::int64_t shelfId = 0;
  std::int64_t boxId = 0;
};
template <>
struct relata::model<Stack> {
  static constexpr std::string_view table = "stacks";
  static constexpr auto columns =
      relata::columns(relata::column<&Stack::id>("id", relata::primary_key),
                      relata::column<&Stack::shelfId>("shelfId", relata::references<&Shelf::id>),
                      relata::column<&Stack::boxId>("boxId", relata::references<&Box::id>));
};

inline constexpr auto stacked =
    relata::belongs_to_many<&Stack::shelfId, &Stack::boxId>("stacked").through_as("shelfId");

int main() {}
