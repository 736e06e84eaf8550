// Hooks: when each runs, what it may change, that a throwing hook aborts its statement with
// nothing changed, destroy hooks on cascades only when asked, bulk hooks, and that hooks
// may read but not write.
#include <catch2/catch.hpp>
#include <sstream>

#include "models.hpp"

using namespace inventory;
using testing_models::dump;

namespace {

relata::Database shop() {
  relata::Database db = testing_models::inventory_at_t0();
  db.create(Category{.name = "Tools"});
  return db;
}

}  // namespace

TEST_CASE("create and update hooks run in order, and what a before hook writes is checked",
          "[hooks]") {
  relata::Database db = shop();
  std::vector<std::string> log;
  db.hooks<Product>()
      .before_validate([&](Product& p) { log.push_back("before_validate " + p.name); })
      .before_create([&](Product& p) {
        log.push_back("before_create " + p.name);
        if (p.name == "shout") p.name = "SHOUT";  // a derived value, then checked
      })
      .after_validate([&](const Product& p) { log.push_back("after_validate " + p.name); })
      .after_create([&](const Product& p) {
        log.push_back("after_create " + p.name + " id " + std::to_string(p.id));
      })
      .before_update([&](Product& p) {
        log.push_back("before_update " + p.price.to_string());
        if (p.price == Money("0.00")) p.name = "";  // breaks not_empty: the update fails
      })
      .after_update(
          [&](const Product& p) { log.push_back("after_update " + p.price.to_string()); });

  db.create(Product{.name = "shout", .categoryId = 1, .price = Money("1.00")});
  REQUIRE(db.find_by_pk<Product>(1)->name == "SHOUT");
  db.update<Product>(1, [](Product& p) { p.price = Money("2.00"); });
  REQUIRE(log == std::vector<std::string>{"before_validate shout", "before_create shout",
                                          "after_validate SHOUT", "after_create SHOUT id 1",
                                          "before_validate SHOUT", "before_update 2.00",
                                          "after_validate SHOUT", "after_update 2.00"});
  log.clear();
  const std::string before = dump(db);
  REQUIRE_THROWS_WITH(db.update<Product>(1, [](Product& p) { p.price = Money("0.00"); }),
                      "validation failed: products.name = '' must not be empty");
  REQUIRE(dump(db) == before);
  REQUIRE(log == std::vector<std::string>{"before_validate SHOUT", "before_update 0.00"});
}

TEST_CASE("a hook that throws aborts its statement and nothing changes", "[hooks]") {
  relata::Database db = shop();
  db.create(Product{.name = "Saw", .categoryId = 1, .price = Money("5.00")});
  const std::string before = dump(db);
  const auto addresses = testing_models::row_addresses(db);
  auto refuse = [](const auto&) { throw std::runtime_error("refused by a hook"); };
  SECTION("after_create: the row is taken back") {
    db.hooks<Product>().after_create(refuse);
    REQUIRE_THROWS_WITH(db.create(Product{.name = "Axe", .categoryId = 1, .price = Money("1")}),
                        "refused by a hook");
  }
  SECTION("after_update: the row is as it was") {
    db.hooks<Product>().after_update(refuse);
    REQUIRE_THROWS_WITH(db.update<Product>(1, [](Product& p) { p.name = "Jigsaw"; }),
                        "refused by a hook");
  }
  SECTION("after_destroy of a cascaded row: the whole cascade comes back") {
    db.hooks<Product>().cascade_destroy_hooks().after_destroy(refuse);
    REQUIRE_THROWS_WITH(db.destroy<Category>(1), "refused by a hook");
  }
  SECTION("before_bulk_create") {
    db.hooks<Product>().before_bulk_create(refuse);
    REQUIRE_THROWS_WITH(
        db.bulk_create(std::vector<Product>{{.name = "A", .categoryId = 1, .price = Money("1")}}),
        "refused by a hook");
  }
  REQUIRE(dump(db) == before);
  REQUIRE(testing_models::row_addresses(db) == addresses);
}

