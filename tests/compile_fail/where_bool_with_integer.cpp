// A where compares a bool column with an integer (converted, 2 would mean true).
#include "thing.hpp"

int main() {
  relata::Database db;
  (void)db.find_all<Thing>(relata::where(relata::col<&Thing::shown> == 2));
}
