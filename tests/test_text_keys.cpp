// std::string primary keys (game data's item codes and level names): every statement, index,
// association, cascade, check and snapshot works for them as for integer keys, with rows in
// the strings' order.
#include <catch2/catch.hpp>
#include <sstream>

#include "models.hpp"
#include "relata/detail/printable.hpp"
#include "relata/detail/snapshot_format.hpp"
#include "text_key_models.hpp"

using namespace text_key_models;
using testing_models::dump;

namespace {

struct Item {  // items nest: a crafted item names the item it is made from
  std::string code;
  std::string title;
  std::optional<std::string> baseCode;
};
struct Tag {
  std::string name;
};
struct ItemTag {
  std::int64_t id = 0;
  std::string itemCode;
  std::string tagName;
};
struct Sighting {  // a log keeps the name of a level that may be gone
  std::int64_t id = 0;
  std::string levelName;
};

}  // namespace

template <>
struct relata::model<Item> {
  static constexpr std::string_view table = "items";
  static constexpr auto columns =
      relata::columns(relata::column<&Item::code>("code", relata::primary_key),
                      relata::column<&Item::title>("title"),
                      relata::column<&Item::baseCode>("baseCode", relata::references<&Item::code>));
};
template <>
struct relata::model<Tag> {
  static constexpr std::string_view table = "tags";
  static constexpr auto columns =
      relata::columns(relata::column<&Tag::name>("name", relata::primary_key));
};
template <>
struct relata::model<ItemTag> {
  static constexpr std::string_view table = "item_tags";
  static constexpr auto columns = relata::columns(
      relata::column<&ItemTag::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&ItemTag::itemCode>("itemCode", relata::references<&Item::code>,
                                         relata::on_delete(relata::cascade)),
      relata::column<&ItemTag::tagName>("tagName", relata::references<&Tag::name>,
                                        relata::on_delete(relata::cascade)));
};
template <>
struct relata::model<Sighting> {
  static constexpr std::string_view table = "sightings";
  static constexpr auto columns = relata::columns(
      relata::column<&Sighting::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Sighting::levelName>("levelName", relata::references<&Level::name>,
                                           relata::constraints(false)));
};

namespace {

inline constexpr auto variants = relata::has_many<&Item::baseCode>("variants");
inline constexpr auto base = relata::belongs_to<&Item::baseCode>("base");
inline constexpr auto tags = relata::belongs_to_many<&ItemTag::itemCode, &ItemTag::tagName>("tags");
inline constexpr auto sightings = relata::has_many<&Sighting::levelName>("sightings");

/// Every model of this file defined, and create_levels' levels and rooms.
relata::Database dungeon() {
  relata::Database db;
  db.define<Level>();
  db.define<Room>();
  db.define<Item>();
  db.define<Tag>();
  db.define<ItemTag>();
  db.define<Sighting>();
  create_levels(db);
  return db;
}

std::vector<std::string> labels(const relata::Database& db, const Level& l) {
  std::vector<std::string> out;
  for (const Room& r : db.get(l, rooms)) out.push_back(r.label);
  return out;
}

std::vector<std::string> codes(const relata::Database& db, const Item& i) {
  std::vector<std::string> out;
  for (const Item& v : db.get(i, variants)) out.push_back(v.code);
  return out;
}

}  // namespace

TEST_CASE("a std::string primary key: rows in the strings' order, found by key", "[text_keys]") {
  auto db = dungeon();
  CHECK(db.find_by_pk<Level>("cave")->depth == 1);
  CHECK(db.find_by_pk<Level>(std::string("mine"))->depth == 2);
  CHECK(db.find_by_pk<Level>("attic") == nullptr);
  CHECK(relata::to_string(db.find_all<Level>().to_json()) ==
        R"([{"name":"cave","depth":1},{"name":"mine","depth":2}])");
  CHECK(relata::to_string(
            db.find_all<Level>(relata::where(relata::col<&Level::name> == "mine")).to_json()) ==
        R"([{"name":"mine","depth":2}])");
  CHECK(
      relata::to_string(
          db.find_all<Level>(relata::where(relata::col<&Level::name>.in({"mine", "attic", "cave"})))
              .to_json()) == R"([{"name":"cave","depth":1},{"name":"mine","depth":2}])");
  CHECK(db.explain<Level>(relata::where(relata::col<&Level::name> == "mine")) ==
        "levels: primary key name = ?\n");
  auto one = db.find_by_pk<Level>("mine", relata::include(rooms, relata::attributes(&Room::id)));
  CHECK(relata::to_string(one.to_json()) ==
        R"({"name":"mine","depth":2,"rooms":[{"id":1},{"id":3}]})");
  CHECK(db.check().empty());
}

