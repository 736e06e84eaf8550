// Correctness under hostile input: one test per defect found by probing the engine the way a
// hostile program would. Each failed before its fix; each failure path ends with the
// database unchanged and db.check() clean.
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <sstream>

#include "models.hpp"

namespace wide_keys {
struct Wide {  // 64-bit unsigned keys: at most INT64_MAX, as keys cross TableBase as int64
  std::uint64_t id = 0;
  std::int32_t rank = 0;
};
struct WideRef {  // a reference to a 64-bit unsigned key
  std::int64_t id = 0;
  std::uint64_t wideId = 0;
};
struct Chip {  // a reference to a 32-bit key
  std::int64_t id = 0;
  std::optional<std::int32_t> smallId;
};
}  // namespace wide_keys

template <>
struct relata::model<wide_keys::Wide> {
  using T = wide_keys::Wide;
  static constexpr std::string_view table = "wides";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::rank>("rank", relata::indexed));
};

template <>
struct relata::model<wide_keys::WideRef> {
  using T = wide_keys::WideRef;
  static constexpr std::string_view table = "wide_refs";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::wideId>("wideId", relata::references<&wide_keys::Wide::id>,
                                                 relata::on_delete(relata::cascade)));
};
inline constexpr auto wide_refs = relata::has_many<&wide_keys::WideRef::wideId>("refs");
inline constexpr auto wide = relata::belongs_to<&wide_keys::WideRef::wideId>("wide");

template <>
struct relata::model<wide_keys::Chip> {
  using T = wide_keys::Chip;
  static constexpr std::string_view table = "chips";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::smallId>("smallId", relata::references<&testing_models::Small::id>));
};

using namespace testing_models;
using namespace inventory;
using relata::col;
using relata::where;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/// Runs `statement`, which must throw E with exactly `message`, and checks the database is
/// unchanged (rows, counters) and sound.
template <class E, class F>
void refused(relata::Database& db, F&& statement, const std::string& message) {
  const std::string before = dump(db);
  try {
    statement();
    FAIL("no exception");
  } catch (const E& e) {
    CHECK(std::string(e.what()) == message);
  }
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
}

std::vector<std::int64_t> sample_ids(const relata::Database& db, relata::where_t<Sample> w) {
  std::vector<std::int64_t> out;
  for (auto r : db.find_all<Sample>(std::move(w))) out.push_back(r->id);
  return out;
}

}  // namespace

TEST_CASE("defect 1: NaN is refused by every double column and every where", "[hostile]") {
  relata::Database db;
  db.define<Sample>();
  db.create(Sample{.x = 0});
  db.create(Sample{.x = kInf, .u = kInf});
  db.create(Sample{.x = -kInf, .u = -kInf});
  refused<relata::ValidationError>(
      db, [&] { db.create(Sample{.x = kNaN}); },
      "validation failed: samples.x = nan is not a number: NaN is never stored");
  refused<relata::ValidationError>(
      db, [&] { db.create(Sample{.x = 1, .u = kNaN}); },
      "validation failed: samples.u = nan is not a number: NaN is never stored");
  refused<relata::ValidationError>(
      db, [&] { db.update<Sample>(1, [](Sample& s) { s.x = kNaN; }); },
      "validation failed: samples.x = nan is not a number: NaN is never stored");
  try {
    db.create(Sample{.x = kNaN});
  } catch (const relata::ValidationError& e) {
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0].validator == "not_nan");
    CHECK(e.errors()[0].column == "x");
  }
  // NaN as an operand is refused when the condition is built.
  CHECK_THROWS_WITH(col<&Sample::x> > kNaN,
                    "validation failed: where: samples.x compared with NaN: NaN is not a value");
  CHECK_THROWS_AS(col<&Sample::x>.between(kNaN, 1.0), relata::ValidationError);
  CHECK_THROWS_AS(col<&Sample::u>.in({1.0, kNaN}), relata::ValidationError);
  // Infinity is a value like any other: indexed, unique, ordered, compared.
  CHECK(sample_ids(db, where(col<&Sample::x> > -1.0)) == std::vector<std::int64_t>{1, 2});
  CHECK(sample_ids(db, where(col<&Sample::x> >= -kInf)) == std::vector<std::int64_t>{1, 2, 3});
  CHECK(sample_ids(db, where(col<&Sample::x> == kInf)) == std::vector<std::int64_t>{2});
  CHECK(sample_ids(db, where(col<&Sample::x> != 0.0)) == std::vector<std::int64_t>{2, 3});
  refused<relata::UniqueConstraintError>(
      db, [&] { db.create(Sample{.u = kInf}); },
      "unique constraint failed: samples.u = inf already exists");
  auto ordered = db.find_all<Sample>(relata::order_by(relata::desc(&Sample::x)));
  REQUIRE(ordered.size() == 3);
  CHECK(ordered[0]->id == 2);
  CHECK(ordered[2]->id == 3);
  CHECK(db.max(&Sample::x) == kInf);
  CHECK(db.check().empty());
}

