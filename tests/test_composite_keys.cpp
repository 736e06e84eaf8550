// Composite primary keys (primary_key on several columns, as Sequelize's generated junction
// tables): a join model keyed by its pair, found, updated, re-keyed and destroyed by the whole
// key; belongs_to_many over it; a key of text and integer columns in its tuple order; every
// refused write leaving the database as it was; check() and a snapshot round trip.
#include <catch2/catch.hpp>
#include <sstream>
#include <tuple>

#include "composite_key_models.hpp"
#include "models.hpp"
#include "relata/detail/snapshot_format.hpp"

using namespace composite_key_models;
using testing_models::dump;

namespace {

struct Fan {
  std::int64_t id = 0;
  std::string handle;
};
// Named apart from test_self_belongs_to_many.cpp's Follow: GCC gives an instantiation over a
// member pointer of an anonymous-namespace struct a name both files share, and an unoptimised
// build links one file's copy into the other.
struct FanFollow {  // a self join model keyed by its pair, under custom keys
  std::int64_t followerId = 0;
  std::int64_t followeeId = 0;
};

}  // namespace

template <>
struct relata::model<Fan> {
  static constexpr std::string_view table = "fans";
  static constexpr auto columns =
      relata::columns(relata::column<&Fan::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Fan::handle>("handle"));
};
template <>
struct relata::model<FanFollow> {
  static constexpr std::string_view table = "follows";
  static constexpr auto columns =
      relata::columns(relata::column<&FanFollow::followerId>("followerId", relata::primary_key,
                                                             relata::references<&Fan::id>,
                                                             relata::on_delete(relata::cascade)),
                      relata::column<&FanFollow::followeeId>("followeeId", relata::primary_key,
                                                             relata::references<&Fan::id>,
                                                             relata::on_delete(relata::cascade)));
};

namespace {

inline constexpr auto courses =
    relata::belongs_to_many<&Enrollment::studentId, &Enrollment::courseId>("courses");
inline constexpr auto students =
    relata::belongs_to_many<&Enrollment::courseId, &Enrollment::studentId>("students");
inline constexpr auto enrollments = relata::has_many<&Enrollment::studentId>("enrollments");
inline constexpr auto followers =
    relata::belongs_to_many<&FanFollow::followeeId, &FanFollow::followerId>("followers");
inline constexpr auto following =
    relata::belongs_to_many<&FanFollow::followerId, &FanFollow::followeeId>("following");

/// Every model of the school defined, and create_school's rows.
relata::Database school() {
  relata::Database db;
  db.define<Student>();
  db.define<Course>();
  db.define<Enrollment>();
  create_school(db);
  return db;
}

std::string json(const auto& rows) {
  return relata::to_string(rows.to_json());
}

}  // namespace

TEST_CASE("a composite primary key: rows in key order, found by the whole key",
          "[composite_keys]") {
  auto db = school();
  CHECK(json(db.find_all<Enrollment>()) ==
        R"([{"studentId":1,"courseId":1,"grade":8},{"studentId":1,"courseId":2,"grade":9},)"
        R"({"studentId":2,"courseId":1,"grade":7}])");
  REQUIRE(db.find_by_pk<Enrollment>({1, 2}) != nullptr);
  CHECK(db.find_by_pk<Enrollment>({1, 2})->grade == 9);
  CHECK(db.find_by_pk<Enrollment>(std::tuple{2, 1})->grade == 7);
  CHECK(db.find_by_pk<Enrollment>(relata::key_t<Enrollment>{2, 2}) == nullptr);
  static_assert(std::is_same_v<relata::key_t<Enrollment>, std::tuple<std::int64_t, std::int64_t>>);
  // One column of the key finds no row by itself: a where on it is a foreign-key lookup.
  CHECK(json(db.find_all<Enrollment>(relata::where(relata::col<&Enrollment::courseId> == 1))) ==
        R"([{"studentId":1,"courseId":1,"grade":8},{"studentId":2,"courseId":1,"grade":7}])");
  CHECK(db.explain<Enrollment>(relata::where(relata::col<&Enrollment::studentId> == 1)) ==
        "enrollments: index studentId = ?\n");
  // An = on every key column is one lookup by the whole key, as Sequelize's
  // findOne({ where: { studentId, courseId } }) reads; the rest of the where still filters.
  using relata::col;
  const auto both =
      relata::where(col<&Enrollment::courseId> == 2 && col<&Enrollment::studentId> == 1);
  CHECK(db.explain<Enrollment>(both) == "enrollments: primary key (studentId, courseId) = ?\n");
  CHECK(json(db.find_all<Enrollment>(both)) == R"([{"studentId":1,"courseId":2,"grade":9}])");
  CHECK(db.find_all<Enrollment>(
              relata::where(col<&Enrollment::studentId> == 1 && col<&Enrollment::courseId> == 5))
            .empty());
  CHECK(db.find_all<Enrollment>(relata::where(col<&Enrollment::studentId> == 1 &&
                                              col<&Enrollment::courseId> == 2 &&
                                              col<&Enrollment::grade> == 0))
            .empty());
  auto one = db.find_by_pk<Enrollment>({1, 1}, relata::attributes(&Enrollment::grade));
  CHECK(json(one) == R"({"grade":8})");
  CHECK(json(db.find_all<Enrollment>(relata::order_by(relata::desc(&Enrollment::grade)),
                                     relata::limit(1))) ==
        R"([{"studentId":1,"courseId":2,"grade":9}])");
  CHECK(db.check().empty());
}

