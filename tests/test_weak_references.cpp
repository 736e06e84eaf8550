// constraints(false) on a references<> column (Sequelize's `constraints: false`): a weak
// reference that is indexed and followed like any foreign key, but never checked and with
// no referential action, through writes, check(), snapshots and their verification.
#include <catch2/catch.hpp>
#include <sstream>

#include "models.hpp"
#include "relata/detail/snapshot_format.hpp"

using testing_models::dump;
using testing_models::inventory_at_t0;

namespace {

struct Player {
  std::int64_t id = 0;
  std::string name;
};
struct LogEntry {  // a game log keeps the id of a player who may be gone
  std::int64_t id = 0;
  std::int64_t playerId = 0;
  std::string text;
};

}  // namespace

template <>
struct relata::model<Player> {
  static constexpr std::string_view table = "players";
  static constexpr auto columns = relata::columns(
      relata::column<&Player::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Player::name>("name"));
};
template <>
struct relata::model<LogEntry> {
  static constexpr std::string_view table = "log";
  static constexpr auto columns = relata::columns(
      relata::column<&LogEntry::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&LogEntry::playerId>("playerId", relata::references<&Player::id>,
                                          relata::constraints(false)),
      relata::column<&LogEntry::text>("text"));
};

namespace {

inline constexpr auto entries = relata::has_many<&LogEntry::playerId>("entries");
inline constexpr auto player = relata::belongs_to<&LogEntry::playerId>("player");

/// Players 1 ann, 2 bob; entries 1 (ann), 2 (bob), 3 (ann).
relata::Database game() {
  relata::Database db;
  db.define<Player>();
  db.define<LogEntry>();
  db.create(Player{.name = "ann"});
  db.create(Player{.name = "bob"});
  db.create(LogEntry{.playerId = 1, .text = "joined"});
  db.create(LogEntry{.playerId = 2, .text = "joined"});
  db.create(LogEntry{.playerId = 1, .text = "scored"});
  return db;
}

std::vector<std::int64_t> entry_ids(const relata::Database& db, const Player& p) {
  std::vector<std::int64_t> out;
  for (const LogEntry& e : db.get(p, entries)) out.push_back(e.id);
  return out;
}

}  // namespace

TEST_CASE("a weak reference may point at no row, and check() accepts it", "[weak_references]") {
  auto db = game();
  const LogEntry& e = db.create(LogEntry{.playerId = 99, .text = "ghost"});
  CHECK(e.id == 4);
  CHECK(db.get(e, player) == nullptr);
  CHECK(db.check().empty());
  auto rows = db.find_all<LogEntry>(relata::where(relata::col<&LogEntry::id> >= 3),
                                    relata::attributes(&LogEntry::id), relata::include(player));
  CHECK(relata::to_string(rows.to_json()) ==
        R"([{"id":3,"player":{"id":1,"name":"ann"}},{"id":4,"player":null}])");
  db.update<LogEntry>(1, [](LogEntry& r) { r.playerId = 77; });
  CHECK(db.find_by_pk<LogEntry>(1)->playerId == 77);
  CHECK(db.check().empty());
}

TEST_CASE("a weak reference is indexed: has_many and includes follow it", "[weak_references]") {
  auto db = game();
  CHECK(entry_ids(db, *db.find_by_pk<Player>(1)) == std::vector<std::int64_t>{1, 3});
  auto ann = db.find_by_pk<Player>(1, relata::include(entries, relata::attributes(&LogEntry::id)));
  CHECK(relata::to_string(ann.to_json()) ==
        R"({"id":1,"name":"ann","entries":[{"id":1},{"id":3}]})");
  auto filtered = db.find_by_pk<Player>(
      1, relata::include(entries, relata::where(relata::col<&LogEntry::text> == "scored"),
                         relata::attributes(&LogEntry::id)));
  CHECK(relata::to_string(filtered.to_json()) == R"({"id":1,"name":"ann","entries":[{"id":3}]})");
  CHECK(db.explain<Player>(relata::include(entries)) ==
        "players: scan\n  include entries -> log: index playerId per row\n");
}

TEST_CASE("deleting or re-keying the referenced row leaves weak references alone",
          "[weak_references]") {
  auto db = game();
  SECTION("destroy: no restrict though the key is NOT NULL, no cascade") {
    db.destroy<Player>(1);
    CHECK(db.count<LogEntry>() == 3);
    CHECK(db.get(*db.find_by_pk<LogEntry>(1), player) == nullptr);
    CHECK(db.check().empty());
    // A row that takes the key again is the entries' player again.
    const Player& back = db.create(Player{.id = 1, .name = "ann again"});
    CHECK(entry_ids(db, back) == std::vector<std::int64_t>{1, 3});
    CHECK(db.get(*db.find_by_pk<LogEntry>(3), player)->name == "ann again");
  }
  SECTION("a key change does not follow (no ON UPDATE)") {
    db.update<Player>(2, [](Player& p) { p.id = 20; });
    CHECK(db.find_by_pk<LogEntry>(2)->playerId == 2);
    CHECK(db.check().empty());
  }
}

TEST_CASE("a snapshot keeps weak references as they are, marked unenforced",
          "[weak_references][snapshot]") {
  auto db = game();
  db.destroy<Player>(2);  // entry 2 now points at no row
  std::ostringstream out;
  db.save(out);
  const std::string bytes = out.str();

  relata::Database back;
  back.define<Player>();
  back.define<LogEntry>();
  std::istringstream in(bytes);
  back.load(in);
  CHECK(dump(back) == dump(db));
  CHECK(back.check().empty());
  CHECK(entry_ids(back, *back.find_by_pk<Player>(1)) == std::vector<std::int64_t>{1, 3});

  namespace snap = relata::detail::snapshot;
  snap::Reader r({bytes.data(), bytes.size()});
  const snap::Column& stored = r.tables()[1].columns[1];
  CHECK(stored.name == "playerId");
  CHECK(stored.has(snap::foreign_key));
  CHECK(!stored.enforced);
  CHECK(snap::verify(r, 10, nullptr, nullptr).empty());  // a dangling weak key is no problem
}

TEST_CASE("an enforced reference still refuses what a weak one accepts", "[weak_references]") {
  auto db = inventory_at_t0();
  const std::string before = dump(db);
  CHECK_THROWS_AS(db.create(inventory::Product{.name = "Saw", .categoryId = 99}),
                  relata::ForeignKeyConstraintError);
  CHECK(dump(db) == before);
}
