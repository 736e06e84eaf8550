// Paranoid models (Sequelize's `paranoid: true`): destroy sets deletedAt, finders, counts,
// includes and lazy accessors skip such rows unless paranoid(false), restore clears it,
// destroy(force) deletes for good; a paranoid join model; hooks, atomicity and snapshots.
#include <catch2/catch.hpp>
#include <sstream>

#include "models.hpp"

using relata::col;
using relata::where;
using testing_models::dump;

namespace {

struct Guild {
  std::int64_t id = 0;
  std::string name;
  std::optional<relata::Timestamp> deletedAt;
};
struct Hero {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> guildId;
  relata::Timestamp createdAt, updatedAt;
  std::optional<relata::Timestamp> deletedAt;
};
struct Quest {
  std::int64_t id = 0;
  std::string title;
};
struct Membership {  // a paranoid join model: Hero <-> Quest
  std::int64_t id = 0;
  std::int64_t heroId = 0;
  std::int64_t questId = 0;
  std::optional<relata::Timestamp> deletedAt;
};

}  // namespace

template <>
struct relata::model<Guild> {
  static constexpr std::string_view table = "guilds";
  static constexpr auto columns = relata::columns(
      relata::column<&Guild::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Guild::name>("name"), relata::deleted_at<&Guild::deletedAt>());
};
template <>
struct relata::model<Hero> {
  static constexpr std::string_view table = "heroes";
  static constexpr auto columns = relata::columns(
      relata::column<&Hero::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Hero::name>("name", relata::unique),
      relata::column<&Hero::guildId>("guildId", relata::references<&Guild::id>,
                                     relata::on_delete(relata::cascade)),
      relata::created_at<&Hero::createdAt>(), relata::updated_at<&Hero::updatedAt>(),
      relata::deleted_at<&Hero::deletedAt>());
};
template <>
struct relata::model<Quest> {
  static constexpr std::string_view table = "quests";
  static constexpr auto columns =
      relata::columns(relata::column<&Quest::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Quest::title>("title"));
};
template <>
struct relata::model<Membership> {
  static constexpr std::string_view table = "memberships";
  static constexpr auto columns = relata::columns(
      relata::column<&Membership::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Membership::heroId>("heroId", relata::references<&Hero::id>,
                                          relata::on_delete(relata::cascade)),
      relata::column<&Membership::questId>("questId", relata::references<&Quest::id>,
                                           relata::on_delete(relata::cascade)),
      relata::deleted_at<&Membership::deletedAt>());
};

namespace {

inline constexpr auto heroes = relata::has_many<&Hero::guildId>("heroes");
inline constexpr auto leader = relata::has_one<&Hero::guildId>("leader");
inline constexpr auto guild = relata::belongs_to<&Hero::guildId>("guild");
inline constexpr auto quests =
    relata::belongs_to_many<&Membership::heroId, &Membership::questId>("quests");

const relata::Timestamp kT0 = relata::Timestamp::parse("2026-03-01T10:00:00.000Z");
const relata::Timestamp kT1 = relata::Timestamp::parse("2026-03-02T10:00:00.000Z");
const relata::Timestamp kT2 = relata::Timestamp::parse("2026-03-03T10:00:00.000Z");

void define(relata::Database& db) {
  db.define<Guild>();
  db.define<Hero>();
  db.define<Quest>();
  db.define<Membership>();
}

/// Guilds 1 north, 2 south; heroes 1 ann, 2 bob, 3 cid (north), 4 dee (south); quests 1 cave,
/// 2 tower; memberships ann-cave, ann-tower, bob-cave. Everything created at kT0.
relata::Database realm() {
  relata::Database db;
  define(db);
  db.set_clock(relata::fixed_clock(kT0));
  db.create(Guild{.name = "north"});
  db.create(Guild{.name = "south"});
  db.create(Hero{.name = "ann", .guildId = 1});
  db.create(Hero{.name = "bob", .guildId = 1});
  db.create(Hero{.name = "cid", .guildId = 1});
  db.create(Hero{.name = "dee", .guildId = 2});
  db.create(Quest{.title = "cave"});
  db.create(Quest{.title = "tower"});
  db.create(Membership{.heroId = 1, .questId = 1});
  db.create(Membership{.heroId = 1, .questId = 2});
  db.create(Membership{.heroId = 2, .questId = 1});
  db.set_clock(relata::fixed_clock(kT1));
  return db;
}

template <class R>
std::vector<std::int64_t> ids(const R& rows) {
  std::vector<std::int64_t> out;
  for (const auto& r : rows) {
    if constexpr (requires { r.id; })
      out.push_back(r.id);
    else
      out.push_back((*r).id);
  }
  return out;
}

std::string json(const auto& r) {
  return relata::to_string(r.to_json());
}

}  // namespace

