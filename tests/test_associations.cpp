// Associations and their lazy mixins: get / set / add / remove / has / count / create, for
// every kind, with self-associations and two aliases to the same model.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;

namespace {

std::vector<std::int64_t> ids(const auto& range) {
  std::vector<std::int64_t> out;
  for (const auto& r : range) out.push_back(r.id);
  return out;
}

relata::Database shop() {
  relata::Database db = inventory_at_t0();
  db.create(Category{.name = "Tools"});
  db.create(Category{.name = "Garden"});
  for (std::int64_t c : {1, 2, 1, 1})
    db.create(Product{.name = "p", .categoryId = c, .price = Money("1.00")});
  db.create(Order{.orderNumber = "ORD-1"});
  db.create(Order{.orderNumber = "ORD-2"});
  return db;
}

relata::Database blog() {
  relata::Database db;
  db.define<User>();
  db.define<Post>();
  db.define<Profile>();
  db.create(User{.name = "ann"});
  db.create(User{.name = "bob"});
  db.create(Post{.title = "a", .authorId = 1, .reviewerId = 2});
  db.create(Post{.title = "b", .authorId = 2, .reviewerId = 1});
  db.create(Post{.title = "c", .authorId = 1});
  return db;
}

}  // namespace

TEST_CASE("has_many get is a zero-copy range in primary-key order", "[associations]") {
  auto db = shop();
  const Category& tools = *db.find_by_pk<Category>(1);
  auto range = db.get(tools, products);
  CHECK(ids(range) == std::vector<std::int64_t>{1, 3, 4});
  CHECK(&range[0] == db.find_by_pk<Product>(1));  // a pointer into storage, not a copy
  CHECK(db.count(tools, products) == 3);
  // a row added with a lower key lands in key order
  db.create(Product{.id = 0, .name = "q", .categoryId = 2, .price = Money("1.00")});
  db.update<Product>(2, [](Product& p) { p.categoryId = 1; });
  CHECK(ids(db.get(tools, products)) == std::vector<std::int64_t>{1, 2, 3, 4});
}

TEST_CASE("belongs_to and has_one get the single associated row", "[associations]") {
  auto db = blog();
  const Post& a = *db.find_by_pk<Post>(1);
  CHECK(db.get(a, author)->name == "ann");
  CHECK(db.get(a, reviewer)->name == "bob");
  CHECK(db.get(*db.find_by_pk<Post>(3), reviewer) == nullptr);
  const User& ann = *db.find_by_pk<User>(1);
  CHECK(db.get(ann, profile) == nullptr);
  db.create(Profile{.userId = 1, .bio = "hi"});
  CHECK(db.get(ann, profile)->bio == "hi");
  CHECK(db.get(*db.find_by_pk<Profile>(1), owner)->name == "ann");
}

TEST_CASE("two associations to the same model under different aliases", "[associations]") {
  auto db = blog();
  const User& ann = *db.find_by_pk<User>(1);
  CHECK(ids(db.get(ann, posts)) == std::vector<std::int64_t>{1, 3});
  CHECK(ids(db.get(ann, reviews)) == std::vector<std::int64_t>{2});
  auto rows = db.find_all<User>(relata::include(posts, relata::attributes(&Post::title)),
                                relata::include(reviews, relata::attributes(&Post::title)));
  CHECK(relata::to_string(rows.to_json()) ==
        R"([{"id":1,"name":"ann","posts":[{"title":"a"},{"title":"c"}],"reviews":[{"title":"b"}]},)"
        R"({"id":2,"name":"bob","posts":[{"title":"b"}],"reviews":[{"title":"a"}]}])");
}

TEST_CASE("two includes under one alias, and an alias that is a column name, are refused",
          "[associations]") {
  auto db = blog();
  constexpr auto first = relata::belongs_to<&Post::authorId>("person");
  constexpr auto second = relata::belongs_to<&Post::reviewerId>("person");
  const std::string before = dump(db);
  try {
    (void)db.find_all<Post>(relata::include(first), relata::include(second));
    FAIL("no error");
  } catch (const relata::SchemaError& e) {
    CHECK(std::string(e.what()) ==
          "schema error: two includes of posts use the alias person: each association of a "
          "model needs its own alias");
  }
  // each alone reads its own row
  CHECK(db.find_by_pk<Post>(2, relata::include(second)).get(second)->name == "ann");
  CHECK(db.find_by_pk<Post>(2, relata::include(first)).get(first)->name == "bob");
  // a constexpr declaration does not compile (tests/compile_fail/alias_is_a_column.cpp); one
  // made at run time throws
  std::string alias = "authorId";
  try {
    (void)relata::belongs_to<&Post::authorId>(alias);
    FAIL("no error");
  } catch (const relata::SchemaError& e) {
    CHECK(std::string(e.what()) ==
          "schema error: an association's alias is a column name of its source model: authorId");
  }
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
}