TEST_CASE("a second row with a taken key is refused and changes nothing", "[composite_keys]") {
  auto db = school();
  const std::string before = dump(db);
  try {
    db.create(Enrollment{.studentId = 1, .courseId = 2, .grade = 1});
    FAIL("a taken key was accepted");
  } catch (const relata::UniqueConstraintError& e) {
    CHECK(std::string(e.what()) ==
          "unique constraint failed: enrollments.(studentId, courseId) = (1, 2) already exists");
    CHECK(e.column() == "(studentId, courseId)");
  }
  // An update onto a taken key, and a bulk_create repeating a key, are refused whole.
  CHECK_THROWS_WITH(
      db.update<Enrollment>({2, 1}, [](Enrollment& e) { e.studentId = 1; }),
      "unique constraint failed: enrollments.(studentId, courseId) = (1, 1) already exists");
  CHECK_THROWS_AS(db.bulk_create(std::vector<Enrollment>{{.studentId = 2, .courseId = 2},
                                                         {.studentId = 2, .courseId = 2}}),
                  relata::UniqueConstraintError);
  // A key naming no row of a referenced table is a foreign-key error, as for any column.
  CHECK_THROWS_AS(db.create(Enrollment{.studentId = 3, .courseId = 1}),
                  relata::ForeignKeyConstraintError);
  CHECK(dump(db) == before);
  CHECK(db.count<Enrollment>() == 3);
  CHECK(db.check().empty());
}

TEST_CASE("update, re-key and destroy by the whole key; a rollback puts every row back",
          "[composite_keys]") {
  auto db = school();
  const Enrollment& e = db.update<Enrollment>({1, 2}, [](Enrollment& r) { r.grade = 10; });
  CHECK(e.grade == 10);
  CHECK(db.find_by_pk<Enrollment>({1, 2}) == &e);

  const std::string before = dump(db);
  {
    auto tx = db.begin();
    // Re-key: the row moves to its new key, and out of and into its parents' child lists.
    const Enrollment& moved = db.update<Enrollment>({2, 1}, [](Enrollment& r) { r.courseId = 2; });
    CHECK(db.find_by_pk<Enrollment>({2, 1}) == nullptr);
    CHECK(db.find_by_pk<Enrollment>({2, 2}) == &moved);
    db.destroy<Enrollment>({1, 1});
    CHECK(db.find_by_pk<Enrollment>({1, 1}) == nullptr);
    CHECK(json(db.find_all<Course>(relata::include(students))) ==
          R"([{"id":1,"title":"math","students":[]},)"
          R"({"id":2,"title":"art","students":[{"id":1,"name":"ann","Enrollment":)"
          R"({"studentId":1,"courseId":2,"grade":10}},{"id":2,"name":"bob","Enrollment":)"
          R"({"studentId":2,"courseId":2,"grade":7}}]}])");
    CHECK(db.check().empty());
  }  // not committed: rolled back
  CHECK(dump(db) == before);
  CHECK(db.find_by_pk<Enrollment>({2, 1})->grade == 7);
  CHECK(db.check().empty());

  db.destroy<Enrollment>({1, 1});
  CHECK(db.find_by_pk<Enrollment>({1, 1}) == nullptr);
  CHECK_THROWS_WITH(db.destroy<Enrollment>({1, 1}),
                    "not found: no row of enrollments has (studentId, courseId) = (1, 1)");
  CHECK_THROWS_WITH(db.update<Enrollment>({5, 5}, [](Enrollment&) {}),
                    "not found: no row of enrollments has (studentId, courseId) = (5, 5)");
  CHECK(db.count<Enrollment>() == 2);
  CHECK(db.check().empty());
}