TEST_CASE("destroy hooks: the row asked for, and cascaded rows only when their model asks",
          "[hooks]") {
  relata::Database db = shop();
  db.create(Product{.name = "Saw", .categoryId = 1, .price = Money("5.00")});
  db.create(Product{.name = "Axe", .categoryId = 1, .price = Money("7.00")});
  std::vector<std::string> log;
  db.hooks<Category>()
      .before_destroy([&](const Category& c) { log.push_back("before category " + c.name); })
      .after_destroy([&](const Category& c) { log.push_back("after category " + c.name); });
  auto products = db.hooks<Product>();
  products.before_destroy([&](const Product& p) { log.push_back("before product " + p.name); })
      .after_destroy([&](const Product& p) {
        log.push_back("after product " + p.name + " (" + std::to_string(db.count<Product>()) +
                      " left)");
      });
  {
    auto tx = db.begin();
    db.destroy<Category>(1);
    REQUIRE(log == std::vector<std::string>{"before category Tools", "after category Tools"});
    tx.rollback();
  }
  log.clear();
  products.cascade_destroy_hooks();
  db.destroy<Category>(1);
  REQUIRE(log == std::vector<std::string>{"before category Tools", "before product Saw",
                                          "before product Axe", "after category Tools",
                                          "after product Saw (0 left)",
                                          "after product Axe (0 left)"});
}

TEST_CASE("bulk hooks: bulk_create may change its rows; writes by where see their keys",
          "[hooks]") {
  relata::Database db = shop();
  std::vector<std::string> log;
  auto keys_of = [](std::span<const std::int64_t> keys) {
    std::string out;
    for (auto k : keys) out += " " + std::to_string(k);
    return out;
  };
  db.hooks<Product>()
      .before_bulk_create([&](std::vector<Product>& rows) {
        rows.push_back(Product{.name = "Bonus", .categoryId = 1, .price = Money("0.50")});
      })
      .after_bulk_create([&](std::span<const Product* const> rows) {
        log.push_back("created " + std::to_string(rows.size()) + ", last " + rows.back()->name);
      })
      .before_bulk_update([&](auto keys) { log.push_back("updating" + keys_of(keys)); })
      .after_bulk_update([&](auto keys) { log.push_back("updated" + keys_of(keys)); })
      .before_bulk_destroy([&](auto keys) { log.push_back("destroying" + keys_of(keys)); })
      .after_bulk_destroy([&](auto keys) { log.push_back("destroyed" + keys_of(keys)); });
  db.bulk_create(std::vector<Product>{{.name = "A", .categoryId = 1, .price = Money("1")},
                                      {.name = "B", .categoryId = 1, .price = Money("9")}});
  db.update<Product>(relata::where(relata::col<&Product::price> < Money("5")),
                     [](Product& p) { p.name += "!"; });
  db.destroy<Product>(relata::where(relata::col<&Product::name> == "A!"));
  REQUIRE(log == std::vector<std::string>{"created 3, last Bonus", "updating 1 3", "updated 1 3",
                                          "destroying 1", "destroyed 1"});
  REQUIRE(db.count<Product>() == 2);
}

