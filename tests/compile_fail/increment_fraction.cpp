// increment of an integer column by a double (converted, 1.5 would add 1).
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.increment(&Box::shelfId, 1.5, relata::where(relata::col<&Box::id> == 1));
}