TEST_CASE("defect 2: a failed statement relocates no row it restores", "[hostile]") {
  relata::Database db = inventory_at_t0();
  const Category& tools = db.create(Category{.name = "Tools"});
  const Product& hammer = db.create(Product{.name = "Hammer", .categoryId = 1, .price = Money(9)});
  const Product& saw = db.create(Product{.name = "Saw", .categoryId = 1, .price = Money(7)});
  auto found = db.find_all<Product>();
  // set() destroys both products (NOT NULL key), then fails on 9999: both come back at the
  // same addresses, and every reference and result taken before still reads them.
  refused<relata::NotFoundError>(
      db, [&] { db.set(tools, products, {9999}); }, "not found: no row of products has id = 9999");
  CHECK(db.find_by_pk<Product>(1) == &hammer);
  CHECK(db.find_by_pk<Product>(2) == &saw);
  CHECK(hammer.name == "Hammer");
  CHECK(saw.name == "Saw");
  CHECK(found[1]->name == "Saw");
  // A failed update leaves the row where it was too.
  refused<relata::ValidationError>(
      db, [&] { db.update<Product>(1, [](Product& p) { p.name = ""; }); },
      "validation failed: products.name = '' must not be empty");
  CHECK(db.find_by_pk<Product>(1) == &hammer);
  // So does a failed cascade.
  db.define<Review>();
  db.create(Review{.productId = 2, .stars = 3});
  refused<relata::ForeignKeyConstraintError>(
      db, [&] { db.destroy<Category>(1); },
      "foreign key constraint failed: cannot delete products.id = 2: 1 row(s) of reviews "
      "reference it through reviews.productId (ON DELETE RESTRICT)");
  CHECK(db.find_by_pk<Category>(1) == &tools);
}

TEST_CASE("defect 3: set() never reads its source row after its own cascade freed it",
          "[hostile]") {
  relata::Database db;
  db.define<Cell>();
  const Cell& root = db.create(Cell{.id = 1, .parentId = 1});  // its own parent
  db.create(Cell{.parentId = 1});
  db.create(Cell{.parentId = 1});
  // Dropping the root from its own children destroys it (NOT NULL key), and the cascade takes
  // 2 and 3 along: nothing is left to associate, and the statement says so.
  const std::string message =
      "foreign key constraint failed: dropping the old rows of cells.id = 1 deleted that row "
      "itself (ON DELETE of this statement), so no row can be associated with it";
  refused<relata::ForeignKeyConstraintError>(
      db,
      [&] {
        db.set(root, cells, {2, 3});
      },
      message);
  refused<relata::ForeignKeyConstraintError>(
      db, [&] { db.set(root, cells, {2}); }, message);
  CHECK(db.count<Cell>() == 3);
  CHECK(&root == db.find_by_pk<Cell>(1));
}

TEST_CASE("defect 4: a write from inside a statement's callback is refused", "[hostile]") {
  relata::Database db = inventory_at_t0();
  db.create(Category{.name = "Tools"});
  db.create(Product{.name = "Hammer", .categoryId = 1, .price = Money(9)});
  const std::string message =
      "misuse: a write from inside a program callback (a hook, mutator, validator, listener, "
      "the clock, or a load's convert or dropped function): write after it returns";
  refused<relata::Error>(
      db, [&] { db.update<Product>(1, [&](Product&) { db.destroy<Product>(1); }); }, message);
  refused<relata::Error>(
      db,
      [&] {
        db.update<Product>(1, [&](Product& p) {
          db.create(Category{.name = "Inner"});
          p.name = "x";
        });
      },
      message);
  // A clock that writes.
  db.set_clock([&] {
    db.create(Category{.name = "Tick"});
    return kT0;
  });
  refused<relata::Error>(
      db, [&] { db.create(Category{.name = "Garden"}); }, message);
  db.set_clock(relata::fixed_clock(kT0));
  // Reading from a callback is fine.
  db.update<Product>(1, [&](Product& p) { p.name = db.find_by_pk<Category>(1)->name; });
  CHECK(db.find_by_pk<Product>(1)->name == "Tools");
  try {
    db.update<Product>(1, [&](Product&) { db.destroy<Product>(1); });
  } catch (const relata::Error& e) {
    CHECK(e.code() == relata::errc::misuse);
  }
  CHECK(db.check().empty());
}

