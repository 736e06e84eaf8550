// update<T>() with a mutator written for another model.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  db.update<Shelf>(1, [](Box& b) { b.shelfId = 2; });
}
