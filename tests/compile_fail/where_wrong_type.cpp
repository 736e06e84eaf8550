// A where compares a string column with a number.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.find_all<Label>(relata::where(relata::col<&Label::text> == 3));
}
