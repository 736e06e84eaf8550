// Must not compile: db.sum of a string column (it concatenated the strings).
#include "thing.hpp"

int main() {
  relata::Database db;
  db.define<Thing>();
  (void)db.sum(&Thing::name);
}
