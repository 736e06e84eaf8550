// Must not compile: an association over a column that is not a references<> column.
#include "assoc_common.hpp"

inline constexpr auto bad = relata::has_many<&Box::id>("bad");

int main() {
  relata::Database db;
  const Shelf& s = db.create(Shelf{});
  (void)db.get(s, bad);
}