TEST_CASE("defect 5: an exhausted auto_increment key says so and never wraps", "[hostile]") {
  SECTION("64-bit signed") {
    relata::Database db;
    db.define<Author>();
    db.define<Category>();
    db.create(Category{.id = -5, .name = "negative ids do not move the counter"});
    CHECK(db.create(Category{.name = "a"}).id == 1);
    db.create(Category{.id = std::numeric_limits<std::int64_t>::max(), .name = "last"});
    refused<relata::Error>(
        db, [&] { db.create(Category{.name = "b"}); },
        "auto_increment exhausted: categories.id has used the largest key it can hold, "
        "9223372036854775807; create rows with explicit ids");
    CHECK(db.create(Category{.id = 7, .name = "explicit"}).id == 7);
  }
  SECTION("32-bit signed") {
    relata::Database db;
    db.define<Small>();
    db.create(Small{.id = std::numeric_limits<std::int32_t>::max()});
    refused<relata::Error>(
        db, [&] { db.create(Small{}); },
        "auto_increment exhausted: smalls.id has used the largest key it can hold, 2147483647; "
        "create rows with explicit ids");
  }
  SECTION("32-bit unsigned, and a rollback restores the counter") {
    relata::Database db;
    db.define<Unsigned>();
    CHECK_THROWS_AS(db.bulk_create(std::vector<Unsigned>{Unsigned{.id = 4294967295u},
                                                         Unsigned{.id = 4294967295u}}),
                    relata::UniqueConstraintError);
    CHECK(db.create(Unsigned{}).id == 1);  // the failed statement's counter is undone
    db.create(Unsigned{.id = 4294967295u});
    try {
      db.create(Unsigned{});
      FAIL("no exception");
    } catch (const relata::Error& e) {
      CHECK(e.code() == relata::errc::key_exhausted);
    }
    CHECK(db.count<Unsigned>() == 2);
  }
}

TEST_CASE("defect 19: unsigned 64-bit keys stop at INT64_MAX, as SQL's keys do", "[hostile]") {
  // Keys cross the engine as int64_t. A key past INT64_MAX was stored, but read back as a
  // negative number on the erased paths: a row referencing it failed its foreign-key check
  // ("references no row"), and destroy of it said "no row has id = -9223372036854775803".
  using wide_keys::Wide;
  using wide_keys::WideRef;
  constexpr std::uint64_t top = std::numeric_limits<std::int64_t>::max();
  constexpr std::uint64_t past = top + 1;
  relata::Database db;
  db.define<Wide>();
  db.define<WideRef>();
  refused<relata::ValidationError>(
      db, [&] { db.create(Wide{.id = past, .rank = 1}); },
      "validation failed: wides.id = 9223372036854775808 is past the largest key, "
      "9223372036854775807 (keys are 64-bit signed integers, as SQL's)");
  db.create(Wide{.id = top, .rank = 1});
  db.create(Wide{.id = 2, .rank = 1});
  refused<relata::ValidationError>(
      db, [&] { db.create(WideRef{.wideId = past}); },
      "validation failed: wide_refs.wideId = 9223372036854775808 is past the largest key, "
      "9223372036854775807 (keys are 64-bit signed integers, as SQL's)");
  const WideRef& ref = db.create(WideRef{.wideId = top});  // the largest key is an ordinary one
  CHECK(db.get(ref, wide)->id == top);
  CHECK(db.get(*db.find_by_pk<Wide>(top), wide_refs).size() == 1);
  refused<relata::ValidationError>(
      db, [&] { db.update<Wide>(top, [](Wide& w) { w.id = past; }); },
      "validation failed: wides.id = 9223372036854775808 is past the largest key, "
      "9223372036854775807 (keys are 64-bit signed integers, as SQL's)");
  refused<relata::NotFoundError>(
      db, [&] { db.destroy<Wide>(past); },
      "not found: no row of wides has id = 9223372036854775808");
  refused<relata::Error>(
      db, [&] { db.create(Wide{.rank = 2}); },
      "auto_increment exhausted: wides.id has used the largest key it can hold, "
      "9223372036854775807; create rows with explicit ids");
  auto keys = [](const auto& rows) {
    std::vector<std::uint64_t> out;
    for (auto r : rows) out.push_back(r->id);
    return out;
  };
  const std::vector<std::uint64_t> order{2, top};
  CHECK(keys(db.find_all<Wide>()) == order);                              // the key index
  CHECK(keys(db.find_all<Wide>(where(col<&Wide::rank> == 1))) == order);  // the rank index
  CHECK(db.check().empty());
  std::stringstream snapshot;
  db.save(snapshot);
  relata::Database back;
  back.define<Wide>();
  back.define<WideRef>();
  back.load(snapshot);
  CHECK(keys(back.find_all<Wide>()) == order);
  CHECK(back.check().empty());
  CHECK(relata::to_string(relata::to_json(back)) == relata::to_string(relata::to_json(db)));
  db.destroy<Wide>(top);  // and its reference goes with it (cascade)
  CHECK(db.count<WideRef>() == 0);
  CHECK(db.check().empty());
}

