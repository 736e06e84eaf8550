// Change events: what on_change delivers, when (after a statement, a transaction or the
// oldest mark commits), in which order, and never for rolled-back work.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace inventory;

namespace {

std::string show(const Product* p) {
  return p ? std::to_string(p->id) + " " + p->name + " " + p->price.to_string() + " cat " +
                 std::to_string(p->categoryId)
           : "-";
}

struct Recorder {
  std::vector<std::string> seen;
  void operator()(const relata::Change<Product>& c) {
    const char* kind = c.kind == relata::change::created   ? "created"
                       : c.kind == relata::change::updated ? "updated"
                                                           : "destroyed";
    seen.push_back(std::string(kind) + ": " + show(c.before) + " -> " + show(c.after));
  }
};

relata::Database shop() {
  relata::Database db = testing_models::inventory_at_t0();
  db.create(Category{.name = "Tools"});
  db.create(Category{.name = "Garden"});
  return db;
}

void set_price(relata::Database& db, std::int64_t id, const char* price) {
  db.update<Product>(id, [&](Product& p) { p.price = Money(price); });
}

}  // namespace

TEST_CASE("change events: each committed statement, in order, cascades included", "[changes]") {
  relata::Database db = shop();
  Recorder r;
  db.on_change<Product>(std::ref(r));
  db.create(Product{.name = "Hammer", .categoryId = 1, .price = Money("9.99")});
  db.create(Product{.name = "Hose", .categoryId = 2, .price = Money("15.00")});
  set_price(db, 1, "10.50");
  REQUIRE_THROWS_AS(db.create(Product{.name = "Ghost", .categoryId = 99, .price = Money("1")}),
                    relata::ForeignKeyConstraintError);
  REQUIRE_THROWS_AS(set_price(db, 2, "-1"), relata::ValidationError);
  db.update<Category>(1, [](Category& c) { c.id = 7; });  // ON UPDATE CASCADE re-points Hammer
  db.destroy<Category>(7);                                // ON DELETE CASCADE takes it
  REQUIRE(r.seen == std::vector<std::string>{
                        "created: - -> 1 Hammer 9.99 cat 1",
                        "created: - -> 2 Hose 15.00 cat 2",
                        "updated: 1 Hammer 9.99 cat 1 -> 1 Hammer 10.50 cat 1",
                        "updated: 1 Hammer 10.50 cat 1 -> 1 Hammer 10.50 cat 7",
                        "destroyed: 1 Hammer 10.50 cat 7 -> -",
                    });
}

TEST_CASE("change events inside a transaction: at commit, each step's own before and after",
          "[changes]") {
  relata::Database db = shop();
  Recorder r;
  db.on_change<Product>(std::ref(r));
  {
    auto tx = db.begin();
    db.create(Product{.name = "Saw", .categoryId = 1, .price = Money("1.00")});
    set_price(db, 1, "2.00");
    auto sp = tx.savepoint();
    db.create(Product{.name = "Rake", .categoryId = 2, .price = Money("5.00")});
    tx.rollback_to(sp);
    set_price(db, 1, "3.00");
    REQUIRE(r.seen.empty());  // nothing before the commit
    tx.commit();
  }
  REQUIRE(r.seen == std::vector<std::string>{
                        "created: - -> 1 Saw 1.00 cat 1",
                        "updated: 1 Saw 1.00 cat 1 -> 1 Saw 2.00 cat 1",
                        "updated: 1 Saw 2.00 cat 1 -> 1 Saw 3.00 cat 1",
                    });
  r.seen.clear();
  {
    auto tx = db.begin();
    set_price(db, 1, "4.00");
    db.destroy<Product>(1);
    tx.rollback();
  }
  REQUIRE_THROWS_WITH(db.transaction([&](relata::Transaction&) {
    set_price(db, 1, "6.00");
    throw std::runtime_error("abandon");
  }),
                      "abandon");
  REQUIRE(r.seen.empty());  // rolled-back work is never delivered
  REQUIRE(db.find_by_pk<Product>(1)->price == Money("3.00"));
}

TEST_CASE("change events with marks: delivered when no mark can rewind them any more",
          "[changes]") {
  relata::Database db = shop();
  Recorder r;
  db.on_change<Product>(std::ref(r));
  const relata::Mark m1 = db.mark();
  db.create(Product{.name = "Axe", .categoryId = 1, .price = Money("7.00")});
  const relata::Mark m2 = db.mark();
  set_price(db, 1, "8.00");
  db.release(m1);  // the create can no longer be rewound: delivered, as it stood then
  REQUIRE(r.seen == std::vector<std::string>{"created: - -> 1 Axe 7.00 cat 1"});
  db.rewind(m2);   // the update is undone
  db.release(m2);  // nothing left to deliver
  REQUIRE(r.seen.size() == 1);
  REQUIRE(db.find_by_pk<Product>(1)->price == Money("7.00"));
}

TEST_CASE(
    "a listener reads but does not write, its exception reaches the writer, and "
    "off_change stops it",
    "[changes]") {
  relata::Database db = shop();
  std::vector<std::size_t> counts;
  const auto reader = db.on_change<Category>(
      [&](const relata::Change<Category>&) { counts.push_back(db.count<Category>()); });
  db.create(Category{.name = "Paint"});
  REQUIRE(counts == std::vector<std::size_t>{3});

  const auto writer = db.on_change<Category>([&](const relata::Change<Category>& c) {
    if (c.kind == relata::change::created) db.create(Category{.name = "Echo"});
  });
  try {
    db.create(Category{.name = "Glue"});
    FAIL("a listener wrote");
  } catch (const relata::Error& e) {
    REQUIRE(e.code() == relata::errc::misuse);
  }
  REQUIRE(db.count<Category>() == 4);                 // Glue is committed, Echo never written
  REQUIRE(counts == std::vector<std::size_t>{3, 4});  // every listener heard Glue

  db.off_change(writer);
  db.off_change(reader);
  db.create(Category{.name = "Tape"});
  REQUIRE(counts.size() == 2);
}

TEST_CASE(
    "off_change inside a listener: the stopped listener hears nothing more, not even the rest "
    "of the commit it was stopped in",
    "[changes]") {
  relata::Database db = shop();
  std::vector<std::string> heard;
  std::uint64_t closer = 0, panel = 0;
  // The first listener closes a panel: it stops the panel's listener, then itself.
  closer = db.on_change<Category>([&](const relata::Change<Category>& c) {
    heard.push_back("closer " + c.after->name);
    db.off_change(panel);
    db.off_change(closer);
  });
  panel = db.on_change<Category>(
      [&](const relata::Change<Category>& c) { heard.push_back("panel " + c.after->name); });
  db.on_change<Category>(
      [&](const relata::Change<Category>& c) { heard.push_back("log " + c.after->name); });

  db.transaction([&](relata::Transaction&) {
    db.create(Category{.name = "Paint"});
    db.create(Category{.name = "Glue"});
  });
  REQUIRE(heard == std::vector<std::string>{"closer Paint", "log Paint", "log Glue"});

  db.create(Category{.name = "Tape"});
  REQUIRE(heard.back() == "log Tape");
  REQUIRE(heard.size() == 4);
}