TEST_CASE("bulk_create of a const vector copies its rows; a before hook changes a copy",
          "[hooks]") {
  relata::Database db = shop();
  const std::vector<Product> input{{.name = "A", .categoryId = 1, .price = Money("1")},
                                   {.name = "B", .categoryId = 1, .price = Money("9")}};
  const auto first = db.bulk_create(input);  // no hook: each row copied into its node
  REQUIRE(first.size() == 2);
  REQUIRE(first[0] == db.find_by_pk<Product>(1));
  REQUIRE(first[1]->name == "B");
  REQUIRE(first[1]->price == Money("9"));
  REQUIRE(first[0] != &input[0]);
  const std::vector<Product> bad{{.name = "C", .categoryId = 1, .price = Money("1")},
                                 {.name = "D", .categoryId = 99, .price = Money("1")}};
  REQUIRE_THROWS_AS(db.bulk_create(bad), relata::ForeignKeyConstraintError);
  REQUIRE(db.count<Product>() == 2);  // all rows or none
  REQUIRE(db.find_by_pk<Product>(3) == nullptr);

  db.hooks<Product>().before_bulk_create([](std::vector<Product>& rows) {
    for (auto& r : rows) r.name += "+";
    rows.push_back(Product{.name = "Bonus", .categoryId = 1, .price = Money("0.50")});
  });
  const auto second = db.bulk_create(input);
  REQUIRE(second.size() == 3);
  REQUIRE(second[0]->id == 3);
  REQUIRE(second[0]->name == "A+");
  REQUIRE(second[1]->name == "B+");
  REQUIRE(second[2]->name == "Bonus");
  REQUIRE(input[0].name == "A");  // the caller's rows are untouched
  REQUIRE(input[1].name == "B");
  REQUIRE(input.size() == 2);
  REQUIRE(db.count<Product>() == 5);
  REQUIRE(db.check().empty());
}

TEST_CASE("hooks read but do not write, and survive a load", "[hooks]") {
  relata::Database db = shop();
  db.hooks<Product>().before_create([&](Product& p) {
    if (p.name == "sneaky") db.create(Category{.name = "Side effect"});
    p.name += " (" + std::to_string(db.count<Category>()) + " categories)";
  });
  try {
    db.create(Product{.name = "sneaky", .categoryId = 1, .price = Money("1")});
    FAIL("a hook wrote");
  } catch (const relata::Error& e) {
    REQUIRE(e.code() == relata::errc::misuse);
  }
  REQUIRE(db.count<Category>() == 1);
  REQUIRE(db.count<Product>() == 0);

  std::stringstream snapshot;
  db.save(snapshot);
  db.load(snapshot);
  REQUIRE(db.create(Product{.name = "Saw", .categoryId = 1, .price = Money("1")}).name ==
          "Saw (1 categories)");
}

TEST_CASE("a model's hooks do not change while one of them runs; a handle outlives a load",
          "[hooks]") {
  relata::Database db = shop();
  const std::string refused =
      "misuse: the hooks of products changed while one of them runs: register or clear hooks "
      "outside them";
  int ran = 0;
  auto hooks = db.hooks<Product>();
  // Clearing or growing the list being run freed it under the loop (a use-after-free).
  hooks.before_create([&](Product&) {
    ++ran;
    db.hooks<Product>().clear();
  });
  hooks.before_create([&](Product&) { ++ran; });
  try {
    db.create(Product{.name = "Saw", .categoryId = 1, .price = Money("1")});
    FAIL("hooks cleared from a hook");
  } catch (const relata::Error& e) {
    REQUIRE(e.code() == relata::errc::misuse);
    REQUIRE(std::string(e.what()) == refused);
  }
  REQUIRE(ran == 1);
  REQUIRE(db.count<Product>() == 0);
  REQUIRE(db.check().empty());

  hooks.clear();
  hooks.after_validate([&](const Product&) {
    for (int i = 0; i < 64; ++i) db.hooks<Product>().after_validate([](const Product&) {});
  });
  hooks.after_validate([&](const Product&) { ++ran; });
  try {
    db.create(Product{.name = "Saw", .categoryId = 1, .price = Money("1")});
    FAIL("hooks added from a hook");
  } catch (const relata::Error& e) {
    REQUIRE(std::string(e.what()) == refused);
  }
  REQUIRE(ran == 1);
  REQUIRE(db.count<Product>() == 0);
  REQUIRE(db.check().empty());

  // Another model's hooks may change (its list is not running), and the statement goes on.
  hooks.clear();
  hooks.before_create(
      [&](Product&) { db.hooks<Category>().before_create([](Category& c) { c.name += "!"; }); });
  db.create(Product{.name = "Saw", .categoryId = 1, .price = Money("1")});
  REQUIRE(db.create(Category{.name = "Garden"}).name == "Garden!");

  // A handle taken before a load registers with the loaded table: the load replaced the
  // table the handle was made for (the handle then pointed at freed memory).
  std::stringstream snapshot;
  db.save(snapshot);
  db.load(snapshot);
  hooks.clear();
  hooks.before_create([](Product& p) { p.name += " (after load)"; });
  REQUIRE(db.create(Product{.name = "Rake", .categoryId = 1, .price = Money("1")}).name ==
          "Rake (after load)");
  // And one kept across a move of the database follows the tables.
  relata::Database moved = std::move(db);
  hooks.clear();
  REQUIRE(moved.create(Product{.name = "Hoe", .categoryId = 1, .price = Money("1")}).name == "Hoe");
  REQUIRE(moved.check().empty());
}