TEST_CASE("defect 6: timestamps outside years 1..9999 are refused, and print exactly",
          "[hostile]") {
  using relata::Timestamp;
  CHECK_THROWS_WITH(Timestamp::from_unix_millis(std::numeric_limits<std::int64_t>::max()),
                    "validation failed: value 9223372036854775807 ms is outside the supported "
                    "timestamp range 0001-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z");
  CHECK_THROWS_AS(Timestamp::from_unix_millis(-62'135'596'800'001), relata::ValidationError);
  CHECK(Timestamp::from_unix_millis(-62'135'596'800'000).to_string() == "0001-01-01T00:00:00.000Z");
  CHECK(Timestamp{Timestamp::max_micros}.to_string() == "9999-12-31T23:59:59.999999Z");
  CHECK(Timestamp{std::numeric_limits<std::int64_t>::max()}.to_string() ==
        "+294247-01-10T04:00:54.775807Z");
  CHECK(Timestamp{std::numeric_limits<std::int64_t>::min()}.to_string() ==
        "-290308-12-21T19:59:05.224192Z");
  CHECK(Timestamp{Timestamp::max_micros + 1}.to_string() == "+010000-01-01T00:00:00.000Z");
  CHECK_THROWS_AS(Timestamp::parse("0000-12-31T23:59:59Z"), relata::ValidationError);

  relata::Database db;
  db.define<Gadget>();
  Gadget g = valid_gadget();
  g.seen = Timestamp{Timestamp::max_micros + 1};
  refused<relata::ValidationError>(
      db, [&] { db.create(g); },
      "validation failed: gadgets.seen = +010000-01-01T00:00:00.000Z is outside the supported "
      "range 0001-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999999Z");
  db.set_clock([] { return Timestamp{std::numeric_limits<std::int64_t>::min()}; });
  db.define<Category>();
  refused<relata::ValidationError>(
      db, [&] { db.create(Category{.name = "late"}); },
      "validation failed: categories.createdAt = -290308-12-21T19:59:05.224192Z is outside the "
      "supported range 0001-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999999Z; "
      "categories.updatedAt = -290308-12-21T19:59:05.224192Z is outside the supported range "
      "0001-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999999Z");
}

TEST_CASE("defect 8: ! is SQL's NOT over NULL (three-valued)", "[hostile]") {
  relata::Database db;
  db.define<Gadget>();
  for (std::optional<std::int32_t> rank :
       {std::optional<std::int32_t>(3), std::optional<std::int32_t>(),
        std::optional<std::int32_t>(5)}) {
    Gadget g = valid_gadget();
    g.rank = rank;
    db.create(g);
  }
  auto ids = [&](relata::where_t<Gadget> w) {
    std::vector<std::int64_t> out;
    for (auto r : db.find_all<Gadget>(std::move(w))) out.push_back(r->id);
    return out;
  };
  using V = std::vector<std::int64_t>;
  CHECK(ids(where(!(col<&Gadget::rank> == 3))) == V{3});
  CHECK(ids(where(!!(col<&Gadget::rank> == 3))) == V{1});
  CHECK(ids(where(!(col<&Gadget::rank> == 3 && col<&Gadget::stock> == 5))) == V{3});
  CHECK(ids(where(!(col<&Gadget::rank> == 3 && col<&Gadget::stock> == 6))) == V{1, 2, 3});
  CHECK(ids(where(col<&Gadget::rank> == 3 || col<&Gadget::stock> == 5)) == V{1, 2, 3});
  CHECK(ids(where(!(col<&Gadget::rank> == 3 || col<&Gadget::stock> == 6))) == V{3});
  CHECK(ids(where(!col<&Gadget::rank>.in({3}))) == V{3});
  CHECK(ids(where(!col<&Gadget::rank>.not_in(std::vector<std::int32_t>{}))) == V{});
  CHECK(ids(where(!col<&Gadget::rank>.is_null())) == V{1, 3});
}

