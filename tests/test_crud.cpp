// create / bulk_create / find_by_pk / find_all / count / update / destroy, timestamps,
// defaults and deterministic order.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;

TEST_CASE("create assigns auto-increment ids and keeps explicit free ids", "[crud]") {
  auto db = inventory_at_t0();
  CHECK(db.create(Category{.name = "A"}).id == 1);
  CHECK(db.create(Category{.name = "B"}).id == 2);
  CHECK(db.create(Category{.id = 10, .name = "C"}).id == 10);
  CHECK(db.create(Category{.name = "D"}).id == 11);
  CHECK(db.create(Category{.id = 5, .name = "E"}).id == 5);
  CHECK(db.create(Category{.name = "F"}).id == 12);
  CHECK(db.count<Category>() == 6);
}

TEST_CASE("rows come back in primary-key order whatever the insertion order", "[crud]") {
  relata::Database db;
  db.define<Author>();
  for (std::int64_t id : {5, 1, 9, 3, 7})
    db.create(Author{.id = id, .name = "a" + std::to_string(id)});
  std::vector<std::int64_t> ids;
  for (auto a : db.find_all<Author>()) ids.push_back(a->id);
  CHECK(ids == std::vector<std::int64_t>{1, 3, 5, 7, 9});
  CHECK(db.find_by_pk<Author>(9)->name == "a9");
  CHECK(db.find_by_pk<Author>(2) == nullptr);
}

TEST_CASE("created rows carry clock timestamps and defaults", "[crud]") {
  relata::Database db;
  db.set_clock(relata::fixed_clock(kT0));
  db.define<Gadget>();
  const Gadget& g = db.create(valid_gadget());
  CHECK(g.note == "n/a");  // NULL on create takes the default
  Gadget explicit_note = valid_gadget();
  explicit_note.note = "fragile";
  CHECK(db.create(explicit_note).note == "fragile");
  CHECK(relata::to_string(relata::to_json(g)) ==
        R"({"id":1,"label":"Gizmo","stock":5,"shelf":3,"weight":1.5,"active":true,)"
        R"("cost":"12.50","color":2,"seen":"2026-01-15T10:30:00.000Z","rank":null,)"
        R"("note":"n/a","serial":null,"code":7})");
  CHECK(db.now() == kT0);
}

TEST_CASE("update applies a mutator, stamps updatedAt and keeps createdAt", "[crud]") {
  auto db = inventory_at_t0();
  const Category& c = db.create(Category{.name = "Tools"});
  CHECK(c.createdAt == kT0);
  CHECK(c.updatedAt == kT0);
  auto later = relata::Timestamp::parse("2026-02-01T00:00:00.000Z");
  db.set_clock(relata::fixed_clock(later));
  const Category& u = db.update<Category>(c.id, [](Category& r) { r.description = "Hand tools"; });
  CHECK(u.description == "Hand tools");
  CHECK(u.createdAt == kT0);
  CHECK(u.updatedAt == later);
  CHECK(db.find_by_pk<Category>(1)->description == "Hand tools");
}

TEST_CASE("a statement of many rows reads the clock once: every row gets one time", "[crud]") {
  auto db = inventory_at_t0();
  int reads = 0;  // a clock a microsecond later on each read
  db.set_clock([&] { return relata::Timestamp{kT0.micros + ++reads}; });
  db.create(Category{.name = "Tools"});
  CHECK(reads == 1);
  auto stored =
      db.bulk_create(std::vector<Product>{{.name = "A", .categoryId = 1, .price = Money(1)},
                                          {.name = "B", .categoryId = 1, .price = Money(2)},
                                          {.name = "C", .categoryId = 1, .price = Money(3)}});
  CHECK(reads == 2);
  for (const Product* p : stored) {
    CHECK(p->createdAt.micros == kT0.micros + 2);
    CHECK(p->updatedAt.micros == kT0.micros + 2);
  }
  CHECK(db.update<Product>(relata::where(relata::col<&Product::price> >= Money(2)),
                           [](Product& p) { p.name += "!"; }) == 2);
  CHECK(reads == 3);
  CHECK(db.find_by_pk<Product>(1)->updatedAt.micros == kT0.micros + 2);  // not matched
  CHECK(db.find_by_pk<Product>(2)->updatedAt.micros == kT0.micros + 3);
  CHECK(db.find_by_pk<Product>(3)->updatedAt.micros == kT0.micros + 3);
  // No row matched, or no row has a timestamp: the clock is not read.
  CHECK(db.update<Product>(relata::where(relata::col<&Product::price> > Money(9)),
                           [](Product& p) { p.name += "?"; }) == 0);
  db.define<Author>();
  db.bulk_create(std::vector<Author>{{.id = 1, .name = "a"}, {.id = 2, .name = "b"}});
  CHECK(reads == 3);
  // A single-row update reads it once, as before.
  db.update<Product>(1, [](Product& p) { p.name = "A2"; });
  CHECK(reads == 4);
  CHECK(db.find_by_pk<Product>(1)->updatedAt.micros == kT0.micros + 4);
}

