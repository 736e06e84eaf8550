// Saves a snapshot of text keys (tests/text_key_models.hpp) to the path given: levels keyed by
// name with their rooms, parts with a unique code that recipes reference. What text_keys.sh
// inspects, verifies, dumps and exports.
#include "text_key_models.hpp"

using namespace text_key_models;

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  relata::Database db;
  db.define<Level>();
  db.define<Room>();
  db.define<Part>();
  db.define<Recipe>();
  create_levels(db);
  db.create(Part{.code = "gear", .title = "Gear"});
  db.create(Part{.code = "bolt", .title = "Bolt\t\x1b[31mM4\n"});  // a tab, a colour, a newline
  db.create(Recipe{.partCode = "bolt", .amount = 4});
  db.save(argv[1]);
}
