// find_by_pk with a double for an integer primary key (converted, 1.5 would find row 1).
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.find_by_pk<Shelf>(1.5);
}
