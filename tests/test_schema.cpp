// Model declarations: the schema relata derives from them, and definition errors.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;

namespace {
const relata::detail::TableBase& table(const relata::Database& db, std::string_view name) {
  auto* t = db.store().table_named(name);
  REQUIRE(t);
  return *t;
}
}  // namespace

TEST_CASE("a declaration becomes a table with typed, flagged columns", "[schema]") {
  relata::Database db;
  db.define<Gadget>();
  const auto& cols = table(db, "gadgets").columns();
  std::vector<std::string> names;
  for (const auto& c : cols) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"id", "label", "stock", "shelf", "weight", "active",
                                          "cost", "color", "seen", "rank", "note", "serial",
                                          "code"});
  using K = relata::column_kind;
  std::vector<K> kinds;
  for (const auto& c : cols) kinds.push_back(c.kind);
  CHECK(kinds == std::vector<K>{K::int64, K::string, K::int64, K::uint64, K::float64, K::boolean,
                                K::decimal, K::enumeration, K::timestamp, K::int64, K::string,
                                K::string, K::int64});
  CHECK(cols[0].primary_key);
  CHECK(cols[0].auto_increment);
  CHECK(!cols[0].nullable);
  CHECK(cols[6].precision == 6);
  CHECK(cols[6].scale == 2);
  CHECK(cols[9].nullable);
  CHECK(cols[10].default_value == relata::Value{std::string("n/a")});
  CHECK(cols[11].unique);
  CHECK(cols[12].indexed);
  CHECK(!cols[12].unique);
}

TEST_CASE("references resolve to defined tables with their ON DELETE actions", "[schema]") {
  relata::Database db;
  define_all(db);
  db.define<Node>();
  db.define<Author>();
  db.define<Book>();
  const auto& product = table(db, "products").columns()[2];
  CHECK(product.name == "categoryId");
  CHECK(product.foreign_key);
  CHECK(product.references_table == "categories");
  CHECK(product.referenced == &table(db, "categories"));
  CHECK(product.on_delete == relata::action::cascade);
  CHECK(table(db, "nodes").columns()[2].on_delete == relata::action::set_null);  // optional key
  CHECK(table(db, "books").columns()[1].on_delete == relata::action::restrict);  // NOT NULL key
  CHECK(table(db, "nodes").columns()[2].referenced == &table(db, "nodes"));      // self
  std::vector<std::string> order;
  for (auto* t : db.store().tables()) order.push_back(t->name());
  CHECK(order == std::vector<std::string>{"categories", "products", "orders", "order_items",
                                          "nodes", "authors", "books"});
}

TEST_CASE("definition mistakes found at run time are SchemaErrors", "[schema]") {
  relata::Database db;
  SECTION("a referenced table must be defined first") {
    try {
      db.define<Product>();
      FAIL("no error");
    } catch (const relata::SchemaError& e) {
      CHECK(std::string(e.what()) ==
            "schema error: products.categoryId references categories, which is not defined: "
            "define it first");
      CHECK(e.code() == relata::errc::schema);
    }
    CHECK(!db.defined<Product>());
    CHECK(db.store().tables().empty());
  }
  SECTION("a model is defined once") {
    db.define<Category>();
    try {
      db.define<Category>();
      FAIL("no error");
    } catch (const relata::SchemaError& e) {
      CHECK(std::string(e.what()) == "schema error: table categories is already defined");
    }
    CHECK(db.store().tables().size() == 1);
  }
  SECTION("using a model that is not defined") {
    try {
      (void)db.count<Category>();
      FAIL("no error");
    } catch (const relata::SchemaError& e) {
      CHECK(std::string(e.what()) ==
            "schema error: table categories is not defined: call define<>() for its model first");
    }
  }
}

TEST_CASE("relata errors are system_errors of the relata category", "[schema]") {
  relata::NotFoundError e("products", "id", "7");
  const std::system_error& se = e;
  CHECK(se.code().category().name() == std::string("relata"));
  CHECK(se.code() == relata::errc::not_found);
  CHECK(se.code().message() == "not found");
  CHECK(std::string(se.what()) == "not found: no row of products has id = 7");
  CHECK(relata::make_error_code(relata::errc::snapshot).message() == "snapshot error");
}
