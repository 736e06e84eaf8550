// A query of one model selects attributes of another.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.find_all<Shelf>(relata::attributes(&Box::id));
}
