// The association guide's inventory, end to end: define the four models, create categories,
// products and an order with its items through the API, and print the database as JSON.
#include <iostream>

#include "inventory/models.hpp"

int main() {
  using namespace inventory;
  relata::Database db;
  db.set_clock(relata::fixed_clock(relata::Timestamp::parse("2026-01-15T10:30:00.000Z")));
  define_all(db);

  const Category& tools = db.create(Category{.name = "Tools", .description = "Hand tools"});
  const Category& garden = db.create(Category{.name = "Garden"});
  const Product& hammer = db.create(
      Product{.name = "Hammer", .categoryId = tools.id, .price = Money("9.99")});
  const Product& saw =
      db.create(Product{.name = "Saw", .categoryId = tools.id, .price = Money("24.50")});
  const Product& hose =
      db.create(Product{.name = "Hose", .categoryId = garden.id, .price = Money("15.00")});

  const Order& order = db.create(Order{.orderNumber = "ORD-1001"});
  const OrderItem lines[] = {
      {.orderId = order.id, .productId = hammer.id, .quantity = 2, .price = hammer.price},
      {.orderId = order.id, .productId = saw.id, .quantity = 1, .price = saw.price},
      {.orderId = order.id, .productId = hose.id, .quantity = 3, .price = hose.price},
  };
  Money total;
  for (const OrderItem& line : lines) {
    db.create(line);
    total += line.price * line.quantity;
  }
  db.update<Order>(order.id, [&](Order& o) { o.total = total; });

  // A failed write changes nothing and says what was wrong.
  try {
    db.create(Product{.name = "Ghost", .categoryId = 99, .price = Money("1.00")});
  } catch (const relata::ForeignKeyConstraintError& e) {
    std::cout << "rejected: " << e.what() << "\n";
  }

  std::cout << relata::to_string(relata::to_json(db)) << "\n";
  std::cout << "order " << db.find_by_pk<Order>(order.id)->orderNumber << " total "
            << db.find_by_pk<Order>(order.id)->total.to_string() << "\n";
}
