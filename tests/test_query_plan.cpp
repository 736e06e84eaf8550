// Typed include plans: a query whose includes are plain (no where, order_by, limit, offset
// or required at any depth; not belongs_to_many) loads them with compiled code. Each case
// runs the same query both ways — as written (the plan) and with required(false) on its
// top-level includes, which means the same but has no plan (the general loader) — and
// compares what C++ and JSON see.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;
using relata::include;
using relata::required;

namespace {

template <class T>
bool planned(const relata::Query<T>& q) {
  return q.spec()->plan != nullptr;
}

std::string json(const auto& result) {
  return relata::to_string(result.to_json());
}

/// The JSON of find_by_pk<T>(key, q) for every key in `keys` (null when absent), one line
/// each.
template <class T>
std::string by_keys(const relata::Database& db, const relata::Query<T>& q,
                    std::initializer_list<std::int64_t> keys) {
  std::string out;
  for (std::int64_t k : keys) out += json(db.find_by_pk<T>(k, q)) + "\n";
  return out;
}

}  // namespace

TEST_CASE("plain includes have a plan; filtering, ordering, cutting ones do not",
          "[include][plan]") {
  using relata::col;
  CHECK(planned(relata::Query<Product>(include(category))));
  CHECK(planned(relata::Query<Order>(include(items, include(product)))));
  CHECK(planned(relata::Query<Category>(
      include(products, relata::attributes(&Product::id, &Product::name)))));
  // root options do not touch the includes' plan
  CHECK(planned(relata::Query<Category>(relata::where(col<&Category::id> > 1),
                                        relata::order_by(relata::desc(&Category::name)),
                                        relata::limit(2), include(products))));
  CHECK(planned(relata::Query<Product>()));  // no include: the empty plan

  CHECK_FALSE(planned(relata::Query<Product>(include(category, required(false)))));
  CHECK_FALSE(planned(relata::Query<Category>(
      include(products, relata::where(col<&Product::price> > Money("10.00"))))));
  CHECK_FALSE(planned(relata::Query<Category>(include(products, relata::limit(1)))));
  CHECK_FALSE(planned(
      relata::Query<Category>(include(products, relata::order_by(relata::desc(&Product::id))))));
  CHECK_FALSE(planned(relata::Query<Order>(include(items, include(product, required())))));
  CHECK_FALSE(planned(relata::Query<Order>(include(orderedProducts))));  // belongs_to_many
}

TEST_CASE("a plan loads what the general loader loads: belongs_to, has_many, nested",
          "[include][plan]") {
  auto db = include_shop();
  const relata::Query<Product> with_category(include(category));
  const relata::Query<Product> with_category_general(include(category, required(false)));
  REQUIRE(planned(with_category));
  REQUIRE_FALSE(planned(with_category_general));
  const std::string category_json = by_keys(db, with_category, {1, 2, 3, 9});
  CHECK(category_json == by_keys(db, with_category_general, {1, 2, 3, 9}));
  CHECK(category_json.find("\"category\":{\"id\":2,\"name\":\"Garden\"") != std::string::npos);
  CHECK(db.find_by_pk<Product>(3, with_category).get(category)->name == "Tools");
  CHECK_FALSE(db.find_by_pk<Product>(9, with_category));

  const auto names = relata::attributes(&Product::id, &Product::name);
  const relata::Query<Category> with_products(include(products, names));
  const relata::Query<Category> with_products_general(include(products, names, required(false)));
  CHECK(by_keys(db, with_products, {1, 2, 3, 4}) ==
        by_keys(db, with_products_general, {1, 2, 3, 4}));
  const auto tools = db.find_by_pk<Category>(1, with_products);
  std::vector<std::string> loaded;
  for (auto p : tools.get(products)) loaded.push_back(p->name);
  CHECK(loaded == std::vector<std::string>{"Hammer", "Saw"});  // key order
  CHECK(db.find_by_pk<Category>(3, with_products).get(products).empty());

  const relata::Query<Order> nested(include(items, include(product)));
  const relata::Query<Order> nested_general(include(items, include(product), required(false)));
  CHECK(by_keys(db, nested, {1, 2, 3, 4}) == by_keys(db, nested_general, {1, 2, 3, 4}));
  const auto o = db.find_by_pk<Order>(1, nested);
  std::int64_t cents = 0;
  for (auto item : o.get(items)) cents += item->quantity * item.get(product)->price.units();
  CHECK(cents == 2 * 999 + 2450);
}

