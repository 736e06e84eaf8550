// Must not compile: reading an association a prepared query did not include from its typed
// result (a Query<T>'s Result would throw at run time; a prepared query knows at compile time).
#include "assoc_common.hpp"
int main() {
  relata::Database db;
  const auto q2 = relata::prepare<Shelf>();
  (void)db.find_by_pk<Shelf>(1, q2).get(boxes);
}
