// Transactions, savepoints and marks: commit keeps, rollback restores everything exactly
// (rows, indexes, counters, timestamps) with every row that existed back at its address.
#include <catch2/catch.hpp>
#include <sstream>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;

namespace {

relata::Database shop() {
  return order_book(
      6, [](int) { return Money(3); }, Money(9), Money(3));
}

/// Every kind of statement, run inside a transaction that is then rolled back.
void every_statement(relata::Database& db) {
  db.set_clock(relata::fixed_clock(relata::Timestamp::parse("2027-01-01T00:00:00.000Z")));
  db.create(Category{.name = "New"});
  db.bulk_create(std::vector<Product>{Product{.name = "a", .categoryId = 3, .price = Money(1)},
                                      Product{.name = "b", .categoryId = 3, .price = Money(1)}});
  db.update<Product>(1, [](Product& p) {
    p.price = Money(8);
    p.categoryId = 3;
  });
  db.update<Product>(5, [](Product& p) { p.id = 50; });
  db.destroy<Category>(2);  // cascades to products 2, 4, 6 and order item 2
  const Category& tools = *db.find_by_pk<Category>(1);
  db.set(tools, products, {3, 7});
  db.add(*db.find_by_pk<Order>(1), orderedProducts, {7},
         OrderItem{.quantity = 4, .price = Money(1)});
  db.remove(*db.find_by_pk<Order>(1), orderedProducts, {1});
  db.create(tools, products, Product{.name = "made", .price = Money(2)});
}

}  // namespace

TEST_CASE("commit keeps every statement; rollback restores everything exactly", "[transactions]") {
  auto db = shop();
  const std::string before = dump(db);
  const auto held = row_addresses(db);
  {
    auto tx = db.begin();
    every_statement(db);
    CHECK(db.find_by_pk<Category>(2) == nullptr);  // reads see the transaction's writes
    tx.rollback();
    CHECK_FALSE(tx.active());
  }
  CHECK(dump(db) == before);
  CHECK(row_addresses(db) == held);
  CHECK(db.check().empty());

  auto tx = db.begin();
  every_statement(db);
  const std::string after = dump(db);
  tx.commit();
  CHECK(dump(db) == after);
  CHECK(db.find_by_pk<Category>(2) == nullptr);
  CHECK(db.check().empty());
  CHECK_THROWS_WITH(tx.commit(), "misuse: this transaction was already committed or rolled back");
}

TEST_CASE("a transaction left open rolls back; transaction() commits or rethrows",
          "[transactions]") {
  auto db = shop();
  const std::string before = dump(db);
  {
    auto tx = db.begin();
    db.create(Category{.name = "Lost"});
  }
  CHECK(dump(db) == before);

  CHECK_THROWS_WITH(db.transaction([&](relata::Transaction&) {
    db.create(Category{.name = "Also lost"});
    throw std::runtime_error("abort the import");
  }),
                    "abort the import");
  CHECK(dump(db) == before);

  const std::int64_t id =
      db.transaction([&](relata::Transaction&) { return db.create(Category{.name = "Kept"}).id; });
  CHECK(id == 3);
  CHECK(db.find_by_pk<Category>(3)->name == "Kept");
  CHECK(db.check().empty());

  // A body that takes nothing: the same unit.
  const std::string kept = dump(db);
  CHECK_THROWS_WITH(db.transaction([&] {
    db.create(Category{.name = "Lost again"});
    throw std::runtime_error("abort again");
  }),
                    "abort again");
  CHECK(dump(db) == kept);
  CHECK(db.check().empty());
  CHECK(db.transaction([&] { return db.create(Category{.name = "Kept too"}).id; }) == 4);
  CHECK(db.find_by_pk<Category>(4)->name == "Kept too");
}