TEST_CASE("a std::string primary key refuses a taken or missing key with the key named",
          "[text_keys]") {
  auto db = dungeon();
  const std::string before = dump(db);
  try {
    db.create(Level{.name = "cave", .depth = 9});
    FAIL("a taken key was accepted");
  } catch (const relata::UniqueConstraintError& e) {
    CHECK(std::string(e.what()) == "unique constraint failed: levels.name = 'cave' already exists");
  }
  try {
    db.update<Level>("attic", [](Level& l) { l.depth = 3; });
    FAIL("a missing key was updated");
  } catch (const relata::NotFoundError& e) {
    CHECK(std::string(e.what()) == "not found: no row of levels has name = 'attic'");
  }
  CHECK_THROWS_AS(db.destroy<Level>("attic"), relata::NotFoundError);
  try {
    db.create(Room{.levelName = "attic", .label = "dust"});
    FAIL("a reference to no row was accepted");
  } catch (const relata::ForeignKeyConstraintError& e) {
    CHECK(std::string(e.what()) ==
          "foreign key constraint failed: rooms.levelName = 'attic' references no row of levels");
  }
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
}

TEST_CASE("has_many and belongs_to over a text key, lazily and as includes", "[text_keys]") {
  auto db = dungeon();
  CHECK(labels(db, *db.find_by_pk<Level>("mine")) == std::vector<std::string>{"shaft", "lift"});
  CHECK(db.get(*db.find_by_pk<Room>(2), level)->depth == 1);
  CHECK(relata::to_string(
            db.find_all<Room>(relata::include(level), relata::attributes(&Room::id)).to_json()) ==
        R"([{"id":1,"level":{"name":"mine","depth":2}},{"id":2,"level":{"name":"cave","depth":1}},)"
        R"({"id":3,"level":{"name":"mine","depth":2}}])");
  CHECK(db.count<Room>(relata::where(relata::col<&Room::levelName> == "mine")) == 2);
  CHECK(db.explain<Room>(relata::where(relata::col<&Room::levelName> == "mine")) ==
        "rooms: index levelName = ?\n");
  // The association mixins: create through the association, move a room, take it back.
  const Level& cave = *db.find_by_pk<Level>("cave");
  const Room& hall = db.create(cave, rooms, Room{.label = "hall"});
  CHECK(hall.levelName == "cave");
  db.set(*db.find_by_pk<Room>(1), level, std::string("cave"));
  CHECK(labels(db, *db.find_by_pk<Level>("cave")) ==
        std::vector<std::string>{"shaft", "pool", "hall"});
  db.add(*db.find_by_pk<Level>("mine"), rooms, {1});
  CHECK(labels(db, *db.find_by_pk<Level>("mine")) == std::vector<std::string>{"shaft", "lift"});
  CHECK(db.check().empty());
}

TEST_CASE("a self reference over a text key keeps each list in the strings' order", "[text_keys]") {
  auto db = dungeon();
  db.create(Item{.code = "sword", .title = "Sword"});
  db.create(Item{.code = "sword+2", .title = "Sword +2", .baseCode = "sword"});
  db.create(Item{.code = "sword+1", .title = "Sword +1", .baseCode = "sword"});
  db.create(Item{.code = "rusty", .title = "Rusty sword", .baseCode = "sword"});
  // A row may name itself as it is created: its own key is its parent.
  db.create(Item{.code = "ouroboros", .title = "Ring", .baseCode = "ouroboros"});
  CHECK(codes(db, *db.find_by_pk<Item>("sword")) ==
        std::vector<std::string>{"rusty", "sword+1", "sword+2"});
  CHECK(db.get(*db.find_by_pk<Item>("rusty"), base)->title == "Sword");
  // Two keys no row has are not one key.
  const std::string before = dump(db);
  CHECK_THROWS_AS(db.create(Item{.code = "ghost", .baseCode = "phantom"}),
                  relata::ForeignKeyConstraintError);
  CHECK(dump(db) == before);
  CHECK(db.find_by_pk<Item>("ghost") == nullptr);
  CHECK(db.check().empty());
}

