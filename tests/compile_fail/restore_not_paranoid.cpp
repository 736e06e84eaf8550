// Must not compile: restore() of a model with no deleted_at column.
#include "thing.hpp"

int main() {
  relata::Database db;
  db.define<Thing>();
  db.restore<Thing>(1);
}
