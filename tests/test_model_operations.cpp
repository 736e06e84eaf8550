// Sequelize's model operations beyond create / find / update / destroy: findOrCreate,
// upsert, findAndCountAll and bulkCreate with ignoreDuplicates / updateOnDuplicate, each one
// statement, with their error paths.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;
using relata::col;
using relata::where;

namespace {

const relata::Timestamp kT1 = relata::Timestamp::parse("2026-02-01T08:00:00.000Z");

/// Categories 1 Tools, 2 Garden; products 1 Hammer (Tools), 2 Hose (Garden), 3 Saw (Tools);
/// orders 1 ORD-1 (total 5.00), 2 ORD-2.
relata::Database shop() {
  relata::Database db = inventory_at_t0();
  db.create(Category{.name = "Tools"});
  db.create(Category{.name = "Garden"});
  db.create(Product{.name = "Hammer", .categoryId = 1, .price = Money("9.99")});
  db.create(Product{.name = "Hose", .categoryId = 2, .price = Money("15.00")});
  db.create(Product{.name = "Saw", .categoryId = 1, .price = Money("24.50")});
  db.create(Order{.orderNumber = "ORD-1", .total = Money("5.00")});
  db.create(Order{.orderNumber = "ORD-2"});
  return db;
}

}  // namespace

TEST_CASE("find_or_create finds the first match, or creates the row", "[model_operations]") {
  auto db = shop();
  auto [found, created] = db.find_or_create(where(col<&Product::categoryId> == 1),
                                            Product{.name = "Drill", .categoryId = 1});
  CHECK(!created);
  CHECK(found.id == 1);
  CHECK(found.name == "Hammer");
  CHECK(db.count<Product>() == 3);

  auto [made, was_created] = db.find_or_create(where(col<&Product::name> == "Drill"),
                                               Product{.name = "Drill", .categoryId = 2});
  CHECK(was_created);
  CHECK(made.id == 4);
  CHECK(&made == db.find_by_pk<Product>(4));
  CHECK(made.categoryId == 2);

  SECTION("a create that fails changes nothing") {
    const std::string before = dump(db);
    CHECK_THROWS_AS(db.find_or_create(where(col<&Product::name> == "Rake"),
                                      Product{.name = "Rake", .categoryId = 9}),
                    relata::ForeignKeyConstraintError);
    CHECK(dump(db) == before);
    CHECK(db.check().empty());
  }
}

TEST_CASE("upsert inserts, or overwrites by primary key or unique column", "[model_operations]") {
  auto db = shop();
  db.set_clock(relata::fixed_clock(kT1));

  SECTION("a new key is inserted") {
    auto [row, created] = db.upsert(Order{.orderNumber = "ORD-3", .total = Money("1.00")});
    CHECK(created);
    CHECK(row.id == 3);
    CHECK(row.createdAt == kT1);
  }
  SECTION("an existing primary key is overwritten; createdAt kept, updatedAt set") {
    auto [row, created] =
        db.upsert(Order{.id = 2, .orderNumber = "ORD-2b", .total = Money("7.00")});
    CHECK(!created);
    CHECK(&row == db.find_by_pk<Order>(2));
    CHECK(row.orderNumber == "ORD-2b");
    CHECK(row.total == Money("7.00"));
    CHECK(row.createdAt == kT0);
    CHECK(row.updatedAt == kT1);
    CHECK(db.count<Order>() == 2);
  }
  SECTION("a unique column's value finds the row when the key is new") {
    auto [row, created] = db.upsert(Order{.orderNumber = "ORD-1", .total = Money("8.00")});
    CHECK(!created);
    CHECK(row.id == 1);
    CHECK(row.total == Money("8.00"));
    CHECK(row.createdAt == kT0);
    CHECK(db.count<Order>() == 2);
  }
  SECTION("an overwrite that collides with another row's unique value changes nothing") {
    const std::string before = dump(db);
    try {
      (void)db.upsert(Order{.id = 2, .orderNumber = "ORD-1"});
      FAIL("no error");
    } catch (const relata::UniqueConstraintError& e) {
      CHECK(std::string(e.what()) ==
            "unique constraint failed: orders.orderNumber = 'ORD-1' already exists");
    }
    CHECK(dump(db) == before);
    CHECK(db.check().empty());
  }
  SECTION("an invalid row is refused whole") {
    const std::string before = dump(db);
    CHECK_THROWS_AS(db.upsert(Order{.id = 1, .orderNumber = ""}), relata::ValidationError);
    CHECK(dump(db) == before);
    CHECK(db.check().empty());
  }
}

