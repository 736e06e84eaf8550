// create() of a struct that has no relata::model specialisation.
#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
};

int main() {
  relata::Database db;
  db.create(Thing{});
}
