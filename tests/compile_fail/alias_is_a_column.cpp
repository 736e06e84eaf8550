// An association whose alias is a column name of its source model.
#include "assoc_common.hpp"

inline constexpr auto shelfId = relata::belongs_to<&Box::shelfId>("shelfId");

int main() {}
