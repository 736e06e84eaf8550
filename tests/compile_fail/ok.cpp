// The control case: correct declarations and the correct forms of the usage slips the other
// cases make, which must compile with the same command.
#include "assoc_common.hpp"
#include "thing.hpp"

// An alias in a std::string that outlives the association (a temporary does not compile).
const std::string box_shelf_alias = "shelf";
const auto box_shelf = relata::belongs_to<&Box::shelfId>(box_shelf_alias);

int main() {
  relata::Database db;
  db.define<Thing>();
  db.define<Shelf>();
  db.define<Box>();
  db.define<Label>();
  (void)db.find_all<Box>(relata::include(box_shelf));
  (void)db.find_all<Label>(relata::where(relata::col<&Label::text> == "3"),
                           relata::order_by(relata::asc(&Label::id)),
                           relata::attributes(&Label::text));
  (void)db.find_all<Shelf>(relata::include(boxes, relata::where(relata::col<&Box::id> == 1)));
  (void)db.find_by_pk<Shelf>(1);
  (void)db.find_by_pk<Shelf>(std::int16_t{1}, relata::include(boxes));
  db.update<Box>(1, [](Box& b) { b.shelfId = 2; });
  (void)db.update(relata::where(relata::col<&Box::id> > 0), [](auto& b) { b.shelfId = 2; });
  db.destroy<Box>(std::int16_t{1});
  (void)db.aggregate<Label>(relata::group_by(&Label::text), relata::fn::count());
  // Paths whose errors are built in relata's headers (checked for warnings, never run).
  db.set(*db.find_by_pk<Box>(1), shelf, std::nullopt);
  (void)db.increment(&Box::shelfId, 1, relata::where(relata::col<&Box::id> == 1));
  (void)db.find_all<Box>(relata::where(relata::col<&Box::id> == 1));
  // A bool column compares with true or false, and a scope on it holds one.
  (void)db.find_all<Thing>(relata::where(relata::col<&Thing::shown> == true));
  constexpr auto open_boxes = relata::has_many<&Box::shelfId>("open").scope<&Box::open>(true);
  (void)db.find_all<Shelf>(relata::include(open_boxes));
}