TEST_CASE("self-association: children and parent", "[associations]") {
  relata::Database db;
  db.define<Node>();
  db.create(Node{.name = "root"});
  db.create(Node{.name = "a", .parentId = 1});
  db.create(Node{.name = "b", .parentId = 1});
  db.create(Node{.name = "a1", .parentId = 2});
  const Node& root = *db.find_by_pk<Node>(1);
  CHECK(ids(db.get(root, children)) == std::vector<std::int64_t>{2, 3});
  CHECK(db.get(*db.find_by_pk<Node>(4), parent)->name == "a");
  CHECK(db.get(root, parent) == nullptr);
  auto tree = db.find_by_pk<Node>(
      1, relata::include(children, relata::attributes(&Node::name),
                         relata::include(children, relata::attributes(&Node::name))));
  CHECK(
      relata::to_string(tree.to_json()) ==
      R"({"id":1,"name":"root","parentId":null,"children":[{"name":"a","children":[{"name":"a1"}]},)"
      R"({"name":"b","children":[]}]})");
}

TEST_CASE("has_many add, has, remove follow Sequelize v7's null-or-destroy rule",
          "[associations]") {
  auto db = shop();
  const Category& garden = *db.find_by_pk<Category>(2);
  db.add(garden, products, std::vector<std::int64_t>{1, 2});  // 2 is already there: fine
  CHECK(ids(db.get(garden, products)) == std::vector<std::int64_t>{1, 2});
  CHECK(db.has(garden, products, std::vector<std::int64_t>{1, 2}));
  CHECK(!db.has(garden, products, std::vector<std::int64_t>{1, 3}));
  CHECK(db.has(garden, products, *db.find_by_pk<Product>(1)));
  // categoryId is NOT NULL: a removed product is destroyed (with its order items)
  db.create(OrderItem{.orderId = 1, .productId = 1, .quantity = 1, .price = Money("1.00")});
  db.remove(garden, products, *db.find_by_pk<Product>(1));
  CHECK(db.find_by_pk<Product>(1) == nullptr);
  CHECK(db.count<OrderItem>() == 0);
  // orderId is optional: a removed item stays, with a NULL key
  const Order& o = *db.find_by_pk<Order>(1);
  db.create(o, items, OrderItem{.productId = 2, .quantity = 1, .price = Money("1.00")});
  db.remove(o, items, std::vector<std::int64_t>{2});
  CHECK(db.find_by_pk<OrderItem>(2)->orderId == std::nullopt);
  CHECK(db.count(o, items) == 0);
}

TEST_CASE("has_many set replaces the associated rows", "[associations]") {
  auto db = shop();
  const Order& o = *db.find_by_pk<Order>(1);
  for (std::int64_t p : {1, 2, 3})
    db.create(OrderItem{.orderId = 1, .productId = p, .quantity = 1, .price = Money("1.00")});
  db.create(OrderItem{.productId = 4, .quantity = 1, .price = Money("1.00")});  // item 4, no order
  db.set(o, items, std::vector<std::int64_t>{2, 4});
  CHECK(ids(db.get(o, items)) == std::vector<std::int64_t>{2, 4});
  CHECK(db.find_by_pk<OrderItem>(1)->orderId == std::nullopt);
  CHECK(db.find_by_pk<OrderItem>(3)->orderId == std::nullopt);
  db.set(o, items, std::vector<std::int64_t>{});
  CHECK(db.count(o, items) == 0);
}

TEST_CASE("belongs_to and has_one set; create fills the keys", "[associations]") {
  auto db = blog();
  const Post& c = *db.find_by_pk<Post>(3);
  db.set(c, reviewer, std::optional<std::int64_t>{2});
  CHECK(db.get(c, reviewer)->name == "bob");
  db.set(c, reviewer, std::nullopt);
  CHECK(db.get(c, reviewer) == nullptr);
  CHECK_THROWS_WITH(
      db.set(c, author, std::nullopt),
      "validation failed: posts.authorId = NULL is not allowed (NOT NULL foreign key)");
  db.set(c, author, std::optional<std::int64_t>{2});
  CHECK(db.get(c, author)->name == "bob");

  const User& ann = *db.find_by_pk<User>(1);
  const Profile& p1 = db.create(ann, profile, Profile{.bio = "first"});
  CHECK(p1.userId == 1);
  const Profile& p2 = db.create(ann, profile, Profile{.bio = "second"});  // replaces the first
  CHECK(db.get(ann, profile) == &p2);
  CHECK(db.find_by_pk<Profile>(1)->userId == std::nullopt);  // optional key: set to NULL
  db.set(ann, profile, std::optional<std::int64_t>{1});
  CHECK(db.get(ann, profile)->bio == "first");
  CHECK(db.find_by_pk<Profile>(2)->userId == std::nullopt);

  const Post& d = db.create(Post{.title = "d", .authorId = 1});
  const User& carol = db.create(d, reviewer, User{.name = "carol"});
  CHECK(db.get(*db.find_by_pk<Post>(d.id), reviewer) == &carol);
}

