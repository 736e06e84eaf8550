// Saves a snapshot of composite keys (tests/composite_key_models.hpp) to the path given:
// students and courses joined by enrollments keyed by their pair, and shelves keyed by room and
// slot. What composite_keys.sh inspects, verifies and exports.
#include "composite_key_models.hpp"

using namespace composite_key_models;

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  relata::Database db;
  db.define<Student>();
  db.define<Course>();
  db.define<Enrollment>();
  db.define<Shelf>();
  create_school(db);
  db.create(Shelf{.room = "hall", .slot = 2, .item = "lamp"});
  db.create(Shelf{.room = "hall", .slot = -1, .item = "key"});
  db.save(argv[1]);
}
