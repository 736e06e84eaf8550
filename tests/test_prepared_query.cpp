// Prepared queries (relata::prepare): when every include is plain, the query names its include
// plans in its type and find_by_pk returns a Loaded, whose includes sit in compiled slots.
// Each case runs the same options as a prepared query and as a relata::Query<T> (the
// type-erased Result) and compares what C++ and JSON see; the fallback paths (a root where,
// scopes) and the choice between PreparedQuery and Query<T> are checked too.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;
using relata::col;
using relata::include;
using relata::required;

namespace {

template <class Q>
constexpr bool is_prepared = relata::detail::is_prepared_query<Q>;

std::string json(const auto& result) {
  return relata::to_string(result.to_json());
}

/// The JSON of find_by_pk<T>(key, q) for every key in `keys` (null when absent), one line
/// each, through the prepared query `p` and through Query<T> `q`; CHECKs they agree.
template <class T, class P>
std::string both(const relata::Database& db, const P& p, std::initializer_list<std::int64_t> keys) {
  static_assert(is_prepared<P>, "the case expects a typed prepared query");
  const relata::Query<T>& q = p;  // the same description, through the type-erased path
  std::string typed, erased;
  for (std::int64_t k : keys) {
    typed += json(db.find_by_pk<T>(k, p)) + "\n";
    erased += json(db.find_by_pk<T>(k, relata::Query<T>(q))) + "\n";
  }
  CHECK(typed == erased);
  return typed;
}

}  // namespace

TEST_CASE("prepare types a query whose includes are all plain, and only such a query",
          "[prepared][include]") {
  using relata::prepare;
  static_assert(is_prepared<decltype(prepare<Product>(include(category)))>);
  static_assert(is_prepared<decltype(prepare<Order>(include(items, include(product))))>);
  static_assert(is_prepared<decltype(prepare<Category>(
                    include(products, relata::attributes(&Product::id, &Product::name))))>);
  // root options leave the includes plain; no include at all is the empty plan
  static_assert(is_prepared<decltype(prepare<Category>(relata::where(col<&Category::id> > 1),
                                                       relata::limit(2), include(products)))>);
  static_assert(is_prepared<decltype(prepare<Product>())>);
  // the self association at two depths: one include per level
  static_assert(is_prepared<decltype(prepare<Node>(include(children, include(children))))>);

  using erased_product = relata::Query<Product>;
  static_assert(std::is_same_v<decltype(prepare<Product>(include(category, required(false)))),
                               erased_product>);
  static_assert(std::is_same_v<decltype(prepare<Category>(include(
                                   products, relata::order_by(relata::desc(&Product::id))))),
                               relata::Query<Category>>);
  static_assert(std::is_same_v<decltype(prepare<Order>(include(orderedProducts))),
                               relata::Query<Order>>);  // belongs_to_many
  static_assert(
      std::is_same_v<decltype(prepare<Order>(include(items, include(product, required())))),
                     relata::Query<Order>>);
  static_assert(std::is_same_v<
                decltype(relata::detail::prepared_type<Product, relata::include_all_t>())::type,
                relata::Query<Product>>);
  // the same association twice (under two aliases): found by alias, so not typed
  const auto also_category = relata::belongs_to<&Product::categoryId>("kind");
  static_assert(
      std::is_same_v<decltype(prepare<Product>(include(category), include(also_category))),
                     relata::Query<Product>>);
  // a prepared query is a Query<T>: it copies, and every finder takes it
  const auto p = prepare<Product>(include(category));
  const auto copy = p;
  static_assert(std::is_same_v<decltype(copy), decltype(p)>);
  CHECK(copy.spec() == p.spec());
}