TEST_CASE("every hook aborts its statement when it throws", "[hooks]") {
  auto boom = [](auto&&) { throw std::runtime_error("boom"); };
  auto create = [](relata::Database& db) {
    db.create(Product{.name = "Axe", .categoryId = 1, .price = Money("1.00")});
  };
  auto update = [](relata::Database& db) {
    db.update<Product>(1, [](Product& p) { p.price = Money("2.00"); });
  };
  auto destroy = [](relata::Database& db) { db.destroy<Product>(1); };
  auto bulk_create = [](relata::Database& db) {
    db.bulk_create(std::vector<Product>{{.name = "B", .categoryId = 1, .price = Money("1")}});
  };
  auto bulk_update = [](relata::Database& db) {
    db.update<Product>(relata::where(relata::col<&Product::categoryId> == 1),
                       [](Product& p) { p.name = "X"; });
  };
  auto bulk_destroy = [](relata::Database& db) {
    db.destroy<Product>(relata::where(relata::col<&Product::categoryId> == 1));
  };
  struct Case {
    const char* hook;
    std::function<void(relata::Hooks<Product>&)> arm;
    std::function<void(relata::Database&)> run;
  };
  const std::vector<Case> cases{
      {"before_validate", [&](auto& h) { h.before_validate(boom); }, create},
      {"after_validate", [&](auto& h) { h.after_validate(boom); }, create},
      {"before_create", [&](auto& h) { h.before_create(boom); }, create},
      {"after_create", [&](auto& h) { h.after_create(boom); }, create},
      {"before_validate (update)", [&](auto& h) { h.before_validate(boom); }, update},
      {"after_validate (update)", [&](auto& h) { h.after_validate(boom); }, update},
      {"before_update", [&](auto& h) { h.before_update(boom); }, update},
      {"after_update", [&](auto& h) { h.after_update(boom); }, update},
      {"before_destroy", [&](auto& h) { h.before_destroy(boom); }, destroy},
      {"after_destroy", [&](auto& h) { h.after_destroy(boom); }, destroy},
      {"before_bulk_create", [&](auto& h) { h.before_bulk_create(boom); }, bulk_create},
      {"after_bulk_create", [&](auto& h) { h.after_bulk_create(boom); }, bulk_create},
      {"before_bulk_update", [&](auto& h) { h.before_bulk_update(boom); }, bulk_update},
      {"after_bulk_update", [&](auto& h) { h.after_bulk_update(boom); }, bulk_update},
      {"before_bulk_destroy", [&](auto& h) { h.before_bulk_destroy(boom); }, bulk_destroy},
      {"after_bulk_destroy", [&](auto& h) { h.after_bulk_destroy(boom); }, bulk_destroy},
  };
  for (const Case& c : cases) {
    INFO(c.hook);
    relata::Database db = shop();
    db.create(Product{.name = "Saw", .categoryId = 1, .price = Money("5.00")});
    const std::string before = dump(db);
    const auto addresses = testing_models::row_addresses(db);
    auto hooks = db.hooks<Product>();
    c.arm(hooks);
    REQUIRE_THROWS_WITH(c.run(db), "boom");
    REQUIRE(dump(db) == before);
    REQUIRE(testing_models::row_addresses(db) == addresses);
    REQUIRE(db.check().empty());
    hooks.clear();
    c.run(db);  // without the hook the same statement goes through
  }
}