TEST_CASE("defect 9: mixins and key changes give the right error, or none", "[hostile]") {
  SECTION("a key listed twice in remove() is removed once") {
    relata::Database db;
    define_all(db);
    const Category& c = db.create(Category{.name = "Tools"});
    db.create(Product{.name = "a", .categoryId = 1, .price = Money(1)});
    db.create(Product{.name = "b", .categoryId = 1, .price = Money(1)});
    db.remove(c, products, {2, 2});
    CHECK(db.count<Product>() == 1);
    CHECK(db.find_by_pk<Product>(2) == nullptr);
    CHECK(db.check().empty());
  }
  SECTION("a self-referencing row may change its key and its reference together") {
    relata::Database db;
    db.define<Node>();
    db.create(Node{.id = 1, .name = "root"});
    db.create(Node{.id = 2, .name = "n", .parentId = 2});
    db.update<Node>(2, [](Node& n) {
      n.id = 3;
      n.parentId = 3;
    });
    CHECK(db.find_by_pk<Node>(3)->parentId == 3);
    CHECK(db.find_by_pk<Node>(2) == nullptr);
    CHECK(db.get(*db.find_by_pk<Node>(3), children).size() == 1);
    // ... but not leave the reference at its old key, which no row holds any more.
    refused<relata::ForeignKeyConstraintError>(
        db, [&] { db.update<Node>(3, [](Node& n) { n.id = 4; }); },
        "foreign key constraint failed: nodes.parentId = 3 references no row of nodes");
    CHECK(db.check().empty());
  }
}

TEST_CASE("defect 10: named enums refuse unknown values and print their names", "[hostile]") {
  relata::Database db;
  db.define<Diary>();
  db.create(Diary{.mood = Mood::angry});
  refused<relata::ValidationError>(
      db, [&] { db.create(Diary{.mood = static_cast<Mood>(9)}); },
      "validation failed: diaries.mood = 9 is not one of the enum's declared values");
  CHECK(relata::to_string(relata::to_json(db)) == R"({"diaries":[{"id":1,"mood":"angry"}]})");
  CHECK(relata::to_string(db.find_all<Diary>().to_json()) == R"([{"id":1,"mood":"angry"}])");
}

TEST_CASE("defect 11: a db.get() range that went stale throws instead of skipping rows",
          "[hostile]") {
  relata::Database db;
  define_all(db);
  const Category& a = db.create(Category{.name = "a"});
  db.create(Category{.name = "b"});
  for (int i = 0; i < 6; ++i) db.create(Product{.name = "p", .categoryId = 1, .price = Money(1)});
  // Updating columns that are not keys keeps the range: rows are written in place.
  int seen = 0;
  for (const Product& p : db.get(a, products)) {
    db.update<Product>(p.id, [](Product& r) { r.price = Money(2); });
    ++seen;
  }
  CHECK(seen == 6);
  // Moving rows to another parent changes the list under the loop: refused.
  try {
    for (const Product& p : db.get(a, products))
      db.update<Product>(p.id, [](Product& r) { r.categoryId = 2; });
    FAIL("no exception");
  } catch (const relata::Error& e) {
    CHECK(e.code() == relata::errc::misuse);
    CHECK(std::string(e.what()) ==
          "misuse: a db.get() range over products was used after a write moved rows into or out "
          "of it: collect the keys first, then write");
  }
  CHECK(db.get(a, products).size() == 5);  // the first move happened; the range did not lie
  CHECK(db.check().empty());
}

TEST_CASE("a db.get() range from before a load or a move assignment throws, reads nothing freed",
          "[hostile]") {
  relata::Database db;
  define_all(db);
  const Category& a = db.create(Category{.name = "a"});
  for (int i = 0; i < 3; ++i) db.create(Product{.name = "p", .categoryId = 1, .price = Money(1)});
  const std::string loaded =
      "misuse: a db.get() range over products was used after a load or an assignment replaced "
      "the rows: ask for it again";
  auto range = db.get(a, products);
  auto it = range.begin();
  CHECK(it->name == "p");
  std::stringstream saved;
  db.save(saved);
  db.load(saved);  // the same rows, in new tables: the range's list was freed with the old
  CHECK_THROWS_WITH(range[0], loaded);
  CHECK_THROWS_WITH(*it, loaded);
  CHECK(range.size() == 3);  // its size is its own: no row is read
  // Asked again, it reads the new tables.
  const Category& again = *db.find_by_pk<Category>(1);
  auto fresh = db.get(again, products);
  CHECK(fresh.size() == 3);
  CHECK(fresh[2].id == 3);
  // A move assignment replaces the tables too.
  relata::Database other;
  define_all(other);
  other.create(Category{.name = "b"});
  db = std::move(other);
  CHECK_THROWS_WITH(fresh[0], loaded);
  CHECK(db.get(*db.find_by_pk<Category>(1), products).empty());
  CHECK(db.check().empty());
}