TEST_CASE("destroy on a paranoid model sets deletedAt; finders skip the row", "[paranoid]") {
  auto db = realm();
  db.destroy<Hero>(2);
  CHECK(db.find_by_pk<Hero>(2) == nullptr);
  auto kept = db.find_by_pk<Hero>(2, relata::paranoid(false));
  REQUIRE(kept);
  CHECK(kept->deletedAt == kT1);
  CHECK(kept->updatedAt == kT1);
  CHECK(kept->createdAt == kT0);
  CHECK(db.count<Hero>() == 3);
  CHECK(db.count<Hero>(where(col<&Hero::guildId> == 1)) == 2);
  CHECK(ids(db.find_all<Hero>()) == std::vector<std::int64_t>{1, 3, 4});
  CHECK(ids(db.find_all<Hero>(relata::paranoid(false))) == std::vector<std::int64_t>{1, 2, 3, 4});
  CHECK(!db.find_one<Hero>(where(col<&Hero::name> == "bob")));
  CHECK(!db.find_by_pk<Hero>(2, relata::attributes(&Hero::id)));
  CHECK(db.find_and_count_all<Hero>(relata::limit(1)).count == 3);
  CHECK(db.check().empty());

  SECTION("destroying it again keeps the first deletedAt") {
    db.set_clock(relata::fixed_clock(kT2));
    db.destroy<Hero>(2);
    CHECK(db.find_by_pk<Hero>(2, relata::paranoid(false))->deletedAt == kT1);
  }
  SECTION("a soft-deleted row still holds its unique value") {
    const std::string before = dump(db);
    CHECK_THROWS_AS(db.create(Hero{.name = "bob"}), relata::UniqueConstraintError);
    CHECK(dump(db) == before);
  }
  SECTION("a missing key is still NotFoundError") {
    CHECK_THROWS_AS(db.destroy<Hero>(99), relata::NotFoundError);
  }
}

TEST_CASE("includes and lazy accessors skip soft-deleted rows", "[paranoid]") {
  auto db = realm();
  db.destroy<Hero>(1);   // ann: north's first hero, in two quests
  db.destroy<Guild>(2);  // south: no cascade, dee stays, pointing at a deleted guild
  const Guild& north = *db.find_by_pk<Guild>(1);
  CHECK(ids(db.get(north, heroes)) == std::vector<std::int64_t>{2, 3});
  CHECK(db.count(north, heroes) == 2);
  CHECK(db.get(north, leader)->id == 2);
  CHECK(db.get(*db.find_by_pk<Hero>(4), guild) == nullptr);
  CHECK(db.get(*db.find_by_pk<Hero>(2), guild) == &north);
  CHECK(db.find_by_pk<Hero>(4)->guildId == 2);

  // The compiled plan (plain includes) and the general loader (an include with a where).
  auto plain = db.find_all<Guild>(relata::paranoid(false), relata::attributes(&Guild::id),
                                  relata::include(heroes, relata::attributes(&Hero::id)),
                                  relata::include(leader, relata::attributes(&Hero::id)));
  CHECK(json(plain) == R"([{"id":1,"heroes":[{"id":2},{"id":3}],"leader":{"id":2}},)"
                       R"({"id":2,"heroes":[{"id":4}],"leader":{"id":4}}])");
  // The same through a prepared query: its typed result skips the same rows.
  const auto prepared = relata::prepare<Guild>(relata::paranoid(false), relata::include(heroes),
                                               relata::include(leader));
  for (std::int64_t k : {1, 2}) {
    const auto g = db.find_by_pk<Guild>(k, prepared);
    REQUIRE(g);
    std::vector<std::int64_t> kept;
    for (const auto& h : g.get(heroes)) kept.push_back(h->id);
    CHECK(kept == (k == 1 ? std::vector<std::int64_t>{2, 3} : std::vector<std::int64_t>{4}));
    CHECK(g.get(leader)->id == (k == 1 ? 2 : 4));
  }
  CHECK_FALSE(db.find_by_pk<Guild>(2, relata::prepare<Guild>(relata::include(heroes))));
  auto filtered = db.find_by_pk<Guild>(
      1, relata::include(heroes, where(col<&Hero::id> < 3), relata::attributes(&Hero::id)));
  CHECK(json(filtered) == R"({"id":1,"name":"north","deletedAt":null,"heroes":[{"id":2}]})");
  auto with_deleted = db.find_by_pk<Guild>(
      1, relata::attributes(&Guild::id),
      relata::include(heroes, relata::paranoid(false), relata::attributes(&Hero::id)));
  CHECK(json(with_deleted) == R"({"id":1,"heroes":[{"id":1},{"id":2},{"id":3}]})");
  auto up = db.find_all<Hero>(relata::attributes(&Hero::id),
                              relata::include(guild, relata::attributes(&Guild::name)));
  CHECK(json(up) == R"([{"id":2,"guild":{"name":"north"}},{"id":3,"guild":{"name":"north"}},)"
                    R"({"id":4,"guild":null}])");
  // A required include over soft-deleted rows only drops its parent.
  CHECK(db.count<Guild>(relata::paranoid(false),
                        relata::include(heroes, where(col<&Hero::name> == "ann"))) == 0);
}