TEST_CASE("find_and_count_all: the page and the count without limit and offset",
          "[model_operations]") {
  auto db = shop();
  auto page = db.find_and_count_all<Product>(where(col<&Product::categoryId> == 1),
                                             relata::order_by(relata::desc(&Product::id)),
                                             relata::limit(1));
  CHECK(page.count == 2);
  REQUIRE(page.rows.size() == 1);
  CHECK(page.rows[0]->name == "Saw");

  // a required include filters the count as it filters the rows: categories with a product
  // priced over 20
  auto with = db.find_and_count_all<Category>(
      relata::include(products, relata::where(col<&Product::price> > Money("20"))),
      relata::offset(5));
  CHECK(with.count == 1);
  CHECK(with.rows.empty());
  CHECK(db.find_and_count_all<Order>().count == 2);
}

TEST_CASE("bulk_create reports every failing field of every failing record", "[model_operations]") {
  auto db = shop();
  const std::string before = dump(db);
  std::vector<Order> rows{
      Order{.orderNumber = "ORD-3"}, Order{.orderNumber = "", .total = Money("-1.00")},
      Order{.orderNumber = "ORD-5"}, Order{.orderNumber = "ORD-6", .total = Money("-2.00")}};
  try {
    (void)db.bulk_create(std::move(rows));
    FAIL("no error");
  } catch (const relata::ValidationError& e) {
    using E = relata::FieldError;
    CHECK(e.errors() ==
          std::vector<E>{E{"orders", "orderNumber", "''", "not_empty",
                           "record 1: orders.orderNumber = '' must not be empty", 1},
                         E{"orders", "total", "-1.00", "min",
                           "record 1: orders.total = -1.00 is less than the minimum 0.00", 1},
                         E{"orders", "total", "-2.00", "min",
                           "record 3: orders.total = -2.00 is less than the minimum 0.00", 3}});
  }
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
}

TEST_CASE("bulk_create with ignore_duplicates skips colliding records", "[model_operations]") {
  auto db = shop();
  db.set_clock(relata::fixed_clock(kT1));
  const Order* first = db.find_by_pk<Order>(1);
  auto rows = db.bulk_create(
      std::vector<Order>{Order{.orderNumber = "ORD-3", .total = Money("3.00")},
                         Order{.orderNumber = "ORD-1", .total = Money("9.00")},   // unique column
                         Order{.id = 2, .orderNumber = "ORD-2x"},                 // primary key
                         Order{.orderNumber = "ORD-3", .total = Money("4.00")}},  // this call's
      relata::ignore_duplicates);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0]->id == 3);
  CHECK(rows[0]->createdAt == kT1);
  CHECK(rows[1] == first);  // the stored row, untouched
  CHECK(rows[1]->total == Money("5.00"));
  CHECK(rows[2] == db.find_by_pk<Order>(2));
  CHECK(rows[2]->orderNumber == "ORD-2");
  CHECK(rows[3] == rows[0]);
  CHECK(rows[3]->total == Money("3.00"));
  CHECK(db.count<Order>() == 3);
  CHECK(db.check().empty());
}

