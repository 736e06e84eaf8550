// The planner: explain() text, index use for every kind of conjunct, and the counters that
// prove eager loading is one lookup per parent and scans nothing.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;
using relata::col;
using relata::include;
using relata::where;

namespace {
relata::Database shop(int categories, int products_each) {
  relata::Database db;
  db.track_stats();
  define_all(db);
  for (int c = 1; c <= categories; ++c) {
    db.create(Category{.name = "c" + std::to_string(c)});
    for (int p = 0; p < products_each; ++p)
      db.create(Product{.name = "p", .categoryId = c, .price = Money(p + 1)});
  }
  return db;
}
}  // namespace

TEST_CASE("explain names the access path of the root and of each include", "[planner]") {
  auto db = shop(2, 2);
  CHECK(db.explain<Product>() == "products: scan\n");
  CHECK(db.explain<Product>(where(col<&Product::id> == 3)) == "products: primary key id = ?\n");
  CHECK(db.explain<Product>(where(col<&Product::id>.in({1, 2}))) ==
        "products: primary key id in (2 values)\n");
  CHECK(db.explain<Product>(where(col<&Product::categoryId> == 1 && col<&Product::price> > 5)) ==
        "products: index categoryId = ?\n");
  CHECK(db.explain<Product>(where(col<&Product::name> == std::string("p"))) == "products: scan\n");
  CHECK(db.explain<Order>(where(col<&Order::orderNumber> == std::string("ORD-1"))) ==
        "orders: index orderNumber = ?\n");
  CHECK(db.explain<Product>(where(col<&Product::categoryId> == 1 || col<&Product::id> == 1)) ==
        "products: scan\n");  // a disjunction pins nothing
  CHECK(db.explain<Product>(relata::order_by(relata::desc(&Product::price)),
                            include(category, include(products)), include(orderItems)) ==
        "products: scan, sorted\n"
        "  include category -> categories: primary key id per row\n"
        "    include products -> products: index categoryId per row\n"
        "  include orderItems -> order_items: index productId per row\n");
  CHECK(db.explain<Order>(include(orderedProducts, relata::where(col<&Product::price> > 1))) ==
        "orders: scan\n"
        "  include products -> order_items: index orderId per row, then products: primary key "
        "id per join row (required)\n");
}

TEST_CASE("indexed and unique columns serve equality and ranges", "[planner]") {
  relata::Database db;
  db.define<Gadget>();
  db.track_stats();
  for (int i = 1; i <= 20; ++i) {
    Gadget g = valid_gadget();
    g.code = i % 5;
    g.serial = "S" + std::to_string(i);
    db.create(g);
  }
  CHECK(db.explain<Gadget>(where(col<&Gadget::code> >= 3)) == "gadgets: index code range\n");
  db.reset_stats();
  auto rows = db.find_all<Gadget>(where(col<&Gadget::code> >= 3 && col<&Gadget::code> < 4));
  std::vector<std::int64_t> ids;
  for (auto r : rows) ids.push_back(r->id);
  CHECK(ids == std::vector<std::int64_t>{3, 8, 13, 18});  // key order
  CHECK(db.stats().rows_scanned == 0);
  CHECK(db.stats().lookups == 1);
  db.reset_stats();
  CHECK(db.find_all<Gadget>(where(col<&Gadget::serial> == std::string("S7"))).size() == 1);
  CHECK(db.stats().rows_scanned == 0);
  CHECK(db.find_all<Gadget>(where(col<&Gadget::code>.between(1, 2))).size() == 8);
  CHECK(db.find_all<Gadget>(where(col<&Gadget::code> < 1)).size() == 4);
  CHECK(db.find_all<Gadget>(where(col<&Gadget::code> <= 1)).size() == 8);
  CHECK(db.find_all<Gadget>(where(col<&Gadget::code> > 3)).size() == 4);
  CHECK(db.stats().rows_scanned == 0);
}

TEST_CASE("eager loading M parents costs O(M) lookups and scans nothing", "[planner]") {
  for (int m : {10, 100}) {
    auto db = shop(m, 5);
    const relata::Query<Category> q(where(col<&Category::id>.in({1, 2, 3, 4, 5, 6, 7, 8, 9, 10})),
                                    include(products, include(category)));
    db.reset_stats();
    auto rows = db.find_all<Category>(q);
    REQUIRE(rows.size() == 10);
    // 10 root key lookups + 10 child lists + 50 products' category lookups
    CHECK(db.stats().lookups == 70);
    CHECK(db.stats().rows_scanned == 0);

    db.reset_stats();
    auto all = db.find_all<Category>(include(products));
    CHECK(all.size() == static_cast<std::size_t>(m));
    CHECK(db.stats().lookups == static_cast<std::size_t>(m));       // one per parent
    CHECK(db.stats().rows_scanned == static_cast<std::size_t>(m));  // the root scan only
  }
}

TEST_CASE("lazy get is one lookup", "[planner]") {
  auto db = shop(3, 4);
  const Category& c = *db.find_by_pk<Category>(2);
  db.reset_stats();
  CHECK(db.get(c, products).size() == 4);
  CHECK(db.stats().lookups == 1);
  CHECK(db.stats().rows_scanned == 0);
}
