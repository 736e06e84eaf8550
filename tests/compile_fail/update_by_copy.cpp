// An update's mutator that takes the row by value changes a copy: nothing would be written.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  db.update<Box>(1, [](Box b) { b.shelfId = 2; });
}
