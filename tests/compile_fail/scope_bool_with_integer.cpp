// An association scope holds an integer constant for a bool column.
#include "assoc_common.hpp"

inline constexpr auto open_boxes = relata::has_many<&Box::shelfId>("open").scope<&Box::open>(2);

int main() {}
