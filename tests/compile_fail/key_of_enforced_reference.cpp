// Must not compile: an association from another model than the one an enforced foreign key
// references (the polymorphic pattern needs a constraints(false) reference).
#include "assoc_common.hpp"

inline constexpr auto labelled = relata::has_many<&Box::shelfId, &Label::id>("boxes");

int main() {}