TEST_CASE("upsert, find_or_create, bulk_create options and change events by a composite key",
          "[composite_keys]") {
  auto db = school();
  std::vector<std::string> heard;
  [[maybe_unused]] const auto listener =
      db.on_change<Enrollment>([&](const relata::Change<Enrollment>& c) {
        auto key = [](const Enrollment* e) {
          return e ? std::to_string(e->studentId) + "," + std::to_string(e->courseId) : "-";
        };
        heard.push_back(key(c.before) + ">" + key(c.after));
      });
  auto [row, created] = db.upsert(Enrollment{.studentId = 1, .courseId = 2, .grade = 3});
  CHECK_FALSE(created);
  CHECK(row.grade == 3);
  CHECK(db.upsert(Enrollment{.studentId = 2, .courseId = 2, .grade = 4}).second);
  auto [found, made] = db.find_or_create(relata::where(relata::col<&Enrollment::studentId> == 2 &&
                                                       relata::col<&Enrollment::courseId> == 2),
                                         Enrollment{.studentId = 2, .courseId = 2, .grade = 0});
  CHECK_FALSE(made);
  CHECK(found.grade == 4);
  auto kept = db.bulk_create(std::vector<Enrollment>{{.studentId = 1, .courseId = 1, .grade = 1}},
                             relata::ignore_duplicates);
  CHECK(kept[0]->grade == 8);  // (1, 1) is held: the stored row in its place
  auto merged = db.bulk_create(std::vector<Enrollment>{{.studentId = 1, .courseId = 1, .grade = 1}},
                               relata::update_on_duplicate(&Enrollment::grade));
  CHECK(merged[0]->grade == 1);
  CHECK_THROWS_AS(relata::update_on_duplicate(&Enrollment::courseId), relata::SchemaError);
  db.destroy<Enrollment>({2, 2});
  CHECK(heard == std::vector<std::string>{"1,2>1,2", "->2,2", "1,1>1,1", "2,2>-"});
  CHECK(db.check().empty());
}

TEST_CASE("ON UPDATE CASCADE rewrites a column of a composite key: the rows move to their new keys",
          "[composite_keys]") {
  auto db = school();
  const std::string before = dump(db);
  {
    auto tx = db.begin();
    db.update<Student>(1, [](Student& s) { s.id = 10; });
    CHECK(json(db.find_all<Enrollment>()) ==
          R"([{"studentId":2,"courseId":1,"grade":7},{"studentId":10,"courseId":1,"grade":8},)"
          R"({"studentId":10,"courseId":2,"grade":9}])");
    CHECK(db.find_by_pk<Enrollment>({10, 2})->grade == 9);
    CHECK(db.find_by_pk<Enrollment>({1, 2}) == nullptr);
    CHECK(db.count(*db.find_by_pk<Student>(10), courses) == 2);
    CHECK(db.check().empty());
  }  // rolled back
  CHECK(dump(db) == before);
  CHECK(db.check().empty());

  // Both key columns referencing one table: a row keyed (1, 1) moves twice in one statement.
  relata::Database fans;
  fans.define<Fan>();
  fans.define<FanFollow>();
  fans.create(Fan{.handle = "ann"});
  fans.create(Fan{.handle = "bob"});
  fans.create(FanFollow{.followerId = 1, .followeeId = 1});
  fans.create(FanFollow{.followerId = 1, .followeeId = 2});
  fans.create(FanFollow{.followerId = 2, .followeeId = 1});
  fans.update<Fan>(1, [](Fan& f) { f.id = 7; });
  std::vector<std::string> keys;
  for (auto f : fans.find_all<FanFollow>())
    keys.push_back(std::to_string(f->followerId) + "," + std::to_string(f->followeeId));
  CHECK(keys == std::vector<std::string>{"2,7", "7,2", "7,7"});
  CHECK(fans.find_by_pk<FanFollow>({7, 7}) != nullptr);
  CHECK(fans.check().empty());
}

