// Every error path leaves the database exactly as it was: rows, indexes and counters.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;

namespace {

/// A small inventory: 2 categories, 4 products, 1 order with 3 items.
relata::Database seeded() {
  return order_book(
      4, [](int) { return Money("2.50"); }, Money("7.50"), Money("2.50"));
}

/// Runs `statement`, which must throw E, and checks the database is unchanged: every row
/// and every auto-increment counter.
template <class E, class F>
void fails_without_trace(relata::Database& db, F&& statement) {
  const std::string before = dump(db);
  CHECK_THROWS_AS(statement(), E);
  CHECK(dump(db) == before);
}

}  // namespace

TEST_CASE("failed creates change nothing", "[atomicity]") {
  auto db = seeded();
  fails_without_trace<relata::ValidationError>(db, [&] { db.create(Category{.name = ""}); });
  fails_without_trace<relata::UniqueConstraintError>(
      db, [&] { db.create(Order{.orderNumber = "ORD-1"}); });
  fails_without_trace<relata::UniqueConstraintError>(
      db, [&] { db.create(Category{.id = 1, .name = "dup"}); });
  fails_without_trace<relata::ForeignKeyConstraintError>(
      db, [&] { db.create(Product{.name = "x", .categoryId = 9, .price = Money("1.00")}); });
}

TEST_CASE("a bulk_create whose 50th row of 100 fails inserts nothing", "[atomicity]") {
  auto db = seeded();
  auto batch = [](auto spoil) {
    std::vector<Category> rows;
    for (int i = 0; i < 100; ++i) rows.push_back(Category{.name = "bulk" + std::to_string(i)});
    spoil(rows[49]);
    return rows;
  };
  fails_without_trace<relata::ValidationError>(
      db, [&] { db.bulk_create(batch([](Category& c) { c.name = ""; })); });
  fails_without_trace<relata::UniqueConstraintError>(
      db, [&] { db.bulk_create(batch([](Category& c) { c.id = 2; })); });
  // a duplicate inside the batch itself: row 50 takes the id row 10 was given
  fails_without_trace<relata::UniqueConstraintError>(
      db, [&] { db.bulk_create(batch([](Category& c) { c.id = 12; })); });
  std::vector<Product> products;
  for (int i = 0; i < 100; ++i)
    products.push_back(Product{.name = "bp", .categoryId = 1, .price = Money("1.00")});
  products[49].categoryId = 77;
  fails_without_trace<relata::ForeignKeyConstraintError>(db, [&] { db.bulk_create(products); });
  CHECK(db.create(Product{.name = "next", .categoryId = 1, .price = Money("1.00")}).id == 5);
}

TEST_CASE("failed updates change nothing", "[atomicity]") {
  auto db = seeded();
  fails_without_trace<relata::ValidationError>(
      db, [&] { db.update<Product>(1, [](Product& p) { p.price = Money("-1.00"); }); });
  fails_without_trace<relata::ForeignKeyConstraintError>(
      db, [&] { db.update<Product>(1, [](Product& p) { p.categoryId = 42; }); });
  fails_without_trace<relata::UniqueConstraintError>(
      db, [&] { db.update<Product>(1, [](Product& p) { p.id = 2; }); });
  // order_items follow a product's new key (ON UPDATE CASCADE) but a review refuses it
  // (RESTRICT): the whole change, cascade included, is refused before anything moves.
  db.define<Review>();
  db.create(Review{.productId = 1, .stars = 5});
  fails_without_trace<relata::ForeignKeyConstraintError>(
      db, [&] { db.update<Product>(1, [](Product& p) { p.id = 99; }); });
  fails_without_trace<relata::NotFoundError>(
      db, [&] { db.update<Product>(50, [](Product& p) { p.name = "x"; }); });
  fails_without_trace<std::runtime_error>(
      db, [&] { db.update<Product>(1, [](Product&) { throw std::runtime_error("mutator"); }); });
}

TEST_CASE("failed destroys change nothing, cascades included", "[atomicity]") {
  auto db = seeded();
  fails_without_trace<relata::NotFoundError>(db, [&] { db.destroy<Category>(9); });

  relata::Database lib;
  lib.define<Author>();
  lib.define<Book>();
  lib.define<Tree>();
  lib.create(Author{.id = 1, .name = "Ann"});
  lib.create(Book{.authorId = 1, .title = "First"});
  const std::string before = dump(lib);
  CHECK_THROWS_WITH(lib.destroy<Author>(1),
                    "foreign key constraint failed: cannot delete authors.id = 1: 1 row(s) of "
                    "books reference it through books.authorId (ON DELETE RESTRICT)");
  CHECK(dump(lib) == before);
}

TEST_CASE("a RESTRICT deep inside a cascade rolls the whole cascade back", "[atomicity]") {
  // categories -(cascade)-> products -(cascade)-> order_items, and reviews -(restrict)-> products
  auto db = seeded();
  db.define<Review>();
  db.create(Review{.productId = 3, .stars = 5});
  const std::string before = dump(db);
  CHECK_THROWS_WITH(db.destroy<Category>(1),
                    "foreign key constraint failed: cannot delete products.id = 3: 1 row(s) of "
                    "reviews reference it through reviews.productId (ON DELETE RESTRICT)");
  CHECK(dump(db) == before);
  db.destroy<Review>(1);
  db.destroy<Category>(1);  // now the cascade goes through: products 1 and 3, items 1 and 3
  CHECK(db.count<Product>() == 2);
  CHECK(db.count<OrderItem>() == 1);
}
