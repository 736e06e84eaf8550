// The association guide's inventory, end to end: define the four models and their
// associations, create data through the API, then run every query of the guide and print
// each result as JSON, one labelled document per query; then save the whole database to a
// snapshot file (the program's argument, or inventory.snapshot here), load it into a second
// database and show that every query answers the same.
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "inventory/models.hpp"

namespace {
using namespace inventory;

void print(std::ostream& out, const char* label, const boost::json::value& v) {
  out << "# " << label << "\n" << relata::to_string(v) << "\n";
}

/// Every query of the guide, printed as labelled JSON documents.
void guide_queries(const relata::Database& db, std::int64_t category_id, std::int64_t order_id,
                   std::ostream& out) {
  // --- Get all products with their categories (attributes id, name)
  auto all = db.find_all<Product>(
      relata::include(category, relata::attributes(&Category::id, &Category::name)));
  print(out, "Product.findAll include category [id, name]", all.to_json());

  // --- Transform to include categoryName at root level
  boost::json::array transformed;
  for (auto p : all) {
    boost::json::object data = p.to_json().as_object();
    auto c = p.get(category);
    data["categoryName"] = c ? boost::json::value(c->name) : boost::json::value("Unknown");
    transformed.push_back(std::move(data));
  }
  print(out, "transformedProducts", transformed);

  // --- Get category with all products (id, name, price)
  auto withProducts = db.find_by_pk<Category>(
      category_id,
      relata::include(products, relata::attributes(&Product::id, &Product::name, &Product::price)));
  print(out, "Category.findByPk include products [id, name, price]", withProducts.to_json());
  out << "category.products: " << withProducts.get(products).size() << " products\n";

  // --- Get order with items and products (nested include)
  auto order = db.find_by_pk<Order>(
      order_id, relata::include(
                    items, relata::include(product, relata::attributes(&Product::id, &Product::name,
                                                                       &Product::price))));
  print(out, "Order.findByPk include items include product [id, name, price]", order.to_json());
  for (auto item : order.get(items)) {
    out << item.get(product)->name << "\n";  // Product name
    out << item->quantity << "\n";           // Quantity
    out << item->price.to_string() << "\n";  // Item price
  }

  // --- Many-to-many: an order's products through OrderItem
  auto through = db.find_by_pk<Order>(
      order_id, relata::include(orderedProducts, relata::attributes(&Product::id, &Product::name),
                                relata::through<OrderItem>(
                                    relata::attributes(&OrderItem::quantity, &OrderItem::price))));
  print(out, "Order.findByPk include products through OrderItem [quantity, price]",
        through.to_json());

  out << "order " << order->orderNumber << " total " << order->total.to_string() << "\n";
}
}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path snapshot = argc > 1 ? argv[1] : "inventory.snapshot";
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

  std::ostringstream first;
  guide_queries(db, tools.id, order1.id, first);
  std::cout << first.str();

  // --- The whole database to a snapshot file, and back into a second database
  db.save(snapshot);
  relata::Database loaded;
  define_all(loaded);
  loaded.load(snapshot);
  std::ostringstream second;
  guide_queries(loaded, tools.id, order1.id, second);
  if (second.str() != first.str() || !loaded.check().empty()) {
    std::cout << "the loaded database answers differently:\n" << second.str();
    return 1;
  }
  std::cout << "saved " << snapshot.filename().string() << " ("
            << std::filesystem::file_size(snapshot)
            << " bytes) and loaded it into a second database: every query above gives the same "
               "JSON\n";
}
