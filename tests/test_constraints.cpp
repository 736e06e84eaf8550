// Every constraint: validators (all failures listed), unique, foreign keys — exact errors.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;
using relata::FieldError;

namespace {
template <class F>
relata::ValidationError validation_error(F&& f) {
  try {
    f();
  } catch (const relata::ValidationError& e) {
    return e;
  }
  FAIL("no ValidationError");
  throw;
}
}  // namespace

TEST_CASE("each validator rejects with a FieldError naming table, column and value",
          "[constraints]") {
  relata::Database db;
  db.define<Gadget>();
  struct Case {
    std::function<void(Gadget&)> spoil;
    FieldError expected;
  };
  std::vector<Case> cases = {
      {[](Gadget& g) { g.label = "G"; },
       {"gadgets", "label", "'G'", "length", "gadgets.label = 'G' must be 2 to 8 characters long"}},
      {[](Gadget& g) { g.label = "Gizmo-Deluxe"; },
       {"gadgets", "label", "'Gizmo-Deluxe'", "length",
        "gadgets.label = 'Gizmo-Deluxe' must be 2 to 8 characters long"}},
      {[](Gadget& g) { g.label = "gizmo"; },
       {"gadgets", "label", "'gizmo'", "capitalised",
        "gadgets.label = 'gizmo' failed validator capitalised"}},
      {[](Gadget& g) { g.stock = -1; },
       {"gadgets", "stock", "-1", "min", "gadgets.stock = -1 is less than the minimum 0"}},
      {[](Gadget& g) { g.stock = 1001; },
       {"gadgets", "stock", "1001", "max",
        "gadgets.stock = 1001 is greater than the maximum 1000"}},
      {[](Gadget& g) { g.weight = 0.25; },
       {"gadgets", "weight", "0.25", "min", "gadgets.weight = 0.25 is less than the minimum 0.5"}},
      {[](Gadget& g) { g.cost = relata::Decimal<6, 2>("0.09"); },
       {"gadgets", "cost", "0.09", "min", "gadgets.cost = 0.09 is less than the minimum 0.10"}},
      {[](Gadget& g) { g.cost = relata::Decimal<6, 2>("5000.01"); },
       {"gadgets", "cost", "5000.01", "max",
        "gadgets.cost = 5000.01 is greater than the maximum 5000.00"}},
      {[](Gadget& g) { g.rank = 11; },
       {"gadgets", "rank", "11", "max", "gadgets.rank = 11 is greater than the maximum 10"}},
  };
  for (const Case& c : cases) {
    INFO(c.expected.message);
    Gadget g = valid_gadget();
    c.spoil(g);
    auto e = validation_error([&] { db.create(g); });
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0] == c.expected);
    CHECK(std::string(e.what()) == "validation failed: " + c.expected.message);
    CHECK(db.count<Gadget>() == 0);
  }
  // boundaries are inclusive; length counts characters, not bytes
  Gadget edge = valid_gadget();
  edge.stock = 1000;
  edge.weight = 0.5;
  edge.cost = relata::Decimal<6, 2>("0.10");
  edge.label = "Naïveté";  // 7 characters, 9 bytes
  CHECK(db.create(edge).id == 1);
}

TEST_CASE("a ValidationError lists every failed field in column order", "[constraints]") {
  relata::Database db;
  db.define<Gadget>();
  Gadget g = valid_gadget();
  g.label = "x";
  g.stock = 2000;
  g.rank = 99;
  auto e = validation_error([&] { db.create(g); });
  std::vector<std::string> failed;
  for (const auto& f : e.errors()) failed.push_back(f.column + ":" + f.validator);
  CHECK(failed ==
        std::vector<std::string>{"label:length", "label:capitalised", "stock:max", "rank:max"});
  CHECK(std::string(e.what()) ==
        "validation failed: gadgets.label = 'x' must be 2 to 8 characters long; gadgets.label = "
        "'x' failed validator capitalised; gadgets.stock = 2000 is greater than the maximum 1000; "
        "gadgets.rank = 99 is greater than the maximum 10");
}

TEST_CASE("not_empty rejects the empty string; NULL skips validators", "[constraints]") {
  relata::Database db;
  define_all(db);
  auto e = validation_error([&] { db.create(Category{.name = ""}); });
  CHECK(e.errors()[0] == FieldError{"categories", "name", "''", "not_empty",
                                    "categories.name = '' must not be empty"});
  relata::Database g;
  g.define<Gadget>();
  Gadget ok = valid_gadget();
  ok.rank = std::nullopt;  // max(10) does not apply to NULL
  CHECK_NOTHROW(g.create(ok));
}