TEST_CASE("a prepared query loads what Query<T> loads: belongs_to, has_many, nested",
          "[prepared][include]") {
  auto db = include_shop();
  const auto with_category = relata::prepare<Product>(include(category));
  const std::string category_json = both<Product>(db, with_category, {1, 2, 3, 9});
  CHECK(category_json.find("\"category\":{\"id\":2,\"name\":\"Garden\"") != std::string::npos);
  const auto saw = db.find_by_pk<Product>(3, with_category);
  REQUIRE(saw);
  CHECK(saw->name == "Saw");
  CHECK((*saw).id == 3);
  CHECK(saw.operator->() == db.find_by_pk<Product>(3));  // the stored row itself
  CHECK(saw.get(category)->name == "Tools");
  CHECK(saw.get(category).row() == db.find_by_pk<Category>(1));
  CHECK_FALSE(db.find_by_pk<Product>(9, with_category));
  CHECK(json(db.find_by_pk<Product>(9, with_category)) == "null");
  // a key no row of the key's type can hold: nothing found, nothing thrown
  CHECK_FALSE(db.find_by_pk<Product>(std::numeric_limits<std::uint64_t>::max(), with_category));

  const auto names = relata::attributes(&Product::id, &Product::name);
  const auto with_products = relata::prepare<Category>(include(products, names));
  const std::string categories = both<Category>(db, with_products, {1, 2, 3, 4});
  CHECK(categories.find(R"("products":[{"id":1,"name":"Hammer"},{"id":3,"name":"Saw"}]})") !=
        std::string::npos);
  CHECK(categories.find(R"("products":[]})") != std::string::npos);  // Empty
  CHECK(categories.substr(categories.size() - 5) == "null\n");
  const auto tools = db.find_by_pk<Category>(1, with_products);
  std::vector<std::string> loaded;
  for (auto p : tools.get(products)) loaded.push_back(p->name);
  CHECK(loaded == std::vector<std::string>{"Hammer", "Saw"});  // key order
  CHECK(tools.get(products).size() == 2);
  CHECK(tools.get(products)[1].row() == db.find_by_pk<Product>(3));
  CHECK(db.find_by_pk<Category>(3, with_products).get(products).empty());

  const auto nested = relata::prepare<Order>(include(items, include(product)));
  both<Order>(db, nested, {1, 2, 3, 4});
  const auto o = db.find_by_pk<Order>(1, nested);
  std::int64_t cents = 0;
  for (const auto& item : o.get(items)) cents += item->quantity * item.get(product)->price.units();
  CHECK(cents == 2 * 999 + 2450);
  CHECK(o.row().get(items).size() == 2);
}

TEST_CASE("a prepared query on has_one, unique keys, several includes, a self join, many rows",
          "[prepared][include]") {
  auto db = association_shapes();
  for (int i = 0; i < 40; ++i)  // more children than a has_many holds inline: ids 5 to 44
    db.create(Node{.name = "n" + std::to_string(i), .parentId = 1});

  const std::string users =
      both<User>(db, relata::prepare<User>(include(profile), include(posts)), {1, 2, 3});
  CHECK(users.find("\"profile\":null") != std::string::npos);
  CHECK(users.find("\"bio\":\"hi\"") != std::string::npos);
  const auto user = relata::prepare<User>(include(profile), include(posts));
  CHECK_FALSE(db.find_by_pk<User>(1, user).get(profile));
  CHECK(db.find_by_pk<User>(2, user).get(profile)->bio == "hi");
  CHECK(db.find_by_pk<User>(1, user).get(posts).size() == 2);

  const auto post = relata::prepare<Post>(include(author), include(reviewer));
  both<Post>(db, post, {1, 2});
  CHECK(db.find_by_pk<Post>(2, post).get(reviewer).row() == nullptr);
  CHECK(db.find_by_pk<Post>(1, post).get(reviewer)->name == "bob");

  const auto tree = relata::prepare<Node>(include(children, include(children)));
  both<Node>(db, tree, {1, 2, 4, 44, 99});
  const auto root = db.find_by_pk<Node>(1, tree);
  REQUIRE(root.get(children).size() == 42);  // a, b, n0 ... n39
  CHECK(root.get(children)[41]->name == "n39");
  CHECK(root.get(children)[0].get(children).size() == 1);
  CHECK(root.get(children)[0].get(children)[0]->name == "a1");
  CHECK(root.get(children)[1].get(children).empty());

  const std::string houses =
      both<Warehouse>(db, relata::prepare<Warehouse>(include(crates)), {1, 2});
  CHECK(houses.find("\"label\":\"b\"") < houses.find("\"label\":\"a\""));  // north first
  const auto crate = relata::prepare<Crate>(include(warehouse));
  both<Crate>(db, crate, {1, 2, 3});
  CHECK(db.find_by_pk<Crate>(1, crate).get(warehouse)->name == "south");
  CHECK_FALSE(db.find_by_pk<Crate>(3, crate).get(warehouse));
}

