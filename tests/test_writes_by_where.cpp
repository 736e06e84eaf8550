// Writes by where: update, destroy (with cascades), increment and decrement over every
// matching row, each one statement.
#include <catch2/catch.hpp>
#include <limits>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;
using relata::col;
using relata::where;

namespace {
relata::Database shop() {
  return order_book(
      6, [](int i) { return Money(i + 1); }, Money(9), Money(3));
}
}  // namespace

TEST_CASE("update by where writes every matching row and counts them", "[where-writes]") {
  auto db = shop();
  auto range = db.get(*db.find_by_pk<Category>(1), products);
  CHECK(db.update<Product>(where(col<&Product::categoryId> == 1),
                           [](Product& p) { p.name += "!"; }) == 3);
  CHECK(range[0].name == "p0!");  // in place: the child list range is still good
  CHECK(db.update<Product>(where(col<&Product::price> > Money(100)), [](Product&) {}) == 0);
  // A failing row undoes the whole statement.
  const std::string before = dump(db);
  CHECK_THROWS_AS(db.update<Product>(where(col<&Product::price> >= Money(5)),
                                     [](Product& p) { p.name = p.price == Money(6) ? "" : "x"; }),
                  relata::ValidationError);
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
}

TEST_CASE("destroy by where cascades and counts the matching rows", "[where-writes]") {
  auto db = shop();
  CHECK(db.destroy<Product>(where(col<&Product::price> <= Money(2))) == 2);  // products 1, 2
  CHECK(db.count<OrderItem>() == 1);  // items of products 1 and 2 cascaded
  // Rows a cascade of the same statement already removed are not counted again.
  db.define<Tree>();
  db.create(Tree{});
  db.create(Tree{.parentId = 1});
  db.create(Tree{.parentId = 2});
  CHECK(db.destroy<Tree>(where(col<&Tree::id> >= 1)) == 1);
  CHECK(db.count<Tree>() == 0);
  CHECK(db.check().empty());
}

TEST_CASE("increment and decrement add to every matching row, checked", "[where-writes]") {
  auto db = shop();
  CHECK(db.increment(&Product::price, "0.50", where(col<&Product::categoryId> == 2)) == 3);
  CHECK(db.find_by_pk<Product>(2)->price == Money("2.50"));
  CHECK(db.increment(&OrderItem::quantity, 2, where(col<&OrderItem::orderId> == 1)) == 3);
  CHECK(db.decrement(&OrderItem::quantity, 1, where(col<&OrderItem::orderId> == 1)) == 3);
  CHECK(db.find_by_pk<OrderItem>(1)->quantity == 2);
  db.define<Gadget>();
  Gadget g = valid_gadget();
  g.rank = 3;
  db.create(g);
  g.rank = std::nullopt;
  db.create(g);
  CHECK(db.increment(&Gadget::rank, 2, where(col<&Gadget::stock> == 5)) == 2);
  CHECK(db.find_by_pk<Gadget>(1)->rank == 5);
  CHECK(db.find_by_pk<Gadget>(2)->rank == std::nullopt);  // NULL stays NULL
  const std::string before = dump(db);
  CHECK_THROWS_WITH(db.increment(&Gadget::rank, 6, where(col<&Gadget::stock> == 5)),
                    "validation failed: gadgets.rank = 11 is greater than the maximum 10");
  CHECK_THROWS_WITH(db.increment(&Gadget::code, std::numeric_limits<std::int64_t>::max(),
                                 where(col<&Gadget::id> == 1)),
                    "validation failed: gadgets.code = 7 + 9223372036854775807 overflows its type");
  // A step the column's type cannot hold was converted first: 2^32 + 2 added 2.
  CHECK_THROWS_WITH(
      db.increment(&Gadget::stock, (std::int64_t{1} << 32) + 2, where(col<&Gadget::id> == 1)),
      "validation failed: gadgets.stock stepped by 4294967298, which its type cannot hold");
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
}