TEST_CASE("update may change keys: the row is re-indexed", "[crud]") {
  auto db = inventory_at_t0();
  db.create(Category{.name = "A"});
  db.create(Category{.name = "B"});
  const Product& p = db.create(Product{.name = "P", .categoryId = 1, .price = Money("1.00")});
  db.update<Product>(p.id, [](Product& r) { r.categoryId = 2; });
  CHECK(db.find_by_pk<Product>(1)->categoryId == 2);
  // the foreign-key index follows: deleting category 1 no longer touches the product
  db.destroy<Category>(1);
  CHECK(db.count<Product>() == 1);
  db.update<Product>(1, [](Product& r) { r.id = 40; });
  CHECK(db.find_by_pk<Product>(1) == nullptr);
  CHECK(db.find_by_pk<Product>(40)->name == "P");
  CHECK(db.create(Product{.name = "Q", .categoryId = 2, .price = Money("2.00")}).id == 41);
  db.destroy<Category>(2);  // cascades through the re-indexed foreign key
  CHECK(db.count<Product>() == 0);
}

TEST_CASE("an update of no indexed column keeps every index; one of a unique column moves it",
          "[crud]") {
  auto db = inventory_at_t0();
  for (const char* n : {"ORD-1", "ORD-2", "ORD-3"}) db.create(Order{.orderNumber = n});
  const Order* second = db.find_by_pk<Order>(2);
  // total is in no index: the row is written where it is
  db.update<Order>(2, [](Order& o) { o.total = Money("12.50"); });
  CHECK(db.find_by_pk<Order>(2) == second);
  CHECK(second->total == Money("12.50"));
  using relata::col;
  CHECK(db.find_one<Order>(relata::where(col<&Order::orderNumber> == "ORD-2"))->total ==
        Money("12.50"));
  // orderNumber is unique (an ordered index): the row moves in that index, not in memory
  db.update<Order>(2, [](Order& o) { o.orderNumber = "ORD-0"; });
  CHECK(db.find_by_pk<Order>(2) == second);
  CHECK_FALSE(db.find_one<Order>(relata::where(col<&Order::orderNumber> == "ORD-2")));
  std::vector<std::int64_t> by_number;
  for (auto o : db.find_all<Order>(relata::order_by(relata::asc(&Order::orderNumber))))
    by_number.push_back(o->id);
  CHECK(by_number == std::vector<std::int64_t>{2, 1, 3});
  CHECK_THROWS_AS(db.update<Order>(2, [](Order& o) { o.orderNumber = "ORD-3"; }),
                  relata::UniqueConstraintError);
  CHECK(second->orderNumber == "ORD-0");
  CHECK(db.check().empty());
}

TEST_CASE("bulk_create inserts every row in order", "[crud]") {
  auto db = inventory_at_t0();
  std::vector<Category> rows;
  for (int i = 0; i < 100; ++i) rows.push_back(Category{.name = "c" + std::to_string(i)});
  auto stored = db.bulk_create(std::move(rows));
  REQUIRE(stored.size() == 100);
  CHECK(stored[0]->id == 1);
  CHECK(stored[99]->id == 100);
  CHECK(stored[42]->name == "c42");
  CHECK(db.count<Category>() == 100);
}

TEST_CASE("destroy removes a row; a missing key is NotFoundError", "[crud]") {
  auto db = inventory_at_t0();
  db.create(Category{.name = "A"});
  db.destroy<Category>(1);
  CHECK(db.count<Category>() == 0);
  try {
    db.destroy<Category>(1);
    FAIL("no error");
  } catch (const relata::NotFoundError& e) {
    CHECK(std::string(e.what()) == "not found: no row of categories has id = 1");
    CHECK(e.table() == "categories");
  }
  CHECK_THROWS_AS(db.update<Category>(3, [](Category&) {}), relata::NotFoundError);
}

TEST_CASE("every column type round-trips through storage", "[crud]") {
  relata::Database db;
  db.define<Gadget>();
  Gadget g = valid_gadget();
  g.shelf = 65535;
  g.rank = 10;
  g.serial = "SN-1";
  g.color = Color::blue;
  g.cost = relata::Decimal<6, 2>("4999.99");
  const Gadget& s = db.create(g);
  CHECK(s.shelf == 65535);
  CHECK(s.rank == 10);
  CHECK(s.serial == "SN-1");
  CHECK(s.color == Color::blue);
  CHECK(s.cost.to_string() == "4999.99");
  CHECK(s.seen == kT0);
  CHECK(s.weight == 1.5);
  CHECK(s.active);
}