TEST_CASE("defect 12: JSON output always parses, doubles print shortest", "[hostile]") {
  relata::Database db;
  db.define<Sample>();
  db.define<Category>();
  db.set_clock(relata::fixed_clock(kT0));
  db.create(Sample{.x = 1.5, .u = kInf});
  db.create(Sample{.x = 0.1, .u = -kInf});
  db.create(Sample{.x = 1e21, .u = 3});
  db.create(Category{.name = "bad\xff\xfe utf8 \xe2\x82", .description = "ok \xc3\xa9"});
  const std::string text = relata::to_string(relata::to_json(db));
  CHECK(text == R"({"samples":[{"id":1,"x":1.5,"u":null},{"id":2,"x":0.1,"u":null},)"
                R"({"id":3,"x":1e+21,"u":3}],"categories":[{"id":1,"name":"bad)"
                "\xEF\xBF\xBD\xEF\xBF\xBD utf8 \xEF\xBF\xBD\xEF\xBF\xBD"
                R"(","description":"ok )"
                "\xc3\xa9"
                R"(","createdAt":"2026-01-15T10:30:00.000Z",)"
                R"("updatedAt":"2026-01-15T10:30:00.000Z"}]})");
  boost::json::error_code ec;
  auto parsed = boost::json::parse(text, ec);
  CHECK(!ec);
  CHECK(parsed.at("samples").as_array().size() == 3);
}

TEST_CASE("defect 13: an update that changes no key leaves the child lists alone", "[hostile]") {
  relata::Database db;
  define_all(db);
  const Category& a = db.create(Category{.name = "a"});
  for (int i = 0; i < 1000; ++i)
    db.create(Product{.name = "p", .categoryId = 1, .price = Money(1)});
  auto range = db.get(a, products);
  for (int i = 1; i <= 1000; ++i) db.update<Product>(i, [](Product& p) { p.name = "q"; });
  CHECK(range[999].name == "q");  // not stale: no child list was touched
  // Cascading a parent with many children removes each from the end of its list.
  db.destroy<Category>(1);
  CHECK(db.count<Product>() == 0);
  CHECK(db.check().empty());
}

TEST_CASE("defect 14: an offset or limit near the size type's largest value does not wrap",
          "[hostile]") {
  relata::Database db;
  define_all(db);
  db.create(Category{.name = "a"});
  for (int cents : {30, 10, 50, 20, 40, 60, 0})
    db.create(Product{
        .name = "p" + std::to_string(cents), .categoryId = 1, .price = Money::from_units(cents)});
  const std::size_t largest = std::numeric_limits<std::size_t>::max();
  auto names = [](const auto& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r->name);
    return out;
  };
  const std::vector<std::string> past_two{"p40", "p30", "p20", "p10", "p0"};
  // offset + limit overflowed: only the first (offset + limit) mod 2^64 rows were sorted.
  CHECK(names(db.find_all<Product>(relata::order_by(relata::desc(&Product::price)),
                                   relata::offset(2), relata::limit(largest))) == past_two);
  CHECK(names(db.find_all<Product>(relata::order_by(relata::desc(&Product::price)),
                                   relata::offset(2), relata::limit(largest - 1))) == past_two);
  CHECK(db.find_all<Product>(relata::offset(largest), relata::limit(largest)).empty());
  // An include's offset was narrowed to 32 bits: 2^32 skipped nothing.
  const auto by_price = relata::order_by(relata::asc(&Product::price));
  for (std::size_t skip : {std::size_t{1} << 32, (std::size_t{1} << 32) + 2, largest}) {
    auto c = db.find_all<Category>(relata::include(products, by_price, relata::offset(skip)));
    CHECK(c[0].get(products).size() == 0);
  }
  auto c = db.find_all<Category>(
      relata::include(products, by_price, relata::offset(5), relata::limit(largest)));
  CHECK(names(c[0].get(products)) == std::vector<std::string>{"p50", "p60"});
}

