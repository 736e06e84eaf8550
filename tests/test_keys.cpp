// Associations keyed on a unique non-primary column (Sequelize's sourceKey / targetKey):
// constraint checks, traversal both ways, includes, explain, referential actions, key
// changes and the mixins.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;

namespace {
relata::Database depot() {
  relata::Database db;
  db.define<Warehouse>();
  db.define<Crate>();
  db.define<Pallet>();
  db.define<Tag>();
  db.define<CrateTag>();
  db.create(Warehouse{.code = 700, .name = "north"});  // id 1
  db.create(Warehouse{.code = 500, .name = "south"});  // id 2
  db.create(Crate{.warehouseCode = 500, .label = "a"});
  db.create(Crate{.warehouseCode = 700, .label = "b"});
  db.create(Crate{.warehouseCode = 500, .label = "c"});
  db.create(Pallet{.warehouseCode = 500});
  db.create(Tag{.slug = 42});
  db.create(Tag{.slug = 43});
  return db;
}
std::string json(const auto& r) {
  return relata::to_string(r.to_json());
}
}  // namespace

TEST_CASE("a foreign key to a unique column is checked against that column", "[keys]") {
  auto db = depot();
  CHECK_THROWS_WITH(db.create(Crate{.warehouseCode = 1, .label = "x"}),
                    "foreign key constraint failed: crates.warehouseCode = 1 references no row "
                    "of warehouses");  // 1 is a primary key, not a code
  CHECK(db.create(Crate{.warehouseCode = 700, .label = "x"}).id == 4);
}

TEST_CASE("has_many and belongs_to follow the referenced column", "[keys]") {
  auto db = depot();
  const Warehouse& south = *db.find_by_pk<Warehouse>(2);
  std::vector<std::string> labels;
  for (const Crate& c : db.get(south, crates)) labels.push_back(c.label);
  CHECK(labels == std::vector<std::string>{"a", "c"});
  CHECK(db.get(*db.find_by_pk<Crate>(2), warehouse)->name == "north");
  auto rows = db.find_all<Warehouse>(relata::attributes(&Warehouse::name),
                                     relata::include(crates, relata::attributes(&Crate::label)));
  CHECK(
      json(rows) ==
      R"([{"name":"north","crates":[{"label":"b"}]},{"name":"south","crates":[{"label":"a"},{"label":"c"}]}])");
  CHECK(db.explain<Crate>(relata::include(warehouse)) ==
        "crates: scan\n  include warehouse -> warehouses: index code per row\n");
  auto c =
      db.find_by_pk<Crate>(1, relata::include(warehouse, relata::attributes(&Warehouse::code)));
  CHECK(json(c) == R"({"id":1,"warehouseCode":500,"label":"a","warehouse":{"code":500}})");
}

TEST_CASE("ON DELETE actions follow the referenced column", "[keys]") {
  auto db = depot();
  db.destroy<Warehouse>(2);  // code 500: crates 1 and 3 set to NULL, the pallet cascades
  CHECK(db.find_by_pk<Crate>(1)->warehouseCode == std::nullopt);
  CHECK(db.find_by_pk<Crate>(3)->warehouseCode == std::nullopt);
  CHECK(db.find_by_pk<Crate>(2)->warehouseCode == 700);
  CHECK(db.count<Pallet>() == 0);
}

TEST_CASE("changing a referenced unique key follows ON UPDATE", "[keys]") {
  auto db = depot();
  // crates.warehouseCode: ON UPDATE SET NULL; pallets.warehouseCode: CASCADE (the default).
  db.update<Warehouse>(2, [](Warehouse& w) { w.code = 501; });
  CHECK(db.find_by_pk<Crate>(1)->warehouseCode == std::nullopt);
  CHECK(db.find_by_pk<Crate>(3)->warehouseCode == std::nullopt);
  CHECK(db.find_by_pk<Crate>(2)->warehouseCode == 700);
  CHECK(db.find_by_pk<Pallet>(1)->warehouseCode == 501);
  CHECK(db.get(*db.find_by_pk<Warehouse>(2), crates).size() == 0);
  CHECK(db.check().empty());
}

TEST_CASE("mixins write the referenced key, not the primary key", "[keys]") {
  auto db = depot();
  const Warehouse& north = *db.find_by_pk<Warehouse>(1);
  db.add(north, crates, {1});
  CHECK(db.find_by_pk<Crate>(1)->warehouseCode == 700);
  const Crate& c3 = *db.find_by_pk<Crate>(3);
  db.set(c3, warehouse, std::optional<std::int64_t>{1});  // warehouse id 1 -> code 700
  CHECK(db.find_by_pk<Crate>(3)->warehouseCode == 700);
  const Crate& made = db.create(north, crates, Crate{.label = "d"});
  CHECK(made.warehouseCode == 700);

  const Crate& c1 = *db.find_by_pk<Crate>(1);
  db.add(c1, tags, {2}, CrateTag{});  // tag id 2 -> slug 43
  CHECK(db.find_by_pk<CrateTag>(1)->tagSlug == 43);
  CHECK(db.has(c1, tags, {2}));
  auto linked = db.get(c1, tags);
  REQUIRE(linked.size() == 1);
  CHECK(linked[0].row->slug == 43);
  auto r = db.find_by_pk<Crate>(
      1, relata::attributes(&Crate::label),
      relata::include(tags, relata::through<CrateTag>(relata::attributes(&CrateTag::tagSlug))));
  CHECK(json(r) == R"({"label":"a","tags":[{"id":2,"slug":43,"CrateTag":{"tagSlug":43}}]})");
  db.remove(c1, tags, {2});
  CHECK(db.count<CrateTag>() == 0);
  CHECK(db.count<Tag>() == 2);
}
