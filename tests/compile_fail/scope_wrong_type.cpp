// Must not compile: an association scope comparing a column with a constant of another type.
#include "assoc_common.hpp"

inline constexpr auto notes = relata::has_many<&Note::shelfId>("notes").scope<&Note::kind>(3);

int main() {}
