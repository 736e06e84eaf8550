// Must not compile: a has_many of Shelf used on a Box row.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  const Box& b = db.create(Box{});
  (void)db.get(b, boxes);
}
