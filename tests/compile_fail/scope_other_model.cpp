// Must not compile: an association scope naming a column of the source, not the target.
#include "assoc_common.hpp"

inline constexpr auto tagged = relata::has_many<&Box::shelfId>("tagged").scope<&Shelf::id>(1);

int main() {}
