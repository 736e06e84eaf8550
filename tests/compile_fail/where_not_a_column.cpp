// A where names a member the model does not declare as a column.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.find_all<Label>(relata::where(relata::col<&Label::scratch> == 3));
}