TEST_CASE("a plan under root where / order_by / limit / offset (find_all, find_one)",
          "[include][plan]") {
  using relata::col;
  auto db = include_shop();
  const auto run = [&](auto&&... inc) {
    return json(db.find_all<Category>(relata::where(col<&Category::id> < 3),
                                      relata::order_by(relata::desc(&Category::name)),
                                      relata::offset(0), relata::limit(2), inc...));
  };
  const std::string planned_json = run(include(products, include(category)));
  CHECK(planned_json == run(include(products, include(category), required(false))));
  CHECK(planned_json.rfind("[{\"id\":1,\"name\":\"Tools\"", 0) == 0);  // Tools before Garden
  CHECK(json(db.find_all<Product>(include(category))) ==
        json(db.find_all<Product>(include(category, required(false)))));
  CHECK(json(db.find_one<Order>(relata::where(col<&Order::orderNumber> == "ORD-2"),
                                include(items, include(product)))) ==
        json(db.find_one<Order>(relata::where(col<&Order::orderNumber> == "ORD-2"),
                                include(items, include(product), required(false)))));
  // by key with a root where: the plan still runs under the executor's filter
  const relata::Query<Order> filtered(relata::where(col<&Order::orderNumber> == "ORD-9"),
                                      include(items));
  CHECK(planned(filtered));
  CHECK_FALSE(db.find_by_pk<Order>(1, filtered));
}

TEST_CASE("a plan on has_one, a unique source / target key, several includes, self",
          "[include][plan]") {
  auto db = association_shapes();

  const auto same = [&]<class T>(std::type_identity<T>, auto planned_q, auto general_q,
                                 std::initializer_list<std::int64_t> keys) {
    REQUIRE(planned(planned_q));
    REQUIRE_FALSE(planned(general_q));
    const std::string a = by_keys<T>(db, planned_q, keys);
    CHECK(a == by_keys<T>(db, general_q, keys));
    return a;
  };
  const std::string users =
      same(std::type_identity<User>{}, relata::Query<User>(include(profile), include(posts)),
           relata::Query<User>(include(profile, required(false)), include(posts)), {1, 2});
  CHECK(users.find("\"profile\":null") != std::string::npos);
  CHECK(users.find("\"bio\":\"hi\"") != std::string::npos);
  same(std::type_identity<Post>{}, relata::Query<Post>(include(author), include(reviewer)),
       relata::Query<Post>(include(author), include(reviewer, required(false))), {1, 2});
  CHECK(db.find_by_pk<Post>(2, relata::Query<Post>(include(author), include(reviewer)))
            .get(reviewer)
            .row() == nullptr);
  same(std::type_identity<Node>{}, relata::Query<Node>(include(children, include(children))),
       relata::Query<Node>(include(children, include(children), required(false))), {1, 2, 4});
  const std::string houses =
      same(std::type_identity<Warehouse>{}, relata::Query<Warehouse>(include(crates)),
           relata::Query<Warehouse>(include(crates, required(false))), {1, 2});
  CHECK(houses.find("\"label\":\"b\"") < houses.find("\"label\":\"a\""));  // north first
  same(std::type_identity<Crate>{}, relata::Query<Crate>(include(warehouse)),
       relata::Query<Crate>(include(warehouse, required(false))), {1, 2, 3});
  CHECK(db.find_by_pk<Crate>(1, include(warehouse)).get(warehouse)->name == "south");
}

TEST_CASE("Row::get finds an include by its association or by an equal alias, else throws",
          "[include][plan]") {
  auto db = include_shop();
  const auto p = db.find_by_pk<Product>(1, include(category));
  // an association built at run time: the same alias text at another address
  const std::string alias = "category";
  const auto same_alias = relata::belongs_to<&Product::categoryId>(alias);
  REQUIRE(same_alias.as.data() != category.as.data());
  CHECK(p.get(same_alias)->name == "Tools");
  const auto o = db.find_by_pk<Order>(1, include(items));
  CHECK_THROWS_WITH(o.get(orderedProducts),
                    "schema error: the association 'products' was not included in the query");
}
