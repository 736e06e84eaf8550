// A where compares an integer column with a double (converted, 1.5 would become 1).
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.find_all<Box>(relata::where(relata::col<&Box::id> < 1.5));
}
