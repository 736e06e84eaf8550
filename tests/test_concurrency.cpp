// Any number of concurrent readers: the contract of relata::Database. Built twice: in the
// ordinary suite, and alone under ThreadSanitizer (scripts/test.sh), which reports any
// data race among the readers, the access counters included.
#include <catch2/catch.hpp>
#include <thread>

#include "models.hpp"
#include "text_key_models.hpp"

using namespace inventory;

namespace {

/// Runs `round(t, i)` for rounds i = 0 .. rounds - 1 on each of `threads` threads at once;
/// returns each thread's sum of what its rounds returned.
template <class F>
std::vector<std::int64_t> read_concurrently(int threads, int rounds, F round) {
  std::vector<std::int64_t> sums(static_cast<std::size_t>(threads), 0);
  std::vector<std::thread> readers;
  for (int t = 0; t < threads; ++t) {
    readers.emplace_back([&, t] {
      std::int64_t sum = 0;
      for (int i = 0; i < rounds; ++i) sum += round(t, i);
      sums[static_cast<std::size_t>(t)] = sum;
    });
  }
  for (auto& r : readers) r.join();
  return sums;
}

}  // namespace

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
  const auto prepared = relata::prepare<Category>(relata::include(products));  // shared
  const auto sums = read_concurrently(kThreads, kRounds, [&](int t, int i) {
    std::int64_t sum = 0;
    const std::int64_t c = 1 + (i + t) % 10;
    const Category* cat = db.find_by_pk<Category>(c);  // 1 lookup
    for (const Product& p : db.get(*cat, products))    // 1 lookup
      sum += p.price.units();
    auto with = db.find_by_pk<Category>(c, relata::include(products));  // 2 lookups
    auto typed = db.find_by_pk<Category>(c, prepared);                  // 2 lookups
    return sum - static_cast<std::int64_t>(with.get(products).size()) -
           static_cast<std::int64_t>(typed.get(products).size());
  });
  // Each category's prices sum to 1+...+20 = 210 (21000 units), minus its 20 products twice.
  for (std::int64_t s : sums) CHECK(s == kRounds * (21000 - 40));
  CHECK(db.stats().lookups == static_cast<std::size_t>(kThreads * kRounds * 6));
  CHECK(db.stats().rows_scanned == 0);
}

TEST_CASE("concurrent readers of text keys: lookups by string, lists and includes",
          "[threads][text_keys]") {
  using namespace text_key_models;
  relata::Database db;
  db.define<Level>();
  db.define<Room>();
  for (int z = 0; z < 10; ++z) {
    db.create(Level{.name = "level-" + std::to_string(z), .depth = z});
    for (int s = 0; s <= z; ++s) db.create(Room{.levelName = "level-" + std::to_string(z)});
  }
  constexpr int kThreads = 4, kRounds = 300;
  const auto sums = read_concurrently(kThreads, kRounds, [&](int t, int i) {
    std::int64_t sum = 0;
    const std::string name = "level-" + std::to_string((i + t) % 10);
    const Level* l = db.find_by_pk<Level>(name);
    for (const Room& r : db.get(*l, rooms)) sum += db.get(r, level)->depth;
    auto with = db.find_by_pk<Level>(name, relata::include(rooms));
    sum -= static_cast<std::int64_t>(with.get(rooms).size());
    if (db.find_by_pk<Level>("no such level")) sum += 1000000;
    return sum;
  });
  // Level z has z + 1 rooms: each round adds (z + 1) * z and takes z + 1 away; over every
  // 10 rounds, sum of (z + 1) * (z - 1) for z = 0..9 = 275.
  for (std::int64_t s : sums) CHECK(s == kRounds / 10 * 275);
}