TEST_CASE("belongs_to_many: add with through values, get reads them, remove deletes join rows",
          "[associations]") {
  auto db = shop();
  const Order& o = *db.find_by_pk<Order>(1);
  db.add(o, orderedProducts, *db.find_by_pk<Product>(3),
         OrderItem{.quantity = 2, .price = Money("1.00")});
  // 3 is already linked: its join row takes the new values (Sequelize's add with through)
  db.add(o, orderedProducts, std::vector<std::int64_t>{1, 3},
         OrderItem{.quantity = 5, .price = Money("1.00")});
  auto linked = db.get(o, orderedProducts);
  REQUIRE(linked.size() == 2);
  CHECK(linked[0].row->id == 3);
  CHECK(linked[0].through->quantity == 5);
  CHECK(linked[1].row->id == 1);
  CHECK(linked[1].through->quantity == 5);
  CHECK(db.has(o, orderedProducts, std::vector<std::int64_t>{1, 3}));
  CHECK(db.count(o, orderedProducts) == 2);
  CHECK(db.count(*db.find_by_pk<Product>(3), inventory::orders) == 1);
  db.remove(o, orderedProducts, *db.find_by_pk<Product>(3));
  CHECK(db.count<OrderItem>() == 1);
  CHECK(db.find_by_pk<Product>(3) != nullptr);  // the product itself stays
  db.set(o, orderedProducts, std::vector<std::int64_t>{2, 4},
         OrderItem{.quantity = 1, .price = Money("1.00")});
  std::vector<std::int64_t> now;
  for (const auto& l : db.get(o, orderedProducts)) now.push_back(l.row->id);
  CHECK(now == std::vector<std::int64_t>{2, 4});
  const Product& made =
      db.create(o, orderedProducts, Product{.name = "new", .categoryId = 1, .price = Money("3.00")},
                OrderItem{.quantity = 7, .price = Money("3.00")});
  CHECK(db.get(o, orderedProducts).back().row == &made);
  CHECK(db.get(o, orderedProducts).back().through->quantity == 7);
}

TEST_CASE(
    "belongs_to_many: add returns the join rows it created; re-adding rewrites through "
    "values, keeping the join row's key and createdAt",
    "[associations]") {
  auto db = shop();
  db.set_clock(relata::fixed_clock(kT0));
  const Order& o = *db.find_by_pk<Order>(1);
  const std::vector<const OrderItem*> made =
      db.add(o, orderedProducts, std::vector<std::int64_t>{1, 2},
             OrderItem{.quantity = 2, .price = Money("1.00")});
  REQUIRE(made.size() == 2);
  CHECK(made[0]->productId == 1);
  CHECK(made[1]->productId == 2);
  CHECK(made[0] == db.get(o, orderedProducts)[0].through);

  const auto t1 = relata::Timestamp::parse("2026-02-01T08:00:00.000Z");
  db.set_clock(relata::fixed_clock(t1));
  const std::int64_t join_id = made[0]->id;
  CHECK(db.add(o, orderedProducts, *db.find_by_pk<Product>(1),
               OrderItem{.quantity = 9, .price = Money("4.00")})
            .empty());
  const OrderItem& rewritten = *db.find_by_pk<OrderItem>(join_id);
  CHECK(rewritten.quantity == 9);
  CHECK(rewritten.price == Money("4.00"));
  CHECK(rewritten.orderId == 1);
  CHECK(rewritten.productId == 1);
  CHECK(rewritten.createdAt == kT0);
  CHECK(rewritten.updatedAt == t1);
  CHECK(db.count<OrderItem>() == 2);

  // without values, a pair already linked is left as it is
  (void)db.add(o, orderedProducts, std::vector<std::int64_t>{1});
  CHECK(db.find_by_pk<OrderItem>(join_id)->quantity == 9);

  // set with values rewrites the pairs it keeps
  db.set(o, orderedProducts, std::vector<std::int64_t>{2},
         OrderItem{.quantity = 3, .price = Money("1.00")});
  REQUIRE(db.get(o, orderedProducts).size() == 1);
  CHECK(db.get(o, orderedProducts)[0].through->quantity == 3);

  SECTION("a rewrite that breaks a rule changes nothing") {
    const std::string before = dump(db);
    CHECK_THROWS_AS(db.add(o, orderedProducts, std::vector<std::int64_t>{2, 3},
                           OrderItem{.quantity = 0, .price = Money("1.00")}),
                    relata::ValidationError);
    CHECK(dump(db) == before);
    CHECK(db.check().empty());
  }
}

