// Eager loading: nested includes, several per level, required vs optional, per-include
// where / order / limit, limit with has_many, belongs_to_many through-attributes, the exact
// toJSON() shape, and ordering by an included column.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;
using relata::col;
using relata::include;

namespace {

const auto kCatName = relata::attributes(&Category::name);
std::string json(const auto& result) {
  return relata::to_string(result.to_json());
}

}  // namespace

TEST_CASE("toJSON: columns in declaration order, includes under their alias", "[include]") {
  auto db = include_shop();
  auto p = db.find_by_pk<Product>(1, include(category));
  CHECK(
      json(p) ==
      R"({"id":1,"name":"Hammer","categoryId":1,"price":"9.99","createdAt":"2026-01-15T10:30:00.000Z",)"
      R"("updatedAt":"2026-01-15T10:30:00.000Z","category":{"id":1,"name":"Tools",)"
      R"("description":"Hand tools","createdAt":"2026-01-15T10:30:00.000Z",)"
      R"("updatedAt":"2026-01-15T10:30:00.000Z"}})");
  auto c = db.find_by_pk<Category>(3, relata::attributes(&Category::name), include(products));
  CHECK(json(c) == R"({"name":"Empty","products":[]})");        // plural: an array, even empty
  db.create(OrderItem{.quantity = 1, .price = Money("1.00")});  // no order, no product
  auto item = db.find_by_pk<OrderItem>(4, relata::attributes(&OrderItem::id), include(order),
                                       include(product));
  CHECK(json(item) == R"({"id":4,"order":null,"product":null})");  // singular: null
}

TEST_CASE("nested includes and several includes per level", "[include]") {
  auto db = include_shop();
  auto o = db.find_by_pk<Order>(
      1, relata::attributes(&Order::orderNumber),
      include(items, relata::attributes(&OrderItem::quantity),
              include(product, relata::attributes(&Product::name), include(category, kCatName)),
              include(order, relata::attributes(&Order::orderNumber))));
  CHECK(
      json(o) ==
      R"({"orderNumber":"ORD-1","items":[)"
      R"({"quantity":2,"product":{"name":"Hammer","category":{"name":"Tools"}},"order":{"orderNumber":"ORD-1"}},)"
      R"({"quantity":1,"product":{"name":"Saw","category":{"name":"Tools"}},"order":{"orderNumber":"ORD-1"}}]})");
  // typed access through the tree
  std::vector<std::string> names;
  for (auto item : o.get(items))
    names.push_back(item.get(product).get(category)->name + "/" + item.get(product)->name);
  CHECK(names == std::vector<std::string>{"Tools/Hammer", "Tools/Saw"});
}

TEST_CASE("an include with a where is required; required(false) keeps the parent", "[include]") {
  auto db = include_shop();
  auto cheap = relata::where(col<&Product::price> < Money("20.00"));
  auto req =
      db.find_all<Category>(kCatName, include(products, relata::attributes(&Product::name), cheap));
  CHECK(
      json(req) ==
      R"([{"name":"Tools","products":[{"name":"Hammer"}]},{"name":"Garden","products":[{"name":"Hose"}]}])");
  auto opt = db.find_all<Category>(kCatName, include(products, relata::attributes(&Product::name),
                                                     cheap, relata::required(false)));
  CHECK(
      json(opt) ==
      R"([{"name":"Tools","products":[{"name":"Hammer"}]},{"name":"Garden","products":[{"name":"Hose"}]},)"
      R"({"name":"Empty","products":[]}])");
  auto forced = db.find_all<Category>(
      kCatName, include(products, relata::required(true), relata::attributes(&Product::id)));
  CHECK(
      json(forced) ==
      R"([{"name":"Tools","products":[{"id":1},{"id":3}]},{"name":"Garden","products":[{"id":2}]}])");
  CHECK(db.count<Category>(include(products, cheap)) == 2);
}