TEST_CASE("a failed statement inside a transaction undoes only itself", "[transactions]") {
  auto db = shop();
  auto tx = db.begin();
  db.create(Category{.name = "First"});
  CHECK_THROWS_AS(db.create(Product{.name = "x", .categoryId = 99, .price = Money(1)}),
                  relata::ForeignKeyConstraintError);
  CHECK_THROWS_AS(db.set(*db.find_by_pk<Category>(1), products, {1, 9999}), relata::NotFoundError);
  db.create(Category{.name = "Second"});
  tx.commit();
  CHECK(db.find_by_pk<Category>(3)->name == "First");
  CHECK(db.find_by_pk<Category>(4)->name == "Second");
  CHECK(db.count<Product>() == 6);
  CHECK(db.check().empty());
}

TEST_CASE("savepoints nest: rollback_to keeps the savepoint, drops later ones", "[transactions]") {
  auto db = shop();
  auto tx = db.begin();
  db.create(Category{.name = "c3"});
  const auto sp1 = tx.savepoint();
  db.create(Category{.name = "c4"});
  const auto sp2 = tx.savepoint();
  db.create(Category{.name = "c5"});
  tx.rollback_to(sp1);
  CHECK(db.count<Category>() == 3);
  CHECK_THROWS_AS(tx.rollback_to(sp2), relata::Error);  // rolled back past
  db.create(Category{.name = "c4 again"});              // the counter came back too
  CHECK(db.find_by_pk<Category>(4)->name == "c4 again");
  tx.rollback_to(sp1);  // sp1 is still there
  CHECK(db.count<Category>() == 3);
  const auto sp3 = tx.savepoint();
  db.destroy<Category>(1);
  tx.release(sp3);
  CHECK_THROWS_AS(tx.rollback_to(sp3), relata::Error);
  tx.commit();
  CHECK(db.count<Category>() == 2);
  CHECK(db.find_by_pk<Category>(3)->name == "c3");
  CHECK(db.check().empty());
}

TEST_CASE("marks rewind frames, several back, and release the old ones", "[transactions][marks]") {
  auto db = shop();
  const auto held = row_addresses(db);
  std::vector<std::string> states;
  std::vector<relata::Mark> marks;
  for (int frame = 0; frame < 5; ++frame) {
    states.push_back(dump(db));
    marks.push_back(db.mark());
    db.update<Product>(1 + 2 * (frame % 3), [&](Product& p) { p.price = Money(10 + frame); });
    if (frame == 2) db.destroy<Category>(2);
  }
  db.rewind(marks[3]);  // one frame back
  CHECK(dump(db) == states[3]);
  db.rewind(marks[1]);  // two more
  CHECK(dump(db) == states[1]);
  CHECK(row_addresses(db) == held);  // the cascade's rows came back where they were
  CHECK_THROWS_AS(db.rewind(marks[3]), relata::Error);  // rewound past
  db.release(marks[0]);                                 // forget the oldest: its changes stay
  CHECK(dump(db) == states[1]);
  db.update<Product>(2, [](Product& p) { p.price = Money(99); });
  db.rewind(marks[1]);
  CHECK(dump(db) == states[1]);
  db.release(marks[1]);
  CHECK(db.check().empty());
  CHECK_THROWS_AS(db.rewind(marks[1]), relata::Error);
}

TEST_CASE("a mark of another database is refused there and changes neither",
          "[transactions][marks]") {
  // Each database counted its marks from 1: the first mark of one, handed to the other,
  // rewound the other's own first mark and silently dropped its rows.
  auto a = shop();
  auto b = shop();
  const relata::Mark in_b = b.mark();
  const relata::Mark in_a = a.mark();
  a.update<Product>(1, [](Product& p) { p.price = Money(50); });
  b.update<Product>(1, [](Product& p) { p.price = Money(60); });
  const std::string a_before = dump(a), b_before = dump(b);
  CHECK_THROWS_WITH(b.rewind(in_a),
                    "misuse: this transaction, savepoint or mark is not open in this database "
                    "(committed, released, rolled back past, or another database's)");
  CHECK_THROWS_AS(b.release(in_a), relata::Error);
  CHECK_THROWS_AS(a.rewind(in_b), relata::Error);
  CHECK(dump(a) == a_before);
  CHECK(dump(b) == b_before);
  a.rewind(in_a);  // each mark still works in its own database
  b.rewind(in_b);
  CHECK(a.find_by_pk<Product>(1)->price == Money(3));
  CHECK(b.find_by_pk<Product>(1)->price == Money(3));
  CHECK(a.check().empty());
  CHECK(b.check().empty());
}