TEST_CASE("a failing mixin changes nothing", "[associations]") {
  auto db = shop();
  const Order& o = *db.find_by_pk<Order>(1);
  const std::string before = dump(db);
  // the second product does not exist: the first link must not stay behind
  CHECK_THROWS_AS(db.add(o, orderedProducts, std::vector<std::int64_t>{1, 99},
                         OrderItem{.quantity = 1, .price = Money("1.00")}),
                  relata::NotFoundError);
  CHECK(dump(db) == before);
  CHECK_THROWS_AS(db.add(o, orderedProducts, std::vector<std::int64_t>{1, 2},
                         OrderItem{.quantity = 0, .price = Money("1.00")}),
                  relata::ValidationError);
  CHECK(dump(db) == before);
  const Category& tools = *db.find_by_pk<Category>(1);
  CHECK_THROWS_AS(db.add(tools, products, std::vector<std::int64_t>{2, 42}), relata::NotFoundError);
  CHECK(dump(db) == before);
}

TEST_CASE("the README's mixin calls compile as written, with braced key lists", "[associations]") {
  auto db = shop();
  const Category& c = *db.find_by_pk<Category>(2);
  db.set(c, products, {1, 2});
  db.add(c, products, {3});
  CHECK(db.has(c, products, {1, 2, 3}));
  CHECK(db.count(c, products) == 3);
  db.remove(c, products, {3});
  CHECK(!db.has(c, products, {3}));
  CHECK(ids(db.get(c, products)) == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("belongs_to_many through_as names the join object in JSON", "[associations]") {
  auto db = shop();
  static constexpr auto lines = orderedProducts.through_as("line");
  const Order& o = *db.find_by_pk<Order>(1);
  db.add(o, lines, std::vector<std::int64_t>{2}, OrderItem{.quantity = 4, .price = Money("2.00")});
  auto r = db.find_by_pk<Order>(
      1, relata::include(lines, relata::attributes(&Product::id),
                         relata::through<OrderItem>(relata::attributes(&OrderItem::quantity))));
  CHECK(relata::to_string(r.to_json()) ==
        R"({"id":1,"orderNumber":"ORD-1","total":"0.00","createdAt":"2026-01-15T10:30:00.000Z",)"
        R"("updatedAt":"2026-01-15T10:30:00.000Z","products":[{"id":2,"line":{"quantity":4}}]})");
  // the same rows without the alias: the join model's name
  auto plain = db.find_by_pk<Order>(
      1, relata::include(orderedProducts, relata::attributes(&Product::id),
                         relata::through<OrderItem>(relata::attributes(&OrderItem::quantity))));
  CHECK(relata::to_string(plain.to_json()).find(R"({"id":2,"OrderItem":{"quantity":4}})") !=
        std::string::npos);
  // refused like an alias
  CHECK_THROWS_WITH(orderedProducts.through_as("price"),
                    "schema error: a join object's alias is a column name of the target model: "
                    "price");
  CHECK_THROWS_WITH(orderedProducts.through_as(""),
                    "schema error: a join object's alias is empty: ");
}

TEST_CASE("belongs_to_many add with per-target through values", "[associations]") {
  auto db = shop();
  const Order& o = *db.find_by_pk<Order>(1);
  const auto made = db.add(o, orderedProducts,
                           {{2, OrderItem{.quantity = 1, .price = Money("1.00")}},
                            {3, OrderItem{.quantity = 5, .price = Money("2.00")}}});
  REQUIRE(made.size() == 2);
  CHECK(made[0]->productId == 2);
  CHECK(made[0]->quantity == 1);
  CHECK(made[1]->productId == 3);
  CHECK(made[1]->price == Money("2.00"));
  // a pair already linked takes its new values; a missing target refuses the whole call
  const std::string before = dump(db);
  try {
    (void)db.add(o, orderedProducts,
                 {{2, OrderItem{.quantity = 9, .price = Money("1.00")}},
                  {99, OrderItem{.quantity = 1, .price = Money("1.00")}}});
    FAIL("no error");
  } catch (const relata::NotFoundError& e) {
    CHECK(std::string(e.what()) == "not found: no row of products has id = 99");
  }
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
  CHECK(
      db.add(o, orderedProducts, {{2, OrderItem{.quantity = 9, .price = Money("1.00")}}}).empty());
  CHECK(db.get(o, orderedProducts)[0].through->quantity == 9);
}