TEST_CASE("a required grandchild under an optional child drops only that child", "[include]") {
  auto db = include_shop();
  // products, optionally with their order items, each of which must have quantity >= 2
  auto rows = db.find_all<Category>(
      kCatName, relata::where(col<&Category::id> == 1),
      include(products, relata::attributes(&Product::name), relata::required(false),
              include(orderItems, relata::attributes(&OrderItem::quantity),
                      relata::where(col<&OrderItem::quantity> >= 2))));
  // Saw's only item has quantity 1: Saw is dropped from products, Tools stays
  CHECK(json(rows) ==
        R"([{"name":"Tools","products":[{"name":"Hammer","orderItems":[{"quantity":2}]}]}])");
}

TEST_CASE("count counts root rows, never joined rows", "[include]") {
  auto db = include_shop();
  CHECK(db.count<Category>(include(products)) == 3);  // 3 categories, not 3+ joins
  CHECK(db.count<Category>(include(products, relata::required(true))) == 2);
  CHECK(db.count<Order>(include(items, include(product))) == 3);
}

TEST_CASE("limit and offset apply to root rows; a has_many is never cut short", "[include]") {
  auto db = include_shop();
  auto first = db.find_all<Category>(kCatName, relata::limit(1),
                                     include(products, relata::attributes(&Product::id)));
  CHECK(json(first) == R"([{"name":"Tools","products":[{"id":1},{"id":3}]}])");
  auto second = db.find_all<Category>(
      kCatName, relata::offset(1), relata::limit(1),
      include(products, relata::attributes(&Product::id), relata::required(true)));
  CHECK(json(second) == R"([{"name":"Garden","products":[{"id":2}]}])");
}

TEST_CASE("per-include order_by and limit apply per parent", "[include]") {
  auto db = include_shop();
  auto rows = db.find_all<Category>(
      kCatName, relata::where(col<&Category::id>.in({1, 2})),
      include(products, relata::attributes(&Product::name),
              relata::order_by(relata::desc(&Product::price)), relata::limit(1)));
  CHECK(
      json(rows) ==
      R"([{"name":"Tools","products":[{"name":"Saw"}]},{"name":"Garden","products":[{"name":"Hose"}]}])");
}

TEST_CASE("order_by a column of an included model", "[include]") {
  auto db = include_shop();
  auto rows = db.find_all<Product>(
      relata::attributes(&Product::name),
      relata::order_by(relata::asc(category, &Category::name), relata::desc(&Product::price)),
      include(category, kCatName));
  CHECK(
      json(rows) ==
      R"([{"name":"Hose","category":{"name":"Garden"}},{"name":"Saw","category":{"name":"Tools"}},)"
      R"({"name":"Hammer","category":{"name":"Tools"}}])");
}

TEST_CASE("belongs_to_many: through-attributes and a where on the join model", "[include]") {
  auto db = include_shop();
  auto o = db.find_by_pk<Order>(
      1, relata::attributes(&Order::orderNumber),
      include(orderedProducts, relata::attributes(&Product::name),
              relata::through<OrderItem>(relata::attributes(&OrderItem::quantity))));
  CHECK(json(o) ==
        R"({"orderNumber":"ORD-1","products":[{"name":"Hammer","OrderItem":{"quantity":2}},)"
        R"({"name":"Saw","OrderItem":{"quantity":1}}]})");
  CHECK(o.get(orderedProducts)[0].through<OrderItem>()->quantity == 2);
  // a row reached through the join model keeps its join object on its own, as in its parent
  CHECK(json(o.get(orderedProducts)[1]) == R"({"name":"Saw","OrderItem":{"quantity":1}})");
  CHECK(
      json(o.get(orderedProducts)) ==
      R"([{"name":"Hammer","OrderItem":{"quantity":2}},{"name":"Saw","OrderItem":{"quantity":1}}])");
  auto big = db.find_all<Order>(
      relata::attributes(&Order::orderNumber),
      include(orderedProducts, relata::attributes(&Product::name),
              relata::through<OrderItem>(relata::attributes(&OrderItem::quantity),
                                         relata::where(col<&OrderItem::quantity> >= 2))));
  // the through-where makes the include required: ORD-3 (no items) and nothing else drop
  CHECK(json(big) ==
        R"([{"orderNumber":"ORD-1","products":[{"name":"Hammer","OrderItem":{"quantity":2}}]},)"
        R"({"orderNumber":"ORD-2","products":[{"name":"Hose","OrderItem":{"quantity":3}}]}])");
  auto whole =
      db.find_by_pk<Product>(3, relata::attributes(&Product::name),
                             include(inventory::orders, relata::attributes(&Order::orderNumber)));
  CHECK(
      json(whole) ==
      R"({"name":"Saw","orders":[{"orderNumber":"ORD-1","OrderItem":{"id":2,"orderId":1,"productId":3,)"
      R"("quantity":1,"price":"24.50","createdAt":"2026-01-15T10:30:00.000Z","updatedAt":"2026-01-15T10:30:00.000Z"}}]})");
}

