// Must not compile: an aggregate given to find_all instead of aggregate.
#include "thing.hpp"

int main() {
  relata::Database db;
  db.define<Thing>();
  (void)db.find_all<Thing>(relata::group_by(&Thing::name), relata::fn::count());
}
