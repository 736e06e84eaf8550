// A game's guild roster: paranoid heroes (a kick is a soft delete, a return a restore; no
// two heroes of a guild share a name), a combat log that keeps the ids of heroes long gone
// (a weak reference), a guild founded with its first heroes in one statement, and the
// roster's level sums per guild. Given a path, it also saves the roster there as a snapshot.
#include <iostream>
#include <optional>
#include <string>

#include <relata/relata.hpp>

struct Guild {
  std::int64_t id = 0;
  std::string name;
};
struct Hero {
  std::int64_t id = 0;
  std::string name;
  std::int64_t guildId = 0;
  std::int32_t level = 1;
  std::optional<relata::Timestamp> deletedAt;  // paranoid: kicked heroes keep their row
};
struct LogLine {
  std::int64_t id = 0;
  std::int64_t heroId = 0;  // weak: a line outlives its hero
  std::string text;
};

template <>
struct relata::model<Guild> {
  static constexpr std::string_view table = "guilds";
  static constexpr auto columns =
      relata::columns(relata::column<&Guild::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Guild::name>("name", relata::not_empty, relata::unique));
};
template <>
struct relata::model<Hero> {
  static constexpr std::string_view table = "heroes";
  static constexpr auto columns = relata::columns(
      relata::column<&Hero::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Hero::name>("name", relata::not_empty, relata::unique("hero_name")),
      relata::column<&Hero::guildId>("guildId", relata::references<&Guild::id>,
                                     relata::on_delete(relata::cascade),
                                     relata::unique("hero_name")),
      relata::column<&Hero::level>("level", relata::min(1)),
      relata::deleted_at<&Hero::deletedAt>());
};
template <>
struct relata::model<LogLine> {
  static constexpr std::string_view table = "log";
  static constexpr auto columns = relata::columns(
      relata::column<&LogLine::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&LogLine::heroId>("heroId", relata::references<&Hero::id>,
                                       relata::constraints(false)),
      relata::column<&LogLine::text>("text"));
};

inline constexpr auto heroes = relata::has_many<&Hero::guildId>("heroes");
inline constexpr auto guild = relata::belongs_to<&Hero::guildId>("guild");
inline constexpr auto hero = relata::belongs_to<&LogLine::heroId>("hero");

int main(int argc, char** argv) {
  relata::Database db;
  db.set_clock(relata::fixed_clock(relata::Timestamp::parse("2026-06-01T12:00:00.000Z")));
  db.define<Guild>();
  db.define<Hero>();
  db.define<LogLine>();

  // Founding a guild with its heroes is one statement: all rows or none.
  db.create(Guild{.name = "Lions"},
            relata::nested(heroes, Hero{.name = "Ayla", .level = 12},
                           Hero{.name = "Bram", .level = 7}, Hero{.name = "Cato", .level = 3}));
  db.create(Guild{.name = "Wolves"}, relata::nested(heroes, Hero{.name = "Dara", .level = 9}));
  for (std::int64_t h : {1, 2, 3, 3}) db.create(LogLine{.heroId = h, .text = "raid"});

  db.destroy<Hero>(3);  // Cato is kicked: a soft delete
  const Guild& lions = *db.find_by_pk<Guild>(1);
  std::cout << "Lions now: " << db.count(lions, heroes) << " heroes\n";
  std::cout << relata::to_string(
                   db.find_all<Guild>(relata::attributes(&Guild::name),
                                      relata::include(heroes, relata::attributes(&Hero::name)))
                       .to_json())
            << "\n";
  std::cout << "kicked: "
            << relata::to_string(
                   db.find_all<Hero>(relata::paranoid(false),
                                     relata::where(relata::col<&Hero::deletedAt>.is_not_null()),
                                     relata::attributes(&Hero::name, &Hero::deletedAt))
                       .to_json())
            << "\n";

  // The log keeps Cato's lines; following them finds no (live) hero.
  std::cout << "log: "
            << relata::to_string(
                   db.find_all<LogLine>(relata::attributes(&LogLine::id),
                                        relata::include(hero, relata::attributes(&Hero::name)))
                       .to_json())
            << "\n";

  // Levels per guild, live heroes only.
  std::cout << "levels: "
            << relata::to_string(db.aggregate<Hero>(relata::group_by(guild, &Guild::name),
                                                    relata::fn::count().as("heroes"),
                                                    relata::fn::sum(&Hero::level).as("levels"))
                                     .to_json())
            << "\n";

  db.restore<Hero>(3);                 // Cato returns
  db.destroy<Hero>(2, relata::force);  // Bram leaves for good: his log lines stay
  std::cout << "after: " << db.count<Hero>() << " heroes, " << db.count<LogLine>()
            << " log lines, check: " << (db.check().empty() ? "ok" : "broken") << "\n";
  if (argc > 1) db.save(argv[1]);
}