TEST_CASE("defect 15: a key or where value its column's type cannot hold finds nothing",
          "[hostile]") {
  // Converted to the column's type, 2^32 + 1 wrapped to 1 and found row 1; and a double
  // lost its fraction (id < 1.5 meant id < 1), so it no longer compiles for an integer
  // column (tests/compile_fail/where_fraction_on_integer.cpp).
  relata::Database db;
  db.define<Small>();
  db.define<Unsigned>();
  db.create(Small{.id = 1, .name = "one"});
  db.create(Unsigned{.id = 1, .name = "one"});
  const std::int64_t wraps_to_one = (std::int64_t{1} << 32) + 1;
  CHECK(db.find_by_pk<Small>(wraps_to_one) == nullptr);
  CHECK(db.find_by_pk<Unsigned>(wraps_to_one) == nullptr);
  CHECK(db.find_by_pk<Unsigned>(-1) == nullptr);
  CHECK(db.find_by_pk<Small>(std::int64_t{1}) != nullptr);
  CHECK(!db.find_by_pk<Small>(wraps_to_one, relata::attributes(&Small::name)));
  refused<relata::ValidationError>(
      db, [&] { (void)db.find_all<Small>(where(col<&Small::id> == wraps_to_one)); },
      "validation failed: where: smalls.id compared with 4294967297, which its type cannot "
      "hold");
  refused<relata::ValidationError>(
      db, [&] { (void)db.find_all<Unsigned>(where(col<&Unsigned::id> > -1)); },
      "validation failed: where: unsigneds.id compared with -1, which its type cannot hold");
  CHECK(db.find_all<Small>(where(col<&Small::id> == std::int64_t{1})).size() == 1);
}

TEST_CASE("defect 16: set() of a belongs_to with a key its type cannot hold links no row",
          "[hostile]") {
  // The key was converted to the target's 32-bit key on the way in: 2^32 + 1 linked row 1.
  relata::Database db;
  db.define<Small>();
  db.define<wide_keys::Chip>();
  constexpr auto small = relata::belongs_to<&wide_keys::Chip::smallId>("small");
  db.create(Small{.id = 1, .name = "one"});
  const auto& chip = db.create(wide_keys::Chip{});
  const std::int64_t wraps_to_one = (std::int64_t{1} << 32) + 1;
  refused<relata::NotFoundError>(
      db, [&] { db.set(chip, small, wraps_to_one); },
      "not found: no row of smalls has id = 4294967297");
  refused<relata::NotFoundError>(
      db, [&] { db.set(chip, small, std::optional<std::int64_t>(wraps_to_one)); },
      "not found: no row of smalls has id = 4294967297");
  db.set(chip, small, std::int64_t{1});
  CHECK(db.find_by_pk<wide_keys::Chip>(1)->smallId == 1);
  db.set(chip, small, std::optional<std::int64_t>());
  CHECK(!db.find_by_pk<wide_keys::Chip>(1)->smallId);
  db.set(chip, small, {1});  // a braced key is the target's key type
  CHECK(db.find_by_pk<wide_keys::Chip>(1)->smallId == 1);
  db.set(chip, small, std::nullopt);
  CHECK(!db.find_by_pk<wide_keys::Chip>(1)->smallId);
  CHECK(db.check().empty());
}

TEST_CASE("defect 17: update or destroy of a key its type cannot hold touches no row",
          "[hostile]") {
  // The key was converted to the model's 32-bit key: destroy<Small>(2^32 + 1) deleted row 1.
  relata::Database db;
  db.define<Small>();
  db.create(Small{.id = 1, .name = "one"});
  const std::int64_t wraps_to_one = (std::int64_t{1} << 32) + 1;
  const std::string message = "not found: no row of smalls has id = 4294967297";
  refused<relata::NotFoundError>(
      db, [&] { db.destroy<Small>(wraps_to_one); }, message);
  refused<relata::NotFoundError>(
      db, [&] { db.destroy<Small>(wraps_to_one, relata::force); }, message);
  refused<relata::NotFoundError>(
      db, [&] { db.update<Small>(wraps_to_one, [](Small& s) { s.name = "lost"; }); }, message);
  db.update<Small>(std::int64_t{1}, [](Small& s) { s.name = "kept"; });
  CHECK(db.find_by_pk<Small>(1)->name == "kept");
  db.destroy<Small>(std::int64_t{1});
  CHECK(db.count<Small>() == 0);
}

