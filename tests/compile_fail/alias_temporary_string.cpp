// Must not compile: an alias made from a temporary std::string (the association views its
// alias, so it would dangle once the temporary is gone).
#include <string>

#include "assoc_common.hpp"

std::string alias_of(int) {
  return "shelf";
}
const auto shelf_at = relata::belongs_to<&Box::shelfId>(alias_of(1));

int main() {}
