// Must not compile: a scope on a belongs_to (Sequelize has none either).
#include "assoc_common.hpp"

inline constexpr auto scoped_shelf =
    relata::belongs_to<&Box::shelfId>("shelf").scope<&Shelf::id>(1);

int main() {}
