// Uses relata through the installed headers and libraries only.
#include <iostream>
#include <relata/relata.hpp>

struct Item {
  std::int64_t id = 0;
  std::string name;
  relata::Decimal<10, 2> price;
};

template <>
struct relata::model<Item> {
  static constexpr std::string_view table = "items";
  static constexpr auto columns =
      relata::columns(relata::column<&Item::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Item::name>("name", relata::not_empty),
                      relata::column<&Item::price>("price"));
};

int main() {
  relata::Database db;
  db.define<Item>();
  db.create(Item{.name = "widget", .price = relata::Decimal<10, 2>("9.99")});
  std::cout << relata::to_string(relata::to_json(db)) << "\n";
}
