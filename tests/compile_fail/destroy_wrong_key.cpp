// A row named by a string where its key is an integer.
#include "assoc_common.hpp"

int main() {
  relata::Database db;
  db.destroy<Box>("1");
}