TEST_CASE("reading an association the query did not include is an error", "[include]") {
  auto db = include_shop();
  auto p = db.find_by_pk<Product>(1, relata::attributes(&Product::name));
  try {
    (void)p.get(category);
    FAIL("no error");
  } catch (const relata::Error& e) {
    CHECK(std::string(e.what()) ==
          "schema error: the association 'category' was not included in the query");
    CHECK(e.code() == relata::errc::schema);
  }
}

// include_all(): the associations a model lists in relata::associations<T>.
template <>
struct relata::associations<inventory::OrderItem> {
  static constexpr auto all = std::tuple{inventory::order, inventory::product};
};
template <>
struct relata::associations<inventory::Order> {
  static constexpr auto all = std::tuple{inventory::items, inventory::orderedProducts};
};

TEST_CASE("include_all loads every listed association, one level", "[include]") {
  auto db = include_shop();
  auto item =
      db.find_by_pk<OrderItem>(3, relata::attributes(&OrderItem::id), relata::include_all());
  CHECK(relata::to_string(item.to_json()) ==
        R"({"id":3,"order":{"id":2,"orderNumber":"ORD-2","total":"0.00",)"
        R"("createdAt":"2026-01-15T10:30:00.000Z","updatedAt":"2026-01-15T10:30:00.000Z"},)"
        R"("product":{"id":2,"name":"Hose","categoryId":2,"price":"15.00",)"
        R"("createdAt":"2026-01-15T10:30:00.000Z","updatedAt":"2026-01-15T10:30:00.000Z"}})");
  CHECK(item.get(product)->name == "Hose");

  // An association included explicitly keeps its options; the others come in plain.
  auto orders =
      db.find_all<Order>(relata::attributes(&Order::id), relata::include_all(),
                         relata::include(items, relata::attributes(&OrderItem::quantity)));
  CHECK(relata::to_string(orders.to_json()) ==
        R"([{"id":1,"items":[{"quantity":2},{"quantity":1}],"products":[)"
        R"({"id":1,"name":"Hammer","categoryId":1,"price":"9.99",)"
        R"("createdAt":"2026-01-15T10:30:00.000Z","updatedAt":"2026-01-15T10:30:00.000Z",)"
        R"("OrderItem":{"id":1,"orderId":1,"productId":1,"quantity":2,"price":"9.99",)"
        R"("createdAt":"2026-01-15T10:30:00.000Z","updatedAt":"2026-01-15T10:30:00.000Z"}},)"
        R"({"id":3,"name":"Saw","categoryId":1,"price":"24.50",)"
        R"("createdAt":"2026-01-15T10:30:00.000Z","updatedAt":"2026-01-15T10:30:00.000Z",)"
        R"("OrderItem":{"id":2,"orderId":1,"productId":3,"quantity":1,"price":"24.50",)"
        R"("createdAt":"2026-01-15T10:30:00.000Z","updatedAt":"2026-01-15T10:30:00.000Z"}}]},)"
        R"({"id":2,"items":[{"quantity":3}],"products":[{"id":2,"name":"Hose","categoryId":2,)"
        R"("price":"15.00","createdAt":"2026-01-15T10:30:00.000Z",)"
        R"("updatedAt":"2026-01-15T10:30:00.000Z","OrderItem":{"id":3,"orderId":2,)"
        R"("productId":2,"quantity":3,"price":"15.00","createdAt":"2026-01-15T10:30:00.000Z",)"
        R"("updatedAt":"2026-01-15T10:30:00.000Z"}}]},{"id":3,"items":[],"products":[]}])");
}
