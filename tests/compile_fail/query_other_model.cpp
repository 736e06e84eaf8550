// Must not compile: a finder of Box given a prepared query of Shelf.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  const auto q = relata::prepare<Shelf>(relata::include(boxes));
  (void)db.find_by_pk<Box>(1, q);
}