TEST_CASE("belongs_to_many over a join model keyed by its pair", "[composite_keys]") {
  auto db = school();
  const Student& ann = *db.find_by_pk<Student>(1);
  const Student& bob = *db.find_by_pk<Student>(2);
  CHECK(json(db.find_by_pk<Student>(1, relata::include(courses))) ==
        R"({"id":1,"name":"ann","courses":[)"
        R"({"id":1,"title":"math","Enrollment":{"studentId":1,"courseId":1,"grade":8}},)"
        R"({"id":2,"title":"art","Enrollment":{"studentId":1,"courseId":2,"grade":9}}]})");
  // Adding a linked pair again writes its new through values into the join row.
  db.add(bob, courses, std::vector<std::int64_t>{1, 2}, Enrollment{.grade = 5});
  CHECK(db.find_by_pk<Enrollment>({2, 1})->grade == 5);
  CHECK(db.find_by_pk<Enrollment>({2, 2})->grade == 5);
  CHECK(db.count(bob, courses) == 2);
  db.set(ann, courses, std::vector<std::int64_t>{2});
  CHECK(db.find_by_pk<Enrollment>({1, 1}) == nullptr);
  db.remove(bob, courses, std::vector<std::int64_t>{1});
  CHECK(json(db.find_all<Enrollment>()) ==
        R"([{"studentId":1,"courseId":2,"grade":9},{"studentId":2,"courseId":2,"grade":5}])");
  CHECK(db.get(bob, enrollments).size() == 1);
  // Destroying a student cascades to its join rows.
  db.destroy<Student>(2);
  CHECK(json(db.find_all<Enrollment>()) == R"([{"studentId":1,"courseId":2,"grade":9}])");
  CHECK(db.check().empty());
}

TEST_CASE("a self belongs_to_many with two aliases over one join model keyed by its pair",
          "[composite_keys]") {
  relata::Database db;
  db.define<Fan>();
  db.define<FanFollow>();
  const Fan& ann = db.create(Fan{.handle = "ann"});
  const Fan& bob = db.create(Fan{.handle = "bob"});
  const Fan& cid = db.create(Fan{.handle = "cid"});
  db.add(ann, following, std::vector<std::int64_t>{bob.id, cid.id});
  db.add(bob, following, cid);
  db.add(ann, following, cid);  // already linked: still one join row
  CHECK(db.count<FanFollow>() == 3);
  CHECK_THROWS_AS(db.create(FanFollow{.followerId = 1, .followeeId = 3}),
                  relata::UniqueConstraintError);
  std::vector<std::string> handles;
  for (const auto& l : db.get(cid, followers)) handles.push_back(l.row->handle);
  CHECK(handles == std::vector<std::string>{"ann", "bob"});
  CHECK(json(db.find_by_pk<Fan>(3, relata::include(followers, relata::attributes(&Fan::handle),
                                                   relata::through<FanFollow>(relata::attributes(
                                                       &FanFollow::followeeId))))) ==
        R"({"id":3,"handle":"cid","followers":[{"handle":"ann","follows":{"followeeId":3}},)"
        R"({"handle":"bob","follows":{"followeeId":3}}]})");
  db.remove(cid, followers, std::vector<std::int64_t>{ann.id});
  CHECK(db.find_by_pk<FanFollow>({1, 3}) == nullptr);
  CHECK(db.count(ann, following) == 1);
  CHECK(db.check().empty());
}

