// A query of one model filters on a column of another.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.find_all<Shelf>(relata::where(relata::col<&Box::shelfId> == 1));
}
