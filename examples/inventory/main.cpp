// The association guide's inventory, end to end: define the four models and their
// associations, create data through the API, then run every query of the guide and print
// each result as JSON, one labelled document per query.
#include <iostream>

#include "inventory/models.hpp"

namespace {
void print(const char* label, const boost::json::value& v) {
  std::cout << "# " << label << "\n" << relata::to_string(v) << "\n";
}
}  // namespace

int main() {
  using namespace inventory;
  relata::Database db;
  db.set_clock(relata::fixed_clock(relata::Timestamp::parse("2026-01-15T10:30:00.000Z")));
  define_all(db);

  // --- data, created through the API (lazy mixins included)
  const Category& tools = db.create(Category{.name = "Tools", .description = "Hand tools"});
  const Category& garden = db.create(Category{.name = "Garden"});
  const Product& hammer =
      db.create(tools, products, Product{.name = "Hammer", .price = Money("9.99")});
  const Product& saw = db.create(tools, products, Product{.name = "Saw", .price = Money("24.50")});
  const Product& hose =
      db.create(garden, products, Product{.name = "Hose", .price = Money("15.00")});

  const Order& order1 = db.create(Order{.orderNumber = "ORD-1001"});
  db.add(order1, orderedProducts, hammer, OrderItem{.quantity = 2, .price = hammer.price});
  db.add(order1, orderedProducts, saw, OrderItem{.quantity = 1, .price = saw.price});
  db.add(order1, orderedProducts, hose, OrderItem{.quantity = 3, .price = hose.price});
  Money total;
  for (const OrderItem& item : db.get(order1, items)) total += item.price * item.quantity;
  db.update<Order>(order1.id, [&](Order& o) { o.total = total; });

  // A failed write changes nothing and says what was wrong.
  try {
    db.create(Product{.name = "Ghost", .categoryId = 99, .price = Money("1.00")});
  } catch (const relata::ForeignKeyConstraintError& e) {
    std::cout << "rejected: " << e.what() << "\n";
  }

  // --- Get all products with their categories (attributes id, name)
  auto all = db.find_all<Product>(
      relata::include(category, relata::attributes(&Category::id, &Category::name)));
  print("Product.findAll include category [id, name]", all.to_json());

  // --- Transform to include categoryName at root level
  boost::json::array transformed;
  for (auto p : all) {
    boost::json::object data = p.to_json().as_object();
    auto c = p.get(category);
    data["categoryName"] = c ? boost::json::value(c->name) : boost::json::value("Unknown");
    transformed.push_back(std::move(data));
  }
  print("transformedProducts", transformed);

  // --- Get category with all products (id, name, price)
  auto withProducts = db.find_by_pk<Category>(
      tools.id,
      relata::include(products, relata::attributes(&Product::id, &Product::name, &Product::price)));
  print("Category.findByPk include products [id, name, price]", withProducts.to_json());
  std::cout << "category.products: " << withProducts->get(products).size() << " products\n";

  // --- Get order with items and products (nested include)
  auto order = db.find_by_pk<Order>(
      order1.id,
      relata::include(
          items, relata::include(
                     product, relata::attributes(&Product::id, &Product::name, &Product::price))));
  print("Order.findByPk include items include product [id, name, price]", order.to_json());
  for (auto item : order->get(items)) {
    std::cout << item.get(product)->name << "\n";  // Product name
    std::cout << item->quantity << "\n";           // Quantity
    std::cout << item->price.to_string() << "\n";  // Item price
  }

  // --- Many-to-many: an order's products through OrderItem
  auto through = db.find_by_pk<Order>(
      order1.id, relata::include(orderedProducts, relata::attributes(&Product::id, &Product::name),
                                 relata::through<OrderItem>(
                                     relata::attributes(&OrderItem::quantity, &OrderItem::price))));
  print("Order.findByPk include products through OrderItem [quantity, price]", through.to_json());

  std::cout << "order " << (*order)->orderNumber << " total " << (*order)->total.to_string()
            << "\n";
}
