// Must not compile: an include's where names a column of the source, not the target.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.find_all<Shelf>(relata::include(boxes, relata::where(relata::col<&Shelf::id> == 1)));
}
