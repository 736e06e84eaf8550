// A transaction's body must take relata::Transaction& or nothing.
#include <relata/relata.hpp>

int main() {
  relata::Database db;
  db.transaction([](int) {});
}
