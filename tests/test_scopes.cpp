// Model scopes (Sequelize's defaultScope, addScope, scope(...), unscoped()): applied by every
// finder, count, aggregate, write by where and include of the model; not by lazy accessors.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace inventory;
using relata::col;
using relata::where;

namespace {

std::string json(const auto& r) {
  return relata::to_string(r.to_json());
}

std::vector<std::int64_t> ids(const relata::Rows<Product>& rows) {
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(r->id);
  return out;
}

/// include_shop with a default scope on products (price under 20) and two named scopes.
relata::Database scoped() {
  auto db = testing_models::include_shop();
  db.default_scope<Product>(where(col<&Product::price> < Money("20.00")));
  db.add_scope<Product>("tools", where(col<&Product::categoryId> == 1));
  db.add_scope<Product>("dear", where(col<&Product::price> > Money("10.00")));
  return db;
}

}  // namespace

TEST_CASE("a default scope applies to every finder of the model", "[scopes]") {
  auto db = scoped();
  CHECK(ids(db.find_all<Product>()) == std::vector<std::int64_t>{1, 2});  // not Saw (24.50)
  CHECK(db.find_by_pk<Product>(3) == nullptr);
  CHECK(!db.find_by_pk<Product>(3, relata::attributes(&Product::id)));
  CHECK(db.find_by_pk<Product>(1) != nullptr);
  CHECK(db.count<Product>() == 2);
  CHECK(db.count<Product>(where(col<&Product::categoryId> == 1)) == 1);
  CHECK(!db.find_one<Product>(where(col<&Product::name> == "Saw")));
  CHECK(json(db.aggregate<Product>(relata::fn::count())) == R"([{"count":2}])");
  CHECK(*db.max(&Product::price) == Money("15.00"));
  // unscoped() lifts it.
  CHECK(ids(db.find_all<Product>(relata::unscoped())) == std::vector<std::int64_t>{1, 2, 3});
  CHECK(db.count<Product>(relata::unscoped()) == 3);
  // A prepared query gets the scope at each run: a scope set later applies too.
  relata::Query<Product> all;
  CHECK(ids(db.find_all<Product>(all)).size() == 2);
  db.default_scope<Product>(where(col<&Product::price> < Money("10.00")));
  CHECK(ids(db.find_all<Product>(all)) == std::vector<std::int64_t>{1});
}

TEST_CASE("named scopes replace the default scope and combine", "[scopes]") {
  auto db = scoped();
  CHECK(ids(db.find_all<Product>(relata::scope("tools"))) == std::vector<std::int64_t>{1, 3});
  CHECK(ids(db.find_all<Product>(relata::scope("tools"), relata::scope("dear"))) ==
        std::vector<std::int64_t>{3});
  CHECK(ids(db.find_all<Product>(relata::scope("dear"), where(col<&Product::id> > 2))) ==
        std::vector<std::int64_t>{3});
  CHECK_THROWS_WITH(db.find_all<Product>(relata::scope("cheap")),
                    "schema error: products has no scope named cheap");
  // A name the program makes is shown escaped, as every string in a sentence is.
  CHECK_THROWS_WITH(db.find_all<Product>(relata::scope("che\x1b[2Jap")),
                    R"(schema error: products has no scope named che\x1b[2Jap)");
  CHECK_THROWS_WITH(db.add_scope<Product>("tools", where(col<&Product::id> == 1)),
                    "schema error: products already has a scope named tools");
}

TEST_CASE("a target's default scope filters its includes without making them required",
          "[scopes]") {
  auto db = scoped();
  auto cats = db.find_all<Category>(relata::attributes(&Category::name),
                                    relata::include(products, relata::attributes(&Product::name)));
  CHECK(json(cats) ==
        R"([{"name":"Tools","products":[{"name":"Hammer"}]},)"
        R"({"name":"Garden","products":[{"name":"Hose"}]},{"name":"Empty","products":[]}])");
  auto items = db.find_all<OrderItem>(relata::attributes(&OrderItem::id),
                                      relata::include(product, relata::attributes(&Product::name)));
  CHECK(json(items) == R"([{"id":1,"product":{"name":"Hammer"}},{"id":2,"product":null},)"
                       R"({"id":3,"product":{"name":"Hose"}}])");
  auto named = db.find_by_pk<Category>(
      1, relata::attributes(&Category::name),
      relata::include(products, relata::scope("dear"), relata::attributes(&Product::name)));
  CHECK(json(named) == R"({"name":"Tools","products":[{"name":"Saw"}]})");
  auto all = db.find_by_pk<Category>(
      1, relata::attributes(&Category::name),
      relata::include(products, relata::unscoped(), relata::attributes(&Product::name)));
  CHECK(json(all) == R"({"name":"Tools","products":[{"name":"Hammer"},{"name":"Saw"}]})");
  // Lazy accessors are index views: no scope.
  CHECK(db.count(*db.find_by_pk<Category>(1), products) == 2);
}

TEST_CASE("order_by and group_by through an association skip rows the target's scope hides",
          "[scopes]") {
  // The path followed a row the target's default scope hides: item 2 sorted and grouped
  // under the Saw, though its include showed no product.
  auto db = scoped();
  auto items = db.find_all<OrderItem>(relata::order_by(relata::desc(product, &Product::name)));
  std::vector<std::int64_t> order;
  for (const auto& r : items) order.push_back(r->id);
  CHECK(order == std::vector<std::int64_t>{3, 1, 2});  // Hose, Hammer, then NULL
  auto units = db.aggregate<OrderItem>(relata::group_by(product, &Product::name),
                                       relata::fn::sum(&OrderItem::quantity).as("units"));
  CHECK(json(units) == R"([{"product.name":null,"units":1},{"product.name":"Hammer","units":2},)"
                       R"({"product.name":"Hose","units":3}])");
}

TEST_CASE("writes by where honour the default scope; scopes are set outside statements",
          "[scopes]") {
  auto db = scoped();
  CHECK(db.update(where(col<&Product::categoryId> == 1), [](Product& p) { p.name += "!"; }) == 1);
  CHECK(db.find_by_pk<Product>(3, relata::unscoped())->name == "Saw");
  auto tx = db.begin();
  CHECK_THROWS_AS(db.default_scope<Product>(where(col<&Product::id> == 1)), relata::Error);
  tx.rollback();
  CHECK(db.check().empty());
}