TEST_CASE("order_by and group_by through an association see the rows its include shows",
          "[paranoid]") {
  // The path followed soft-deleted rows: heroes of a deleted guild sorted and grouped by its
  // name, and a guild by a deleted leader's name, though their includes showed null.
  auto db = realm();
  db.destroy<Guild>(2);  // south: dee's guild is now hidden
  auto by_guild = db.find_all<Hero>(relata::order_by(relata::asc(guild, &Guild::name)));
  CHECK(ids(by_guild) == std::vector<std::int64_t>{4, 1, 2, 3});  // NULL first, as SQL's join
  CHECK(relata::to_string(
            db.aggregate<Hero>(relata::group_by(guild, &Guild::name), relata::fn::count())
                .to_json()) ==
        R"([{"guild.name":null,"count":1},{"guild.name":"north","count":3}])");
  db.destroy<Hero>(4);  // dee, south's only hero: south has no leader left
  db.destroy<Hero>(1);  // ann: north's leader is now bob
  auto by_leader = db.find_all<Guild>(relata::paranoid(false), relata::include(leader),
                                      relata::order_by(relata::desc(leader, &Hero::name)));
  CHECK(ids(by_leader) == std::vector<std::int64_t>{1, 2});
  CHECK(json(by_leader) ==
        R"([{"id":1,"name":"north","deletedAt":null,"leader":{"id":2,"name":"bob","guildId":1,)"
        R"("createdAt":"2026-03-01T10:00:00.000Z","updatedAt":"2026-03-01T10:00:00.000Z",)"
        R"("deletedAt":null}},{"id":2,"name":"south","deletedAt":"2026-03-02T10:00:00.000Z",)"
        R"("leader":null}])");
}