TEST_CASE("re-keying a text key cascades; deleting one cascades or clears", "[text_keys]") {
  auto db = dungeon();
  db.create(Item{.code = "sword", .title = "Sword"});
  db.create(Item{.code = "sword+1", .title = "Sword +1", .baseCode = "sword"});
  SECTION("ON UPDATE CASCADE rewrites the children's keys") {
    db.update<Level>("mine", [](Level& l) { l.name = "deep mine"; });
    CHECK(db.find_by_pk<Level>("mine") == nullptr);
    CHECK(labels(db, *db.find_by_pk<Level>("deep mine")) ==
          std::vector<std::string>{"shaft", "lift"});
    CHECK(db.find_by_pk<Room>(3)->levelName == "deep mine");
    CHECK(relata::to_string(db.find_all<Level>(relata::attributes(&Level::name)).to_json()) ==
          R"([{"name":"cave"},{"name":"deep mine"}])");
    db.update<Item>("sword", [](Item& i) { i.code = "blade"; });
    CHECK(db.find_by_pk<Item>("sword+1")->baseCode == "blade");
    CHECK(db.check().empty());
  }
  SECTION("ON DELETE CASCADE takes the rooms; SET NULL clears the variants") {
    db.destroy<Level>("mine");
    CHECK(db.count<Room>() == 1);
    CHECK(db.find_by_pk<Room>(2)->label == "pool");
    db.destroy<Item>("sword");
    CHECK(db.find_by_pk<Item>("sword+1")->baseCode == std::nullopt);
    CHECK(db.check().empty());
  }
  SECTION("a key taken back after a delete is a new parent") {
    db.destroy<Level>("cave");
    db.create(Level{.name = "cave", .depth = 5});
    CHECK(labels(db, *db.find_by_pk<Level>("cave")).empty());
    db.create(Room{.levelName = "cave", .label = "echo"});
    CHECK(labels(db, *db.find_by_pk<Level>("cave")) == std::vector<std::string>{"echo"});
    CHECK(db.check().empty());
  }
}

TEST_CASE("a failed statement or a rolled-back transaction over text keys changes nothing",
          "[text_keys][transactions]") {
  auto db = dungeon();
  const std::string before = dump(db);
  const auto addresses = testing_models::row_addresses(db);
  CHECK_THROWS_AS(db.transaction([&] {
    db.create(Level{.name = "attic", .depth = 3});
    db.create(Room{.levelName = "attic", .label = "dust"});
    db.update<Level>("mine", [](Level& l) { l.name = "pit"; });
    db.destroy<Level>("cave");
    throw std::runtime_error("abandon");
  }),
                  std::runtime_error);
  CHECK(dump(db) == before);
  CHECK(testing_models::row_addresses(db) == addresses);
  CHECK(labels(db, *db.find_by_pk<Level>("mine")) == std::vector<std::string>{"shaft", "lift"});
  CHECK(db.find_by_pk<Level>("attic") == nullptr);
  CHECK(db.find_by_pk<Level>("pit") == nullptr);
  CHECK(db.check().empty());
}

