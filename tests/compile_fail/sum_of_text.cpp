// Must not compile: fn::sum of a string column.
#include "thing.hpp"

int main() {
  relata::Database db;
  db.define<Thing>();
  (void)db.aggregate<Thing>(relata::fn::sum(&Thing::name));
}