TEST_CASE("unique columns and primary keys reject duplicates; NULLs never collide",
          "[constraints]") {
  relata::Database db;
  db.define<Gadget>();
  Gadget a = valid_gadget();
  a.serial = "SN-1";
  db.create(a);
  SECTION("duplicate unique value") {
    try {
      db.create(a);
      FAIL("no error");
    } catch (const relata::UniqueConstraintError& e) {
      CHECK(std::string(e.what()) ==
            "unique constraint failed: gadgets.serial = 'SN-1' already exists");
      CHECK(e.table() == "gadgets");
      CHECK(e.column() == "serial");
      CHECK(e.value() == "'SN-1'");
      CHECK(e.code() == relata::errc::unique_constraint);
    }
  }
  SECTION("duplicate primary key") {
    Gadget b = valid_gadget();
    b.id = 1;
    try {
      db.create(b);
      FAIL("no error");
    } catch (const relata::UniqueConstraintError& e) {
      CHECK(std::string(e.what()) == "unique constraint failed: gadgets.id = 1 already exists");
    }
  }
  SECTION("NULL serials do not collide") {
    Gadget n = valid_gadget();
    db.create(n);
    db.create(n);
    CHECK(db.count<Gadget>() == 3);
  }
  SECTION("an update may keep its own unique value but not take another's") {
    Gadget b = valid_gadget();
    b.serial = "SN-2";
    db.create(b);
    CHECK_NOTHROW(db.update<Gadget>(1, [](Gadget& g) { g.stock = 9; }));
    CHECK_THROWS_AS(db.update<Gadget>(2, [](Gadget& g) { g.serial = "SN-1"; }),
                    relata::UniqueConstraintError);
    CHECK_THROWS_AS(db.update<Gadget>(2, [](Gadget& g) { g.id = 1; }),
                    relata::UniqueConstraintError);
    CHECK(db.find_by_pk<Gadget>(2)->serial == "SN-2");
  }
  SECTION("the unique orderNumber of the guide") {
    relata::Database inv;
    define_all(inv);
    inv.create(Order{.orderNumber = "ORD-1"});
    CHECK_THROWS_WITH(inv.create(Order{.orderNumber = "ORD-1"}),
                      "unique constraint failed: orders.orderNumber = 'ORD-1' already exists");
  }
}

TEST_CASE("foreign keys must reference an existing row", "[constraints]") {
  relata::Database db;
  define_all(db);
  db.create(Category{.name = "Tools"});
  try {
    db.create(Product{.name = "P", .categoryId = 7, .price = Money("1.00")});
    FAIL("no error");
  } catch (const relata::ForeignKeyConstraintError& e) {
    CHECK(std::string(e.what()) ==
          "foreign key constraint failed: products.categoryId = 7 references no row of categories");
    CHECK(e.table() == "products");
    CHECK(e.column() == "categoryId");
    CHECK(e.value() == "7");
    CHECK(e.code() == relata::errc::foreign_key_constraint);
  }
  const Product& p = db.create(Product{.name = "P", .categoryId = 1, .price = Money("1.00")});
  CHECK_THROWS_WITH(db.update<Product>(p.id, [](Product& r) { r.categoryId = 2; }),
                    "foreign key constraint failed: products.categoryId = 2 references no row of "
                    "categories");
  // an optional key may be NULL
  CHECK(db.create(OrderItem{.quantity = 1, .price = Money("1.00")}).orderId == std::nullopt);
  CHECK_THROWS_WITH(db.create(OrderItem{.orderId = 3, .quantity = 1, .price = Money("1.00")}),
                    "foreign key constraint failed: order_items.orderId = 3 references no row "
                    "of orders");
}

TEST_CASE("a self-reference may point at the row itself or at an existing row", "[constraints]") {
  relata::Database db;
  db.define<Node>();
  CHECK(db.create(Node{.id = 1, .name = "root", .parentId = 1}).parentId == 1);
  CHECK(db.create(Node{.name = "child", .parentId = 1}).id == 2);
  CHECK_THROWS_AS(db.create(Node{.name = "orphan", .parentId = 9}),
                  relata::ForeignKeyConstraintError);
}

TEST_CASE("changing a referenced key follows each reference's ON UPDATE", "[constraints]") {
  relata::Database db;
  define_all(db);
  db.define<Review>();
  db.create(Category{.name = "Tools"});
  db.create(Product{.name = "P", .categoryId = 1, .price = Money("1.00")});
  db.create(Product{.name = "Q", .categoryId = 1, .price = Money("1.00")});
  // CASCADE, the default: the products follow their category's new key.
  const Category& c = db.update<Category>(1, [](Category& c) { c.id = 5; });
  CHECK(db.find_by_pk<Product>(1)->categoryId == 5);
  CHECK(db.find_by_pk<Product>(2)->categoryId == 5);
  CHECK(db.get(c, products).size() == 2);
  // RESTRICT (reviews.productId): refused while a review holds the key.
  db.create(Review{.productId = 2, .stars = 4});
  const std::string before = dump(db);
  CHECK_THROWS_WITH(
      db.update<Product>(2, [](Product& p) { p.id = 9; }),
      "foreign key constraint failed: cannot change products.id from 2 to 9: 1 "
      "row(s) of reviews reference it through reviews.productId (ON UPDATE RESTRICT)");
  CHECK(dump(db) == before);
  db.update<Product>(1, [](Product& p) { p.id = 9; });  // no review holds 1
  CHECK(db.check().empty());
}