TEST_CASE("a find by key with plain includes keeps exactly the rows the general path keeps",
          "[paranoid][include][plan]") {
  // find_by_pk with a plan finds its row through Table<T> and loads it without the executor;
  // required(false) on the include means the same and takes the executor's path. Hero 2 is
  // soft-deleted, guild 2 too; 9 does not exist.
  auto db = realm();
  db.destroy<Hero>(2);
  db.destroy<Guild>(2);
  using relata::include;
  using relata::required;
  // A prepared query (its result typed) takes the plan's path, or the executor's when a root
  // option or a scope needs it: the three must agree.
  const auto both = [&](auto... opts) {
    std::string planned, general, typed;
    const auto prepared = relata::prepare<Hero>(relata::attributes(&Hero::id), opts...,
                                                include(guild, relata::attributes(&Guild::id)));
    static_assert(relata::detail::is_prepared_query<std::remove_cvref_t<decltype(prepared)>>);
    for (std::int64_t k : {1, 2, 4, 9}) {
      const auto a = db.find_by_pk<Hero>(k, relata::attributes(&Hero::id), opts...,
                                         include(guild, relata::attributes(&Guild::id)));
      const auto b =
          db.find_by_pk<Hero>(k, relata::attributes(&Hero::id), opts...,
                              include(guild, relata::attributes(&Guild::id), required(false)));
      const auto c = db.find_by_pk<Hero>(k, prepared);
      planned += json(a) + " ";
      general += json(b) + " ";
      typed += json(c) + " ";
      if (c) CHECK((c.get(guild) ? c.get(guild)->id : 0) == (a.get(guild) ? a.get(guild)->id : 0));
    }
    CHECK(planned == general);
    CHECK(typed == planned);
    return planned;
  };
  CHECK(both() == R"({"id":1,"guild":{"id":1}} null {"id":4,"guild":null} null )");
  CHECK(both(relata::paranoid(false)) ==
        R"({"id":1,"guild":{"id":1}} {"id":2,"guild":{"id":1}} {"id":4,"guild":null} null )");
  CHECK(both(relata::offset(0), relata::limit(1)) ==
        R"({"id":1,"guild":{"id":1}} null {"id":4,"guild":null} null )");
  CHECK(both(relata::offset(1)) == "null null null null ");
  CHECK(both(relata::limit(0)) == "null null null null ");
  CHECK(both(where(col<&Hero::name> != "ann")) == R"(null null {"id":4,"guild":null} null )");
  db.default_scope<Hero>(where(col<&Hero::name> != "dee"));
  CHECK(both() == R"({"id":1,"guild":{"id":1}} null null null )");
  CHECK(both(relata::unscoped()) ==
        R"({"id":1,"guild":{"id":1}} null {"id":4,"guild":null} null )");
  // The row a Result shows is the stored row itself.
  CHECK(db.find_by_pk<Hero>(1, include(guild)).operator->() == db.find_by_pk<Hero>(1));
}

TEST_CASE("a paranoid join model: a soft-deleted join row unlinks the pair", "[paranoid]") {
  auto db = realm();
  db.destroy<Membership>(1);  // ann-cave
  const Hero& ann = *db.find_by_pk<Hero>(1);
  std::vector<std::int64_t> titles;
  for (const auto& l : db.get(ann, quests)) titles.push_back(l.row->id);
  CHECK(titles == std::vector<std::int64_t>{2});
  auto r = db.find_by_pk<Hero>(
      1, relata::attributes(&Hero::id),
      relata::include(quests, relata::attributes(&Quest::title),
                      relata::through<Membership>(relata::attributes(&Membership::id))));
  CHECK(json(r) == R"({"id":1,"quests":[{"title":"tower","memberships":{"id":2}}]})");
  auto all = db.find_by_pk<Hero>(
      1, relata::attributes(&Hero::id),
      relata::include(quests, relata::paranoid(false), relata::attributes(&Quest::id),
                      relata::through<Membership>(relata::attributes(&Membership::deletedAt))));
  CHECK(json(all) ==
        R"({"id":1,"quests":[{"id":1,"memberships":{"deletedAt":"2026-03-02T10:00:00.000Z"}},)"
        R"({"id":2,"memberships":{"deletedAt":null}}]})");
}

TEST_CASE("restore clears deletedAt; destroy(force) deletes for good", "[paranoid]") {
  auto db = realm();
  db.destroy<Hero>(2);
  db.destroy<Hero>(3);
  db.set_clock(relata::fixed_clock(kT2));

  SECTION("restore by key") {
    const Hero& bob = db.restore<Hero>(2);
    CHECK(bob.deletedAt == std::nullopt);
    CHECK(bob.updatedAt == kT2);
    CHECK(db.find_by_pk<Hero>(2) == &bob);
    CHECK(&db.restore<Hero>(1) == db.find_by_pk<Hero>(1));  // a live row: unchanged
    CHECK(db.find_by_pk<Hero>(1)->updatedAt == kT0);
    CHECK_THROWS_AS(db.restore<Hero>(99), relata::NotFoundError);
  }
  SECTION("restore by where") {
    CHECK(db.restore(where(col<&Hero::guildId> == 1)) == 2);
    CHECK(db.count<Hero>() == 4);
  }
  SECTION("force") {
    db.destroy<Hero>(2, relata::force);  // a soft-deleted row
    db.destroy<Hero>(4, relata::force);  // a live one
    CHECK(ids(db.find_all<Hero>(relata::paranoid(false))) == std::vector<std::int64_t>{1, 3});
    CHECK(db.count<Membership>() == 2);  // bob's membership cascaded
    CHECK(db.check().empty());
  }
  SECTION("a soft-deleted parent keeps its children; deleting it for good cascades") {
    db.destroy<Guild>(1);
    CHECK(db.count<Hero>(relata::paranoid(false)) == 4);
    db.destroy<Guild>(1, relata::force);
    CHECK(ids(db.find_all<Hero>(relata::paranoid(false))) == std::vector<std::int64_t>{4});
    CHECK(db.check().empty());
  }
}