TEST_CASE("bulk_create with update_on_duplicate writes the listed columns", "[model_operations]") {
  auto db = shop();
  db.set_clock(relata::fixed_clock(kT1));

  SECTION("colliding records update only the listed columns of the stored row") {
    auto rows = db.bulk_create(
        std::vector<Order>{Order{.orderNumber = "ORD-1", .total = Money("9.00")},
                           Order{.orderNumber = "ORD-3", .total = Money("3.00")},
                           Order{.id = 2, .orderNumber = "ignored", .total = Money("7.00")}},
        relata::update_on_duplicate(&Order::total));
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == db.find_by_pk<Order>(1));
    CHECK(rows[0]->total == Money("9.00"));
    CHECK(rows[0]->createdAt == kT0);
    CHECK(rows[0]->updatedAt == kT1);
    CHECK(rows[1]->id == 3);
    CHECK(rows[2]->orderNumber == "ORD-2");  // not listed: kept
    CHECK(rows[2]->total == Money("7.00"));
    CHECK(db.count<Order>() == 3);
    CHECK(db.check().empty());
  }
  SECTION("an update that fails a validator fails the whole call, naming the record") {
    const std::string before = dump(db);
    try {
      (void)db.bulk_create(
          std::vector<Order>{Order{.orderNumber = "ORD-3"},
                             Order{.orderNumber = "ORD-1", .total = Money("-1.00")}},
          relata::update_on_duplicate(&Order::total));
      FAIL("no error");
    } catch (const relata::ValidationError& e) {
      REQUIRE(e.errors().size() == 1);
      CHECK(e.errors()[0].record == 1u);
      CHECK(e.errors()[0].message ==
            "record 1: orders.total = -1.00 is less than the minimum 0.00");
    }
    CHECK(dump(db) == before);
    CHECK(db.check().empty());
  }
  SECTION("the primary key cannot be listed") {
    CHECK_THROWS_WITH(relata::update_on_duplicate(&Order::id, &Order::total),
                      "schema error: update_on_duplicate lists the primary key of orders: it "
                      "identifies the row to update");
  }
}

TEST_CASE("create with nested rows creates every association kind in one statement",
          "[model_operations]") {
  auto db = shop();
  using relata::nested;
  using relata::node;
  // An order with two items: one for a new product in a new category (belongs_to at two
  // levels), one for the stored Saw; the new product also gets an item of another order.
  const Order& o =
      db.create(Order{.orderNumber = "ORD-9", .total = Money("40.00")},
                nested(items,
                       node(OrderItem{.quantity = 2, .price = Money("12.00")},
                            nested(product, node(Product{.name = "Drill", .price = Money("12.00")},
                                                 nested(category, Category{.name = "Power"})))),
                       OrderItem{.productId = 3, .quantity = 1, .price = Money("24.50")}));
  CHECK(o.id == 3);
  auto r = db.find_by_pk<Order>(
      3, relata::attributes(&Order::orderNumber),
      relata::include(
          items, relata::attributes(&OrderItem::id, &OrderItem::quantity),
          relata::include(product, relata::attributes(&Product::name),
                          relata::include(category, relata::attributes(&Category::name)))));
  CHECK(relata::to_string(r.to_json()) ==
        R"({"orderNumber":"ORD-9","items":[)"
        R"({"id":1,"quantity":2,"product":{"name":"Drill","category":{"name":"Power"}}},)"
        R"({"id":2,"quantity":1,"product":{"name":"Saw","category":{"name":"Tools"}}}]})");
  CHECK(db.check().empty());

  SECTION("has_many of a vector, and belongs_to_many with through values") {
    const Category& c = db.create(
        Category{.name = "Paint"},
        nested(products, std::vector<Product>{Product{.name = "Brush", .price = Money("2.00")},
                                              Product{.name = "Roller", .price = Money("6.00")}}));
    std::vector<std::string> names;
    for (const Product& p : db.get(c, products)) names.push_back(p.name);
    CHECK(names == std::vector<std::string>{"Brush", "Roller"});

    const Order& o2 =
        db.create(Order{.orderNumber = "ORD-10"},
                  nested(orderedProducts, OrderItem{.quantity = 5, .price = Money("1.00")},
                         Product{.name = "Tape", .categoryId = 1, .price = Money("1.00")}));
    auto linked = db.get(o2, orderedProducts);
    REQUIRE(linked.size() == 1);
    CHECK(linked[0].row->name == "Tape");
    CHECK(linked[0].through->quantity == 5);
    CHECK(db.check().empty());
  }
  SECTION("a nested row that fails leaves nothing behind") {
    const std::string before = dump(db);
    CHECK_THROWS_AS(
        db.create(Order{.orderNumber = "ORD-11"},
                  nested(items, OrderItem{.productId = 1, .quantity = 1},
                         node(OrderItem{.quantity = 1},  // its product fails: empty name
                              nested(product, Product{.name = "", .categoryId = 1})))),
        relata::ValidationError);
    CHECK(dump(db) == before);
    CHECK(db.check().empty());
    CHECK_THROWS_AS(db.create(Order{.orderNumber = "ORD-12"},
                              nested(orderedProducts, Product{.name = "Glue", .categoryId = 1})),
                    relata::ValidationError);  // the join row's quantity 0 is below min(1)
    CHECK(dump(db) == before);
  }
}
