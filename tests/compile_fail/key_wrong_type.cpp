// find_by_pk with a string for an integer primary key.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  (void)db.find_by_pk<Shelf>("1");
}