TEST_CASE("belongs_to_many through text keys", "[text_keys]") {
  auto db = dungeon();
  db.create(Item{.code = "sword", .title = "Sword"});
  db.create(Tag{.name = "weapon"});
  db.create(Tag{.name = "metal"});
  db.create(Tag{.name = "old"});
  const Item& sword = *db.find_by_pk<Item>("sword");
  db.add(sword, tags, {std::string("weapon"), std::string("metal")});
  auto names = [&] {
    std::vector<std::string> out;
    for (const auto& l : db.get(*db.find_by_pk<Item>("sword"), tags)) out.push_back(l.row->name);
    return out;
  };
  CHECK(names() == std::vector<std::string>{"weapon", "metal"});
  CHECK(db.has(sword, tags, {std::string("metal")}));
  db.set(*db.find_by_pk<Item>("sword"), tags, {std::string("old"), std::string("metal")});
  CHECK(names() == std::vector<std::string>{"metal", "old"});
  db.remove(*db.find_by_pk<Item>("sword"), tags, {std::string("metal")});
  CHECK(names() == std::vector<std::string>{"old"});
  auto json = db.find_by_pk<Item>(
      "sword", relata::attributes(&Item::code),
      relata::include(tags, relata::attributes(&Tag::name),
                      relata::through<ItemTag>(relata::attributes(&ItemTag::tagName))));
  CHECK(relata::to_string(json.to_json()) ==
        R"({"code":"sword","tags":[{"name":"old","item_tags":{"tagName":"old"}}]})");
  db.destroy<Tag>("old");  // the join row goes with it
  CHECK(names().empty());
  CHECK(db.count<ItemTag>() == 0);
  CHECK(db.check().empty());
}

TEST_CASE("a weak reference over a text key may name a level that is not there",
          "[text_keys][weak_references]") {
  auto db = dungeon();
  db.create(Sighting{.levelName = "attic"});
  db.create(Sighting{.levelName = "vault"});
  db.create(Sighting{.levelName = "attic"});
  CHECK(db.check().empty());
  const Level& attic = db.create(Level{.name = "attic", .depth = 0});
  std::vector<std::int64_t> seen;
  for (const Sighting& s : db.get(attic, sightings)) seen.push_back(s.id);
  CHECK(seen == std::vector<std::int64_t>{1, 3});
}

TEST_CASE("a snapshot of text keys loads back the same rows, lists and order",
          "[text_keys][snapshot]") {
  auto db = dungeon();
  // Created in an order unlike the keys', and a variant before its base in key order.
  db.create(Item{.code = "zweihander", .title = "Zweihander"});
  db.create(Item{.code = "axe", .title = "Axe", .baseCode = "zweihander"});
  db.create(Tag{.name = "weapon"});
  db.add(*db.find_by_pk<Item>("axe"), tags, {std::string("weapon")});
  db.create(Sighting{.levelName = "vault"});
  std::ostringstream out;
  db.save(out);
  const std::string bytes = out.str();

  relata::Database back;
  back.define<Level>();
  back.define<Room>();
  back.define<Item>();
  back.define<Tag>();
  back.define<ItemTag>();
  back.define<Sighting>();
  std::istringstream in(bytes);
  back.load(in);
  CHECK(dump(back) == dump(db));
  CHECK(back.check().empty());
  CHECK(labels(back, *back.find_by_pk<Level>("mine")) == std::vector<std::string>{"shaft", "lift"});
  CHECK(codes(back, *back.find_by_pk<Item>("zweihander")) == std::vector<std::string>{"axe"});
  CHECK(back.get(*back.find_by_pk<Item>("axe"), tags).size() == 1);
  // Written again, the same bytes.
  std::ostringstream again;
  back.save(again);
  CHECK(again.str() == bytes);

  namespace snap = relata::detail::snapshot;
  snap::Reader r({bytes.data(), bytes.size()});
  CHECK(snap::verify(r, 10, nullptr, nullptr).empty());
}

TEST_CASE("upsert and find_or_create match a text key", "[text_keys]") {
  auto db = dungeon();
  auto [mine, created] = db.upsert(Level{.name = "mine", .depth = 7});
  CHECK(!created);
  CHECK(mine.depth == 7);
  auto [attic, made] = db.upsert(Level{.name = "attic", .depth = 0});
  CHECK(made);
  CHECK(attic.name == "attic");
  auto [cave, fresh] = db.find_or_create(relata::where(relata::col<&Level::name> == "cave"),
                                         Level{.name = "cave", .depth = 9});
  CHECK(!fresh);
  CHECK(cave.depth == 1);
  CHECK(relata::to_string(db.find_all<Level>().to_json()) ==
        R"([{"name":"attic","depth":0},{"name":"cave","depth":1},{"name":"mine","depth":7}])");
  CHECK(labels(db, *db.find_by_pk<Level>("mine")) == std::vector<std::string>{"shaft", "lift"});
  CHECK(db.check().empty());
}

