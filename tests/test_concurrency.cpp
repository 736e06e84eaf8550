// Any number of concurrent readers: the contract of relata::Database. Built twice: in the
// ordinary suite, and alone under ThreadSanitizer (scripts/test.sh), which reports any
// data race among the readers, the access counters included.
#include <catch2/catch.hpp>
#include <thread>

#include "models.hpp"

using namespace inventory;

TEST_CASE("defect 7: concurrent readers see the same rows and count every lookup", "[threads]") {
  relata::Database db = testing_models::inventory_at_t0();
  for (int c = 1; c <= 10; ++c) {
    db.create(Category{.name = "c" + std::to_string(c)});
    for (int p = 0; p < 20; ++p)
      db.create(Product{.name = "p", .categoryId = c, .price = Money(p + 1)});
  }
  db.track_stats();
  db.reset_stats();
  constexpr int kThreads = 4, kRounds = 500;
  std::vector<std::int64_t> sums(kThreads, 0);
  std::vector<std::thread> readers;
  for (int t = 0; t < kThreads; ++t) {
    readers.emplace_back([&, t] {
      std::int64_t sum = 0;
      for (int i = 0; i < kRounds; ++i) {
        const std::int64_t c = 1 + (i + t) % 10;
        const Category* cat = db.find_by_pk<Category>(c);  // 1 lookup
        for (const Product& p : db.get(*cat, products))    // 1 lookup
          sum += p.price.units();
        auto with = db.find_by_pk<Category>(c, relata::include(products));  // 2 lookups
        sum -= static_cast<std::int64_t>(with.get(products).size());
      }
      sums[static_cast<std::size_t>(t)] = sum;
    });
  }
  for (auto& r : readers) r.join();
  // Each category's prices sum to 1+...+20 = 210 (21000 units), minus its 20 products.
  for (std::int64_t s : sums) CHECK(s == kRounds * (21000 - 20));
  CHECK(db.stats().lookups == static_cast<std::size_t>(kThreads * kRounds * 4));
  CHECK(db.stats().rows_scanned == 0);
}

namespace {

struct Zone {  // keyed by name: readers look the names up in the table's key dictionary
  std::string name;
  std::int32_t size = 0;
};
struct Spawn {
  std::int64_t id = 0;
  std::string zoneName;
};

}  // namespace

template <>
struct relata::model<Zone> {
  static constexpr std::string_view table = "zones";
  static constexpr auto columns =
      relata::columns(relata::column<&Zone::name>("name", relata::primary_key),
                      relata::column<&Zone::size>("size"));
};
template <>
struct relata::model<Spawn> {
  static constexpr std::string_view table = "spawns";
  static constexpr auto columns = relata::columns(
      relata::column<&Spawn::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Spawn::zoneName>("zoneName", relata::references<&Zone::name>));
};

TEST_CASE("concurrent readers of text keys: lookups by string, lists and includes",
          "[threads][text_keys]") {
  static constexpr auto spawns = relata::has_many<&Spawn::zoneName>("spawns");
  static constexpr auto zone = relata::belongs_to<&Spawn::zoneName>("zone");
  relata::Database db;
  db.define<Zone>();
  db.define<Spawn>();
  for (int z = 0; z < 10; ++z) {
    db.create(Zone{.name = "zone-" + std::to_string(z), .size = z});
    for (int s = 0; s <= z; ++s) db.create(Spawn{.zoneName = "zone-" + std::to_string(z)});
  }
  constexpr int kThreads = 4, kRounds = 300;
  std::vector<std::int64_t> sums(kThreads, 0);
  std::vector<std::thread> readers;
  for (int t = 0; t < kThreads; ++t) {
    readers.emplace_back([&, t] {
      std::int64_t sum = 0;
      for (int i = 0; i < kRounds; ++i) {
        const std::string name = "zone-" + std::to_string((i + t) % 10);
        const Zone* z = db.find_by_pk<Zone>(name);
        for (const Spawn& s : db.get(*z, spawns)) sum += db.get(s, zone)->size;
        auto with = db.find_by_pk<Zone>(name, relata::include(spawns));
        sum -= static_cast<std::int64_t>(with.get(spawns).size());
        if (db.find_by_pk<Zone>("no such zone")) sum += 1000000;
      }
      sums[static_cast<std::size_t>(t)] = sum;
    });
  }
  for (auto& r : readers) r.join();
  // Zone z has z + 1 spawns: each round adds (z + 1) * z and takes z + 1 away; over every
  // 10 rounds, sum of (z + 1) * (z - 1) for z = 0..9 = 275.
  for (std::int64_t s : sums) CHECK(s == kRounds / 10 * 275);
}
