// A query of one model orders by a column of another.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.find_all<Shelf>(relata::order_by(relata::asc(&Box::id)));
}