TEST_CASE("defect 18: db.sum widens as SQL's SUM and never wraps; avg's total is exact",
          "[hostile]") {
  // sum returned the column's own type and added in it: two int32 keys near the top wrapped
  // (UBSan: signed integer overflow), a Decimal<6,2> total past 9999.99 threw though SQL
  // sums it, and so did avg of the same two values, whose mean fits.
  relata::Database db;
  db.define<Small>();
  db.define<Unsigned>();
  db.define<Cell>();
  db.define<Gadget>();
  const std::int32_t top = std::numeric_limits<std::int32_t>::max();
  db.create(Small{.id = top, .name = "a"});
  db.create(Small{.id = top - 1, .name = "b"});
  const std::optional<std::int64_t> small_sum = db.sum(&Small::id);
  CHECK(small_sum == std::int64_t{top} * 2 - 1);
  CHECK(db.avg(&Small::id) == Approx(top - 0.5));
  db.create(Unsigned{.id = std::numeric_limits<std::uint32_t>::max(), .name = "u"});
  db.create(Unsigned{.id = 1, .name = "v"});
  const std::optional<std::uint64_t> unsigned_sum = db.sum(&Unsigned::id);
  CHECK(unsigned_sum == std::uint64_t{1} << 32);

  for (const char* cost : {"5000.00", "4999.99"}) {
    Gadget g = valid_gadget();
    g.cost = relata::Decimal<6, 2>(cost);
    g.label = cost[3] == '0' ? "Big" : "Bigger";
    db.create(std::move(g));
  }
  const std::optional<relata::Decimal<18, 2>> cost_sum = db.sum(&Gadget::cost);
  CHECK(cost_sum->to_string() == "9999.99");
  Gadget more = valid_gadget();
  more.cost = relata::Decimal<6, 2>("0.11");
  db.create(std::move(more));
  CHECK(db.sum(&Gadget::cost)->to_string() == "10000.10");
  CHECK(db.avg(&Gadget::cost)->to_string() == "3333.37");  // 10000.10 / 3, rounded

  // A total no 64-bit integer holds is a ValidationError naming the column.
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  db.create(Cell{.id = big, .parentId = big});
  db.create(Cell{.id = big - 1, .parentId = big - 1});
  try {
    (void)db.sum(&Cell::id);
    FAIL("the sum overflowed");
  } catch (const relata::ValidationError& e) {
    REQUIRE(std::string(e.what()) == "validation failed: sum of cells.id overflows its type");
    REQUIRE(e.errors()[0].validator == "overflow");
  }
  CHECK(db.sum(&Cell::id, where(col<&Cell::id> == big)) == big);
  CHECK(db.avg(&Cell::id) == Approx(static_cast<double>(big)));  // exact total, then / 2
}

TEST_CASE("db.check() finds a broken index", "[hostile][check]") {
  relata::Database db;
  define_all(db);
  db.create(Category{.name = "a"});
  db.create(Category{.name = "b"});
  const Product& p = db.create(Product{.name = "p", .categoryId = 1, .price = Money(1)});
  CHECK(db.check().empty());
  // Corrupt the row behind the engine's back (what a stray pointer would do).
  const_cast<Product&>(p).categoryId = 2;
  CHECK(db.check() ==
        std::vector<std::string>{
            "products: row 1 is missing from the child list of categoryId = 2",
            "products: the child list of categoryId = 1 holds row 1, which has another parent"});
  const_cast<Product&>(p).categoryId = 1;
  CHECK(db.check().empty());
}

TEST_CASE("db.check() finds a child list whose kept key is not its row's", "[hostile][check]") {
  relata::Database db;
  define_all(db);
  db.create(Category{.name = "a"});
  for (const char* name : {"p", "q", "r"})
    db.create(Product{.name = name, .categoryId = 1, .price = Money(1)});
  const Product& q = *db.find_by_pk<Product>(2);
  // A primary key rewritten behind the engine's back: the child list still keeps 2 for it.
  const_cast<Product&>(q).id = 7;
  CHECK(db.check() ==
        std::vector<std::string>{
            "products: row 7 is not reachable through the primary-key hash index",
            "products: auto-increment counter 4 is not past row 7",
            "products: primary-key order broken at row 3",
            "products: row 3 is missing from the child list of categoryId = 1",
            "products: the child list of categoryId = 1 keeps key 2 for row 7",
            "products: the child list of categoryId = 1 is out of key order at row 3"});
  const_cast<Product&>(q).id = 2;
  CHECK(db.check().empty());
}