// ---- a unique text column as the referenced key (Sequelize's sourceKey / targetKey)

namespace {

/// Parts 1 "gear" and 2 "bolt" (defined before rows exist or after: `late`); recipes 1 (bolt,
/// 4), 2 (gear, 1), 3 (bolt, 2).
relata::Database workshop(bool late = false) {
  relata::Database db;
  db.define<Part>();
  if (late) {  // the referencing model is defined once parts exist
    db.create(Part{.code = "gear", .title = "Gear"});
    db.create(Part{.code = "bolt", .title = "Bolt"});
  }
  db.define<Recipe>();
  if (!late) {
    db.create(Part{.code = "gear", .title = "Gear"});
    db.create(Part{.code = "bolt", .title = "Bolt"});
  }
  db.create(Recipe{.partCode = "bolt", .amount = 4});
  db.create(Recipe{.partCode = "gear", .amount = 1});
  db.create(Recipe{.partCode = "bolt", .amount = 2});
  return db;
}

std::vector<std::int64_t> recipe_ids(const relata::Database& db, std::int64_t part_id) {
  std::vector<std::int64_t> out;
  for (const Recipe& r : db.get(*db.find_by_pk<Part>(part_id), recipes)) out.push_back(r.id);
  return out;
}

}  // namespace

TEST_CASE("a unique text column referenced by a foreign key: lookups, includes, checks",
          "[text_keys]") {
  auto db = workshop(GENERATE(false, true));
  CHECK(recipe_ids(db, 2) == std::vector<std::int64_t>{1, 3});
  CHECK(db.get(*db.find_by_pk<Recipe>(2), part)->title == "Gear");
  CHECK(relata::to_string(
            db.find_by_pk<Part>(1, relata::attributes(&Part::code),
                                relata::include(recipes, relata::attributes(&Recipe::amount)))
                .to_json()) == R"({"code":"gear","recipes":[{"amount":1}]})");
  CHECK(relata::to_string(db.find_all<Recipe>(relata::attributes(&Recipe::id),
                                              relata::include(part, relata::attributes(&Part::id)))
                              .to_json()) ==
        R"([{"id":1,"part":{"id":2}},{"id":2,"part":{"id":1}},{"id":3,"part":{"id":2}}])");
  const std::string before = dump(db);
  try {
    db.create(Recipe{.partCode = "nut", .amount = 1});
    FAIL("a reference to no part was accepted");
  } catch (const relata::ForeignKeyConstraintError& e) {
    CHECK(std::string(e.what()) ==
          "foreign key constraint failed: recipes.partCode = 'nut' references no row of parts");
  }
  CHECK(dump(db) == before);
  // Through the association: the child's key is the part's code.
  const Recipe& r = db.create(*db.find_by_pk<Part>(1), recipes, Recipe{.amount = 9});
  CHECK(r.partCode == "gear");
  db.set(*db.find_by_pk<Recipe>(2), part, std::int64_t{2});
  CHECK(recipe_ids(db, 2) == std::vector<std::int64_t>{1, 2, 3});
  CHECK(db.check().empty());
}

TEST_CASE("changing or deleting a referenced unique text value follows its actions",
          "[text_keys]") {
  auto db = workshop();
  SECTION("ON UPDATE CASCADE") {
    db.update<Part>(2, [](Part& p) { p.code = "bolt-m4"; });
    CHECK(db.find_by_pk<Recipe>(1)->partCode == "bolt-m4");
    CHECK(db.find_by_pk<Recipe>(3)->partCode == "bolt-m4");
    CHECK(recipe_ids(db, 2) == std::vector<std::int64_t>{1, 3});
    CHECK(db.count<Recipe>(relata::where(relata::col<&Recipe::partCode> == "bolt")) == 0);
    CHECK(db.check().empty());
  }
  SECTION("ON DELETE CASCADE") {
    db.destroy<Part>(2);
    CHECK(db.count<Recipe>() == 1);
    CHECK(db.check().empty());
  }
  SECTION("a second part cannot take a code in use, nor a recipe a code of no part") {
    const std::string before = dump(db);
    CHECK_THROWS_AS(db.create(Part{.code = "gear"}), relata::UniqueConstraintError);
    CHECK_THROWS_AS(db.update<Recipe>(1, [](Recipe& r) { r.partCode = "nut"; }),
                    relata::ForeignKeyConstraintError);
    CHECK(dump(db) == before);
    CHECK(db.check().empty());
  }
}

