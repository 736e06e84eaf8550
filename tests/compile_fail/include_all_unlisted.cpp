// Must not compile: include_all() of a model with no relata::associations<T>.
#include "thing.hpp"

int main() {
  relata::Database db;
  db.define<Thing>();
  (void)db.find_all<Thing>(relata::include_all());
}
