// Must not compile: reading Shelf's association from a result row of Box.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  auto rows = db.find_all<Box>(relata::include(shelf));
  (void)rows[0].get(boxes);
}