TEST_CASE("a snapshot of a unique text key loads back its lists", "[text_keys][snapshot]") {
  auto db = workshop();
  std::ostringstream out;
  db.save(out);
  const std::string bytes = out.str();
  relata::Database back;
  back.define<Part>();
  back.define<Recipe>();
  std::istringstream in(bytes);
  back.load(in);
  CHECK(dump(back) == dump(db));
  CHECK(back.check().empty());
  CHECK(recipe_ids(back, 2) == std::vector<std::int64_t>{1, 3});
  namespace snap = relata::detail::snapshot;
  snap::Reader r({bytes.data(), bytes.size()});
  CHECK(snap::verify(r, 10, nullptr, nullptr).empty());
}

TEST_CASE("a key's control characters are escaped in error sentences, never cut short",
          "[text_keys][hostile]") {
  auto db = dungeon();
  std::string before = dump(db);
  // A NUL used to end what() there; an escape sequence went to whatever printed it.
  const std::string hostile("a\0\x1b[2J\\b", 8);
  try {
    db.create(Room{.levelName = hostile, .label = "x"});
    FAIL("a reference to no row was accepted");
  } catch (const relata::ForeignKeyConstraintError& e) {
    CHECK(
        std::string(e.what()) ==
        R"(foreign key constraint failed: rooms.levelName = 'a\x00\x1b[2J\\b' references no row of levels)");
  }
  CHECK(dump(db) == before);
  db.create(Level{.name = hostile});
  CHECK(db.find_by_pk<Level>(hostile) != nullptr);  // the key itself is kept byte for byte
  before = dump(db);
  try {
    db.create(Level{.name = hostile});
    FAIL("a taken key was accepted");
  } catch (const relata::UniqueConstraintError& e) {
    CHECK(std::string(e.what()) ==
          R"(unique constraint failed: levels.name = 'a\x00\x1b[2J\\b' already exists)");
  }
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
  CHECK(relata::detail::to_printable("tab\there\nline\r\x7f caf\xc3\xa9") ==
        R"(tab\there\nline\r\x7f caf)"
        "\xc3\xa9");  // UTF-8 passes as it is
}

TEST_CASE("a snapshot whose text keys do not hold is refused, the database unchanged",
          "[text_keys][snapshot]") {
  namespace snap = relata::detail::snapshot;
  relata::Database source;
  source.define<Level>();
  source.define<Room>();
  create_levels(source);
  std::ostringstream out;
  source.save(out);
  const std::string good = out.str();
  snap::Reader r({good.data(), good.size()});
  auto tables = r.tables();  // levels, rooms
  for (auto& t : tables) t.rows = 0;

  relata::Database db;
  db.define<Level>();
  db.define<Room>();
  create_levels(db);
  db.create(Level{.name = "attic"});
  const std::string before = dump(db);
  auto load_error = [&](const std::string& bytes) {
    std::istringstream in(bytes);
    try {
      db.load(in);
    } catch (const relata::SnapshotError& e) {
      return std::string(e.what());
    }
    return std::string("loaded");
  };
  SECTION("a text foreign key naming an integer column") {
    tables[1].columns[1].referenced_column = 1;  // levels.depth
    snap::Writer w(tables);
    CHECK(load_error(w.finish()) ==
          "snapshot damaged at offset 324, table rooms, column levelName: references "
          "levels.depth, which is neither its primary key nor a unique text column");
  }
  SECTION("a nullable text primary key") {
    tables[0].columns[0].flags |= snap::nullable;
    snap::Writer w(tables);
    CHECK(load_error(w.finish()) ==
          "snapshot damaged at offset 102, table levels, column name: the primary key is not a "
          "NOT NULL integer or text column");
  }
  SECTION("a text key stored twice") {
    tables[0].rows = 2;
    snap::Writer w(tables);
    for (int i = 0; i < 2; ++i) {
      w.value(tables[0].columns[0], std::string("mine"));
      w.value(tables[0].columns[1], std::int64_t{2});
    }
    CHECK(load_error(w.finish()) ==
          "snapshot row 2 ending at offset 364: levels.name = 'mine' is stored twice");
  }
  SECTION("a room naming a level the file lacks") {
    tables[1].rows = 1;
    snap::Writer w(tables);
    w.value(tables[1].columns[0], std::int64_t{1});
    w.value(tables[1].columns[1], std::string("vault"));
    w.value(tables[1].columns[2], std::string("dust"));
    CHECK(load_error(w.finish()) ==
          "snapshot breaks a constraint: rooms: row 1: levelName = 'vault' references no row of "
          "levels");
  }
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
  CHECK(labels(db, *db.find_by_pk<Level>("mine")) == std::vector<std::string>{"shaft", "lift"});
}

