// An update by where whose mutator takes a const reference cannot change the rows.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.update(relata::where(relata::col<&Box::id> > 0), [](const Box&) {});
}
