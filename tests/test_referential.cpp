// ON DELETE actions: CASCADE through several tables, SET NULL, RESTRICT, self-references.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;

TEST_CASE("CASCADE deletes the whole subtree across tables", "[referential]") {
  relata::Database db;
  define_all(db);
  db.create(Category{.name = "Tools"});
  db.create(Category{.name = "Garden"});
  db.create(Product{.name = "Hammer", .categoryId = 1, .price = Money("9.99")});
  db.create(Product{.name = "Hose", .categoryId = 2, .price = Money("15.00")});
  db.create(Product{.name = "Saw", .categoryId = 1, .price = Money("24.50")});
  db.create(Order{.orderNumber = "ORD-1"});
  for (std::int64_t p : {1, 2, 3, 1})
    db.create(OrderItem{.orderId = 1, .productId = p, .quantity = 1, .price = Money("1.00")});
  db.destroy<Category>(1);
  std::vector<std::string> products;
  for (auto p : db.find_all<Product>()) products.push_back(p->name);
  CHECK(products == std::vector<std::string>{"Hose"});
  std::vector<std::int64_t> items;
  for (auto i : db.find_all<OrderItem>()) items.push_back(i->id);
  CHECK(items == std::vector<std::int64_t>{2});
  CHECK(db.count<Order>() == 1);
  db.destroy<Order>(1);  // order_items.orderId cascades too
  CHECK(db.count<OrderItem>() == 0);
}

TEST_CASE("SET NULL clears the keys of referencing rows", "[referential]") {
  relata::Database db;
  db.define<Node>();
  db.create(Node{.name = "root"});
  db.create(Node{.name = "a", .parentId = 1});
  db.create(Node{.name = "b", .parentId = 1});
  db.create(Node{.name = "c", .parentId = 2});
  db.destroy<Node>(1);
  CHECK(db.count<Node>() == 3);
  CHECK(db.find_by_pk<Node>(2)->parentId == std::nullopt);
  CHECK(db.find_by_pk<Node>(3)->parentId == std::nullopt);
  CHECK(db.find_by_pk<Node>(4)->parentId == 2);
  // the cleared keys left the foreign-key index: deleting 2 now clears only 4
  db.destroy<Node>(2);
  CHECK(db.find_by_pk<Node>(4)->parentId == std::nullopt);
}

TEST_CASE("RESTRICT refuses while rows reference the key, allows once they are gone",
          "[referential]") {
  relata::Database db;
  db.define<Author>();
  db.define<Book>();
  db.create(Author{.id = 1, .name = "Ann"});
  db.create(Author{.id = 2, .name = "Bob"});
  db.create(Book{.authorId = 1, .title = "A"});
  db.create(Book{.authorId = 1, .title = "B"});
  CHECK_THROWS_WITH(db.destroy<Author>(1),
                    "foreign key constraint failed: cannot delete authors.id = 1: 2 row(s) of "
                    "books reference it through books.authorId (ON DELETE RESTRICT)");
  db.destroy<Author>(2);
  db.destroy<Book>(1);
  db.destroy<Book>(2);
  db.destroy<Author>(1);
  CHECK(db.count<Author>() == 0);
}

TEST_CASE("self-referencing CASCADE deletes a deep tree and terminates on cycles",
          "[referential]") {
  relata::Database db;
  db.define<Tree>();
  db.create(Tree{});                                                            // 1
  for (std::int64_t i = 2; i <= 2000; ++i) db.create(Tree{.parentId = i - 1});  // a 2000-deep chain
  db.create(Tree{});                                                            // 2001: unrelated
  db.destroy<Tree>(1);
  CHECK(db.count<Tree>() == 1);
  CHECK(db.find_by_pk<Tree>(2001) != nullptr);

  // a cycle: 3002 -> 3003 -> 3002, and a row pointing at itself
  db.create(Tree{.id = 3002});
  db.create(Tree{.id = 3003, .parentId = 3002});
  db.update<Tree>(3002, [](Tree& t) { t.parentId = 3003; });
  db.create(Tree{.id = 3004, .parentId = 3004});
  db.destroy<Tree>(3003);
  db.destroy<Tree>(3004);
  CHECK(db.count<Tree>() == 1);
}