TEST_CASE("a key of text and integer columns orders as its tuple", "[composite_keys]") {
  relata::Database db;
  db.define<Shelf>();
  const std::string nul("a\0b", 3);  // a zero byte inside a key
  db.create(Shelf{.room = "ab", .slot = 0, .item = "e"});
  db.create(Shelf{.room = nul, .slot = 1, .item = "d"});
  db.create(Shelf{.room = "a", .slot = 2, .item = "c"});
  db.create(Shelf{.room = "a", .slot = -1, .item = "b"});
  db.create(Shelf{.room = "", .slot = 5, .item = "a"});
  std::string items;
  for (auto s : db.find_all<Shelf>()) items += s->item;
  CHECK(items == "abcde");
  CHECK(db.find_by_pk<Shelf>({nul, 1})->item == "d");
  CHECK(db.find_by_pk<Shelf>({"a", -1})->item == "b");
  CHECK(db.find_by_pk<Shelf>({"a", 1}) == nullptr);
  CHECK(json(db.find_all<Shelf>(
            relata::where(relata::col<&Shelf::room> == nul && relata::col<&Shelf::slot> == 1))) ==
        R"([{"room":"a\u0000b","slot":1,"item":"d"}])");
  CHECK_THROWS_WITH(db.create(Shelf{.room = "a", .slot = 2}),
                    "unique constraint failed: shelves.(room, slot) = ('a', 2) already exists");
  db.update<Shelf>({"a", 2}, [](Shelf& s) { s.room = "z"; });
  CHECK(db.find_by_pk<Shelf>({"z", 2})->item == "c");
  db.destroy<Shelf>({"", 5});
  items.clear();
  for (auto s : db.find_all<Shelf>()) items += s->item;
  CHECK(items == "bdec");
  CHECK(db.check().empty());

  std::stringstream file;
  db.save(file);
  relata::Database loaded;
  loaded.define<Shelf>();
  loaded.load(file);
  CHECK(dump(loaded) == dump(db));
  CHECK(loaded.find_by_pk<Shelf>({nul, 1})->item == "d");
  CHECK(loaded.check().empty());
}

TEST_CASE("a snapshot keeps a composite key; a file repeating a key is refused",
          "[composite_keys][snapshot]") {
  auto db = school();
  std::stringstream file;
  db.save(file);
  relata::Database loaded;
  loaded.define<Student>();
  loaded.define<Course>();
  loaded.define<Enrollment>();
  loaded.load(file);
  CHECK(dump(loaded) == dump(db));
  CHECK(loaded.find_by_pk<Enrollment>({2, 1})->grade == 7);
  CHECK_THROWS_AS(loaded.create(Enrollment{.studentId = 2, .courseId = 1}),
                  relata::UniqueConstraintError);
  CHECK(loaded.check().empty());

  // The format marks each key column; a file holding one key twice is refused by a load and
  // reported by verify.
  namespace snap = relata::detail::snapshot;
  snap::Table t;
  t.name = "shelves";
  t.columns = {{.name = "room", .kind = relata::column_kind::string, .flags = snap::primary_key},
               {.name = "slot", .kind = relata::column_kind::int64, .flags = snap::primary_key},
               {.name = "item", .kind = relata::column_kind::string}};
  t.rows = 2;
  snap::Writer w({t});
  for (int i = 0; i < 2; ++i) {
    w.value(t.columns[0], relata::Value(std::string("a")));
    w.value(t.columns[1], relata::Value(std::int64_t{1}));
    w.value(t.columns[2], relata::Value(std::string(i ? "y" : "x")));
  }
  const std::string repeated = w.finish();
  snap::Reader reader(std::span<const char>(repeated.data(), repeated.size()));
  CHECK(snap::verify(reader, 10) ==
        std::vector<std::string>{"shelves: primary key (room, slot) holds ('a', 1) twice"});
  relata::Database shelves;
  shelves.define<Shelf>();
  shelves.create(Shelf{.room = "kept", .slot = 1});
  const std::string before = dump(shelves);
  std::stringstream in(repeated);
  CHECK_THROWS_AS(shelves.load(in), relata::SnapshotError);
  CHECK(dump(shelves) == before);
}