TEST_CASE("writes by where on a paranoid model", "[paranoid]") {
  auto db = realm();
  db.destroy<Hero>(2);
  CHECK(db.update(where(col<&Hero::guildId> == 1), [](Hero& h) { h.name += "!"; }) == 2);
  CHECK(db.find_by_pk<Hero>(2, relata::paranoid(false))->name == "bob");
  CHECK(db.destroy(where(col<&Hero::guildId> == 1)) == 2);  // soft: ann and cid
  CHECK(db.count<Hero>() == 1);
  CHECK(db.count<Hero>(relata::paranoid(false)) == 4);
  CHECK(db.destroy(where(col<&Hero::guildId> == 1), relata::force) == 3);
  CHECK(db.count<Hero>(relata::paranoid(false)) == 1);
  CHECK(db.check().empty());
}

TEST_CASE("a soft delete runs the destroy hooks, not the update hooks, and is atomic",
          "[paranoid]") {
  auto db = realm();
  std::vector<std::string> seen;
  db.hooks<Hero>()
      .before_destroy([&](const Hero& h) { seen.push_back("before_destroy " + h.name); })
      .after_destroy([&](const Hero& h) {
        seen.push_back("after_destroy " + h.name + (h.deletedAt ? " deleted" : ""));
      })
      .before_update([&](Hero& h) { seen.push_back("before_update " + h.name); });
  db.destroy<Hero>(1);
  CHECK(seen == std::vector<std::string>{"before_destroy ann", "after_destroy ann deleted"});

  db.hooks<Hero>().before_destroy([](const Hero& h) {
    if (h.name == "cid") throw std::runtime_error("cid stays");
  });
  const std::string before = dump(db);
  CHECK_THROWS_WITH(db.destroy(where(col<&Hero::guildId> == 1)), "cid stays");
  CHECK(dump(db) == before);  // bob's soft delete, earlier in the statement, undone
  CHECK(db.find_by_pk<Hero>(2) != nullptr);
  CHECK(db.check().empty());
}

TEST_CASE("a snapshot keeps soft-deleted rows soft-deleted", "[paranoid][snapshot]") {
  auto db = realm();
  db.destroy<Hero>(3);
  std::ostringstream out;
  db.save(out);
  relata::Database back;
  define(back);
  std::istringstream in(out.str());
  back.load(in);
  CHECK(dump(back) == dump(db));
  CHECK(back.find_by_pk<Hero>(3) == nullptr);
  CHECK(back.count<Hero>() == 3);
  back.restore<Hero>(3);
  CHECK(back.count<Hero>() == 4);
}

TEST_CASE(
    "upsert over a soft-deleted row writes it whole and so restores it; find_or_create "
    "does not see it",
    "[paranoid]") {
  auto db = realm();
  db.destroy<Hero>(2);  // bob, soft-deleted at kT1: his unique name stays taken
  db.set_clock(relata::fixed_clock(kT2));
  const std::string before = dump(db);
  // find_or_create finds no live bob and tries to create one: the unique name refuses it.
  CHECK_THROWS_AS(db.find_or_create(where(col<&Hero::name> == "bob"), Hero{.name = "bob"}),
                  relata::UniqueConstraintError);
  CHECK(dump(db) == before);
  // upsert matches the stored row by its unique name and overwrites it with the given row,
  // whose deletedAt is empty: bob is back, with his key and createdAt.
  auto [row, created] = db.upsert(Hero{.name = "bob", .guildId = 2});
  CHECK_FALSE(created);
  CHECK(row.id == 2);
  CHECK(row.guildId == 2);
  CHECK(row.deletedAt == std::nullopt);
  CHECK(row.createdAt == kT0);
  CHECK(row.updatedAt == kT2);
  CHECK(ids(db.get(*db.find_by_pk<Guild>(2), heroes)) == std::vector<std::int64_t>{2, 4});
  CHECK(db.check().empty());
}