TEST_CASE("a refused write takes back the key codes it gave; a committed one keeps them",
          "[text_keys]") {
  auto db = dungeon();
  auto codes = [&](std::string_view table) {
    return db.store().table_named(table)->key_dictionary()->size();
  };
  db.create(Sighting{.levelName = "mine"});  // id 1
  const std::size_t levels = codes("levels"), items = codes("items");
  CHECK(levels == 2);  // mine, cave
  const std::string before = dump(db);
  for (int i = 0; i < 50; ++i) {
    const std::string name = "ghost" + std::to_string(i);
    // Its own code is given before the checks; its base names no item.
    CHECK_THROWS_AS(db.create(Item{.code = name, .baseCode = "phantom"}),
                    relata::ForeignKeyConstraintError);
    // A weak reference gives its level's name a code; the id is taken.
    CHECK_THROWS_AS(db.create(Sighting{.id = 1, .levelName = name}), relata::UniqueConstraintError);
    // A transaction of a new level and a re-key, rolled back.
    CHECK_THROWS_AS(db.transaction([&] {
      db.create(Level{.name = name});
      db.update<Level>("cave", [&](Level& l) { l.name = name + "'"; });
      throw std::runtime_error("rolled back");
    }),
                    std::runtime_error);
  }
  CHECK(codes("levels") == levels);
  CHECK(codes("items") == items);
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
  CHECK(db.find_by_pk<Level>("ghost0") == nullptr);
  CHECK(labels(db, *db.find_by_pk<Level>("cave")) == std::vector<std::string>{"pool"});
  // A mark rewound takes back the codes of the writes after it, and only those.
  db.create(Level{.name = "kept"});
  const relata::Mark m = db.mark();
  db.create(Level{.name = "tmp"});
  db.create(Sighting{.levelName = "elsewhere"});
  CHECK(codes("levels") == levels + 3);
  db.rewind(m);
  db.release(m);
  CHECK(codes("levels") == levels + 1);
  db.destroy<Level>("kept");
  CHECK(dump(db) == before);
  // Committed writes keep theirs: a new level, and a sighting of one that does not exist.
  // Listeners hear the rows, never the codes.
  std::vector<std::string> heard;
  db.on_change<Level>([&](const relata::Change<Level>& c) {
    heard.push_back((c.before ? c.before->name : "-") + " -> " + (c.after ? c.after->name : "-"));
  });
  db.on_change<Sighting>([&](const relata::Change<Sighting>& c) {
    heard.push_back("sighting of " + c.after->levelName);
  });
  db.create(Level{.name = "attic"});
  db.create(Sighting{.levelName = "vault"});
  db.transaction([&] {
    db.create(Level{.name = "loft"});
    db.update<Level>("loft", [](Level& l) { l.name = "roof"; });
  });
  CHECK(heard ==
        std::vector<std::string>{"- -> attic", "sighting of vault", "- -> loft", "loft -> roof"});
  CHECK(codes("levels") == levels + 5);  // kept (its row is gone), attic, vault, loft, roof
  CHECK(db.check().empty());
}
