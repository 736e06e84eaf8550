// Must not compile: including Shelf's association in a query on Box.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.find_all<Box>(relata::include(boxes));
}
