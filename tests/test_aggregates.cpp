// Grouped aggregates (Database::aggregate): Sequelize's attributes that are aggregates with
// group, count of distinct values, group_by a column of an included belongs_to; exact rows
// and JSON, NULL handling, the empty query, overflow and naming errors.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace inventory;
using relata::col;
using relata::where;
namespace fn = relata::fn;

namespace {

std::string json(const relata::Groups& g) {
  return relata::to_string(g.to_json());
}

}  // namespace

TEST_CASE("aggregate groups rows by a column, each group in key order", "[aggregates]") {
  auto db = testing_models::include_shop();
  auto g = db.aggregate<Product>(relata::group_by(&Product::categoryId), fn::count().as("n"),
                                 fn::sum(&Product::price).as("total"), fn::min(&Product::name),
                                 fn::max(&Product::price), fn::avg(&Product::price));
  CHECK(g.names() == std::vector<std::string>{"categoryId", "n", "total", "min", "max", "avg"});
  REQUIRE(g.size() == 2);
  CHECK(g[0]["categoryId"] == relata::Value(std::int64_t{1}));
  CHECK(g[0]["n"] == relata::Value(std::int64_t{2}));
  CHECK(json(g) ==
        R"([{"categoryId":1,"n":2,"total":"34.49","min":"Hammer","max":"24.50","avg":"17.25"},)"
        R"({"categoryId":2,"n":1,"total":"15.00","min":"Hose","max":"15.00","avg":"15.00"}])");
  CHECK_THROWS_WITH(g[0]["nope"], "schema error: the aggregate has no column named nope");
  CHECK_THROWS_WITH(g[0]["no\tpe"], R"(schema error: the aggregate has no column named no\tpe)");
}

TEST_CASE("aggregate without group_by is one row, also over no rows", "[aggregates]") {
  auto db = testing_models::include_shop();
  auto all = db.aggregate<OrderItem>(fn::count(), fn::sum(&OrderItem::quantity),
                                     fn::avg(&OrderItem::quantity),
                                     fn::count_distinct(&OrderItem::orderId).as("orders"));
  CHECK(json(all) == R"([{"count":3,"sum":6,"avg":2,"orders":2}])");
  auto none = db.aggregate<OrderItem>(where(col<&OrderItem::quantity> > 10), fn::count(),
                                      fn::sum(&OrderItem::quantity), fn::max(&OrderItem::price));
  CHECK(json(none) == R"([{"count":0,"sum":null,"max":null}])");
  // Grouped over no rows: no group at all.
  CHECK(db.aggregate<OrderItem>(where(col<&OrderItem::quantity> > 10),
                                relata::group_by(&OrderItem::orderId), fn::count())
            .empty());
}

TEST_CASE("NULLs: a group of their own, skipped by every aggregate but count()", "[aggregates]") {
  auto db = testing_models::include_shop();
  db.create(OrderItem{.productId = 1, .quantity = 4, .price = Money("9.99")});  // no order
  db.create(Category{.name = "Paint", .description = "Walls"});
  auto items = db.aggregate<OrderItem>(relata::group_by(&OrderItem::orderId), fn::count(),
                                       fn::count(&OrderItem::orderId).as("with_order"));
  CHECK(json(items) ==
        R"([{"orderId":null,"count":1,"with_order":0},{"orderId":1,"count":2,"with_order":2},)"
        R"({"orderId":2,"count":1,"with_order":1}])");
  auto described = db.aggregate<Category>(fn::count().as("all"),
                                          fn::count(&Category::description).as("described"),
                                          fn::min(&Category::description).as("first"));
  CHECK(json(described) == R"([{"all":4,"described":2,"first":"Hand tools"}])");
}

TEST_CASE("group_by a column of an included belongs_to, with a where and two keys",
          "[aggregates]") {
  auto db = testing_models::include_shop();
  auto by_category = db.aggregate<OrderItem>(relata::group_by(product, &Product::categoryId),
                                             fn::sum(&OrderItem::quantity).as("units"));
  CHECK(json(by_category) ==
        R"([{"product.categoryId":1,"units":3},{"product.categoryId":2,"units":3}])");
  auto two = db.aggregate<OrderItem>(relata::group_by(&OrderItem::orderId, &OrderItem::productId),
                                     where(col<&OrderItem::quantity> >= 2), fn::count());
  CHECK(json(two) ==
        R"([{"orderId":1,"productId":1,"count":1},{"orderId":2,"productId":2,"count":1}])");
  // A required include filters the rows aggregated.
  auto tools = db.aggregate<Product>(
      relata::include(category, where(col<&Category::name> == "Tools")), fn::count());
  CHECK(json(tools) == R"([{"count":2}])");
}

TEST_CASE("aggregate errors: a repeated name, an overflowing sum", "[aggregates]") {
  auto db = testing_models::include_shop();
  CHECK_THROWS_WITH(db.aggregate<Category>(fn::count(), fn::count(&Category::description)),
                    "schema error: two columns of an aggregate of categories are named count: "
                    "name one with .as(\"...\")");
  auto described = db.aggregate<Category>(fn::count(), fn::count(&Category::description).as("d"),
                                          fn::min(&Category::description).as("first"));
  CHECK(json(described) == R"([{"count":3,"d":1,"first":"Hand tools"}])");

  relata::Database big;
  big.define<testing_models::Sample>();
  big.create(testing_models::Sample{.x = 1, .u = 1});
  auto s = big.aggregate<testing_models::Sample>(fn::sum(&testing_models::Sample::x));
  CHECK(json(s) == R"([{"sum":1}])");
  relata::Database nodes;
  nodes.define<testing_models::Node>();
  nodes.create(
      testing_models::Node{.id = std::numeric_limits<std::int64_t>::max() - 1, .name = "a"});
  nodes.create(testing_models::Node{.id = 2, .name = "b"});
  const std::string before = testing_models::dump(nodes);
  CHECK_THROWS_WITH(nodes.aggregate<testing_models::Node>(fn::sum(&testing_models::Node::id)),
                    "validation failed: sum of nodes.id overflows its type");
  CHECK(testing_models::dump(nodes) == before);
}