TEST_CASE("a mark or transaction cannot be opened from a statement's callback", "[transactions]") {
  auto db = shop();
  const std::string before = dump(db);
  CHECK_THROWS_AS(db.update<Product>(1, [&](Product&) { (void)db.mark(); }), relata::Error);
  CHECK_THROWS_AS(db.update<Product>(1, [&](Product&) { (void)db.begin(); }), relata::Error);
  CHECK(dump(db) == before);
}

TEST_CASE("a transaction follows its database across a move, and ends with it", "[transactions]") {
  // The transaction kept a pointer to the moved-from database: commit() said "already
  // committed or rolled back", and the moved-to one kept the transaction open for good
  // (its load refused, its undo log growing, its listeners never told).
  relata::Database db = inventory_at_t0();
  auto tx = db.begin();
  db.create(Category{.name = "Moved"});
  relata::Database moved = std::move(db);
  REQUIRE(tx.active());
  tx.commit();
  REQUIRE(moved.count<Category>() == 1);
  std::stringstream snapshot;
  moved.save(snapshot);
  moved.load(snapshot);  // no transaction is left open
  REQUIRE(moved.count<Category>() == 1);

  auto rolled = moved.begin();
  moved.create(Category{.name = "Gone"});
  relata::Database again(std::move(moved));
  rolled.rollback();
  REQUIRE(again.count<Category>() == 1);

  {  // destroyed open after the move: rolls back in the database it moved to
    auto open = again.begin();
    again.create(Category{.name = "Also gone"});
    relata::Database last = std::move(again);
    again = relata::Database();
    REQUIRE(open.active());
    again = std::move(last);
  }
  REQUIRE(again.count<Category>() == 1);
  REQUIRE(again.check().empty());

  auto orphan = again.begin();
  again = inventory_at_t0();  // replaced: the transaction's database is gone
  REQUIRE(!orphan.active());
  REQUIRE_THROWS_WITH(orphan.commit(),
                      "misuse: this transaction's database was destroyed or replaced");
  REQUIRE(again.count<Category>() == 0);
  REQUIRE(again.check().empty());
}

TEST_CASE("an update nothing watches writes in place; one under a mark or a listener is logged",
          "[transactions]") {
  auto db = shop();
  const Product* row = db.find_by_pk<Product>(1);
  // No transaction, mark or listener: nothing can undo it, so no undo entry is kept.
  db.update<Product>(1, [](Product& p) { p.price = Money(7); });
  CHECK(db.find_by_pk<Product>(1) == row);
  CHECK(row->price == Money(7));
  const std::string seven = dump(db);
  // Under a mark: rewinding returns to the unwatched update's result, not to before it.
  const relata::Mark m = db.mark();
  db.update<Product>(1, [](Product& p) { p.price = Money(8); });
  db.rewind(m);
  CHECK(dump(db) == seven);
  db.release(m);
  // A listener hears the row before and after.
  std::vector<std::string> heard;
  db.on_change<Product>([&](const relata::Change<Product>& c) {
    heard.push_back(c.before->price.to_string() + " -> " + c.after->price.to_string());
  });
  db.update<Product>(1, [](Product& p) { p.price = Money(9); });
  CHECK(heard == std::vector<std::string>{"7.00 -> 9.00"});
  CHECK(db.check().empty());
}