TEST_CASE("a prepared query with a root where, limit or a scope takes the general path",
          "[prepared][include][scope]") {
  using relata::where;
  auto db = include_shop();
  const auto filtered =
      relata::prepare<Order>(where(col<&Order::orderNumber> == "ORD-2"), include(items));
  static_assert(is_prepared<std::remove_cvref_t<decltype(filtered)>>);
  CHECK(both<Order>(db, filtered, {1, 2, 9}).rfind("null\n{\"id\":2,", 0) == 0);
  CHECK(db.find_by_pk<Order>(2, filtered).get(items).size() == 1);
  CHECK_FALSE(db.find_by_pk<Order>(1, filtered));
  both<Order>(db, relata::prepare<Order>(relata::limit(0), include(items)), {1, 2});
  CHECK_FALSE(db.find_by_pk<Order>(1, relata::prepare<Order>(relata::offset(1), include(items))));

  // A default scope on an included model filters its rows, as through Query<T>.
  const auto with_products = relata::prepare<Category>(include(products));
  db.default_scope<Product>(where(col<&Product::price> < Money("20.00")));
  both<Category>(db, with_products, {1, 2, 3});
  std::vector<std::string> kept;
  const auto tools = db.find_by_pk<Category>(1, with_products);  // named: the loop reads into it
  for (const auto& p : tools.get(products)) kept.push_back(p->name);
  CHECK(kept == std::vector<std::string>{"Hammer"});  // Saw costs 24.50
  // and one on the root model hides the row itself
  db.default_scope<Category>(where(col<&Category::name> != "Tools"));
  CHECK_FALSE(db.find_by_pk<Category>(1, with_products));
  CHECK(db.find_by_pk<Category>(2, with_products).get(products).size() == 1);
  both<Category>(db, with_products, {1, 2, 3});
  const auto unscoped = relata::prepare<Category>(relata::unscoped(), include(products));
  CHECK(db.find_by_pk<Category>(1, unscoped).get(products).size() == 1);  // Product's scope stays
  both<Category>(db, unscoped, {1, 2});
  // a named scope at the root
  db.add_scope<Category>("garden", where(col<&Category::name> == "Garden"));
  const auto garden = relata::prepare<Category>(relata::scope("garden"), include(products));
  CHECK_FALSE(db.find_by_pk<Category>(1, garden));
  CHECK(db.find_by_pk<Category>(2, garden)->name == "Garden");
  both<Category>(db, garden, {1, 2, 3});
}

TEST_CASE("a temporary prepared query gives a self-contained Result; other finders take it",
          "[prepared][include]") {
  auto db = include_shop();
  // Nothing keeps a temporary query alive, so its result is the type-erased one, which owns
  // its description.
  static_assert(std::is_same_v<decltype(db.find_by_pk<Product>(
                                   1, relata::prepare<Product>(include(category)))),
                               relata::Result<Product>>);
  const auto r = db.find_by_pk<Product>(1, relata::prepare<Product>(include(category)));
  CHECK(r.get(category)->name == "Tools");

  const auto nested = relata::prepare<Order>(include(items, include(product)));
  const relata::Query<Order> erased(include(items, include(product)));
  CHECK(json(db.find_all<Order>(nested)) == json(db.find_all<Order>(erased)));
  CHECK(json(db.find_one<Order>(nested)) == json(db.find_one<Order>(erased)));
  CHECK(db.count<Order>(nested) == 3);
}
