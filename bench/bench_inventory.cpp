// Benchmarks on inventory(N): relata beside SQLite :memory:, the hand-written baseline and
// raw Boost.MultiIndex (the indexes relata builds, and the naive in-container form), all
// measured in this one process. After the runs, a table of ratios (peer time / relata time:
// above 1 means relata is faster) is printed. Every query is checked against the baseline's
// answer before it is timed, and W1 / W8 check the rows they load or destroy; a wrong answer
// fails the run (exit status 1).
//
//   bench_inventory [--n=1000,100000,1000000] [google benchmark flags]
//
// W1  bulk load inventory(N), all constraints checked           rows per second
//     W1teardown: freeing the loaded system, timed on its own   ms per teardown
// W2  product by primary key (random id), read its name          ns per lookup
// W3  product by key with its category (belongs_to include)      ns per query
// W4  category by key with its products (id, name, price), sum   ns per query
// W5  order by key, its items and each item's product, sum q×p   ns per query
// W6  products of a category above a price, by price desc, 10    ns per query
// W7  update one product's price by key (random), each its own statement    ns per update
//     W7key: its categoryId instead (a key: the product changes parent)     ns per update
// W7tx a transaction of 1,000 such updates, committed (W7tx/.../commit) or rolled back
//     (W7tx/.../rollback)                                                   µs per transaction
// W8  destroy a category (random) with ON DELETE CASCADE to its products and their order
//     items; the world is restored between iterations outside timing       µs per destroy
// W9  save inventory(N) to a snapshot file (atomic, fsync'd) and load it back (all indices
//     and checks): W9save / W9load beside SQLite's backup API to a file and back, and
//     beside fwrite / fread of the same bytes (fsync'd); W9save_async is the time
//     save_async holds the caller (the encoding)          MB/s, ns per row
// W10 bytes per row each system holds for inventory(N) (growth of the C heap while it is
//     built, allocator overhead included)                        bytes per row
// W11 a simulation frame: mark, update the price of 1% of products (random), rewind
//     (W11/.../rewind), or the same frame kept (W11/.../commit)   ns per frame
//
// "relata" runs the query API (find_by_pk / find_all with include; W3-W5 with a prepared query,
// whose result holds its includes in their types); "relata_erased" runs W3-W5 with the same
// includes in a relata::Query<T> (a type-erased Result of Row trees); "relata_lazy" walks the
// same rows with the lazy accessors (db.get), for comparison.
#include <benchmark/benchmark.h>

#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <span>
#include <sstream>

#include "inventory_data.hpp"
#include "peers.hpp"

namespace {

using namespace inventory;

/// relata as a peer of the others: a database with the inventory models defined.
struct Relata {
  relata::Database db;
  Relata() { define_all(db); }
  void load(const bench::Inventory& inv) {
    db.bulk_create(inv.categories);
    db.bulk_create(inv.products);
    db.bulk_create(inv.orders);
    db.bulk_create(inv.items);
  }
  [[nodiscard]] std::size_t rows() const {
    return db.count<Category>() + db.count<Product>() + db.count<Order>() + db.count<OrderItem>();
  }
};

/// Everything built once per N, outside timing.
struct World {
  bench::Inventory data;
  std::vector<std::int64_t> product_keys;   // random ids, drawn before timing
  std::vector<std::int64_t> category_keys;  // random category ids
  std::vector<std::int64_t> order_keys;     // random order ids
  Relata relata_peer;
  relata::Database& relata = relata_peer.db;
  bench::Sqlite sqlite;
  bench::Baseline baseline;
  bench::MultiIndex multi_index;
  bench::MultiIndexNaive multi_index_naive;
};

World& world(std::int64_t n) {
  static std::map<std::int64_t, std::unique_ptr<World>> worlds;
  auto& w = worlds[n];
  if (!w) {
    w = std::make_unique<World>();
    std::mt19937_64 rng(42);
    w->data = bench::make_inventory(n, rng);
    std::uniform_int_distribution<std::int64_t> product(1, n);
    std::uniform_int_distribution<std::int64_t> cat(
        1, static_cast<std::int64_t>(w->data.categories.size()));
    std::uniform_int_distribution<std::int64_t> ord(1, std::max<std::int64_t>(1, n / 10));
    w->product_keys.resize(1 << 16);
    w->category_keys.resize(1 << 16);
    w->order_keys.resize(1 << 16);
    for (auto& k : w->product_keys) k = product(rng);
    for (auto& k : w->category_keys) k = cat(rng);
    for (auto& k : w->order_keys) k = ord(rng);
    w->relata_peer.load(w->data);
    w->sqlite.load(w->data);
    w->baseline.load(w->data);
    w->multi_index.load(w->data);
    w->multi_index_naive.load(w->data);
  }
  return *w;
}

// ---------------------------------------------------------------- W1, its teardown, W10

/// W1: a new system, loaded with inventory(N). Its teardown is not timed (see below); a
/// system that ends with other than every row fails the run.
template <class System>
void w1(benchmark::State& state) {
  const auto& data = world(state.range(0)).data;
  for (auto _ : state) {
    auto s = std::make_unique<System>();
    s->load(data);
    state.PauseTiming();
    if (s->rows() != data.rows()) state.SkipWithError("W1 lost rows");
    s.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.rows()));
}
/// W1 teardown: freeing a loaded system (built outside timing).
template <class System>
void w1_teardown(benchmark::State& state) {
  const auto& data = world(state.range(0)).data;
  for (auto _ : state) {
    state.PauseTiming();
    auto s = std::make_unique<System>();
    s->load(data);
    state.ResumeTiming();
    s.reset();
  }
}

/// Bytes the C heap holds: in-use chunks of the arenas (with their headers) and mmapped
/// blocks.
std::size_t heap_in_use() {
  const struct mallinfo2 m = ::mallinfo2();
  return m.uordblks + m.hblkhd;
}
/// W10: bytes per row a system holds for inventory(N), measured as the growth of the C
/// heap while it is built (allocator overhead included, the input rows excluded). Nothing
/// is timed; the figure is the "bytes_per_row" counter.
template <class System>
void w10(benchmark::State& state) {
  const auto& data = world(state.range(0)).data;
  std::size_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::size_t before = heap_in_use();
    auto s = std::make_unique<System>();
    s->load(data);
    bytes = heap_in_use() - before;
    s.reset();
    state.ResumeTiming();
  }
  state.counters["bytes_per_row"] = static_cast<double>(bytes) / static_cast<double>(data.rows());
}

// ---------------------------------------------------------------- W2-W6: queries
//
// Each system's query is a struct made once per run (prepared statements and Query objects
// are built there) whose operator()(key) answers one query and returns a number derived
// from every row the query returns. Before timing, the system and the hand-written
// baseline answer the same first 1,024 keys; different sums fail the run, so no system is
// measured doing less work than the others.

/// Where a workload's random keys come from.
using Keys = std::vector<std::int64_t> World::*;

constexpr std::size_t checked_keys = 1024;

template <class Op, class Reference>
void query(benchmark::State& state) {
  auto& w = world(state.range(0));
  Op op(w);
  const std::vector<std::int64_t>& keys = w.*Op::keys;
  {
    Reference reference(w);
    std::int64_t got = 0, expected = 0;
    for (std::size_t i = 0; i < checked_keys; ++i) {
      got += op(keys[i]);
      expected += reference(keys[i]);
    }
    if (got != expected) state.SkipWithError("the answer differs from the baseline's");
  }
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) sum += op(keys[i++ & 0xFFFF]);
  benchmark::DoNotOptimize(sum);
}

/// An SQLite query with one key parameter, and a reader of one result row.
template <class Read>
struct SqliteQuery {
  bench::Statement s;
  Read read;
  std::int64_t operator()(std::int64_t key) {
    sqlite3_bind_int64(s.get(), 1, key);
    std::int64_t sum = 0;
    while (sqlite3_step(s.get()) == SQLITE_ROW) sum += read(s.get());
    sqlite3_reset(s.get());
    return sum;
  }
};

std::int64_t size_of(const std::string& s) {
  return static_cast<std::int64_t>(s.size());
}
std::int64_t bytes_of(sqlite3_stmt* s, int column) {
  return sqlite3_column_bytes(s, column);
}
/// The children of `parent` in one of the MultiIndex peer's child lists; empty when none.
template <class T>
std::span<const T* const> children(const bench::mi_children<T>& lists, std::int64_t parent) {
  auto it = lists.find(parent);
  if (it == lists.end()) return {};
  return it->second;
}

// W2: product by key, the length of its name.
struct W2Relata {
  static constexpr Keys keys = &World::product_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    return size_of(w.relata.find_by_pk<Product>(key)->name);
  }
};
struct W2Sqlite : SqliteQuery<std::int64_t (*)(sqlite3_stmt*)> {
  static constexpr Keys keys = &World::product_keys;
  explicit W2Sqlite(World& w)
      : SqliteQuery{{w.sqlite, "SELECT name FROM products WHERE id = ?"},
                    [](sqlite3_stmt* s) { return bytes_of(s, 0); }} {}
};
struct W2Baseline {
  static constexpr Keys keys = &World::product_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    return size_of(w.baseline.products.find(key)->second.row.name);
  }
};
struct W2MultiIndex {
  static constexpr Keys keys = &World::product_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    return size_of(w.multi_index.products.find(key)->name);
  }
};

// W3: product by key with its category, the length of the category's name. The query API
// runs a prepared query (relata::prepare: its result is typed), and as `relata_erased` the
// same includes in a relata::Query<T> (the type-erased Result).
template <class Q>
struct W3RelataWith {
  static constexpr Keys keys = &World::product_keys;
  World& w;
  Q q{relata::include(category)};
  std::int64_t operator()(std::int64_t key) const {
    return size_of(w.relata.find_by_pk<Product>(key, q).get(category)->name);
  }
};
using W3Relata = W3RelataWith<decltype(relata::prepare<Product>(relata::include(category)))>;
using W3RelataErased = W3RelataWith<relata::Query<Product>>;
struct W3RelataLazy {
  static constexpr Keys keys = &World::product_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    const Product* p = w.relata.find_by_pk<Product>(key);
    return size_of(w.relata.get(*p, category)->name);
  }
};
struct W3Sqlite : SqliteQuery<std::int64_t (*)(sqlite3_stmt*)> {
  static constexpr Keys keys = &World::product_keys;
  explicit W3Sqlite(World& w)
      : SqliteQuery{{w.sqlite,
                     "SELECT p.name, c.id, c.name FROM products p JOIN categories c ON c.id = "
                     "p.categoryId WHERE p.id = ?"},
                    [](sqlite3_stmt* s) { return bytes_of(s, 2); }} {}
};
struct W3Baseline {
  static constexpr Keys keys = &World::product_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    const auto& p = w.baseline.products.find(key)->second.row;
    return size_of(w.baseline.categories.find(p.categoryId)->second.row.name);
  }
};
struct W3MultiIndex {
  static constexpr Keys keys = &World::product_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    const auto& p = *w.multi_index.products.find(key);
    return size_of(w.multi_index.categories.find(p.categoryId)->name);
  }
};

// W4: category by key with its products (id, name, price), the sum of their prices.
template <class Q>
struct W4RelataWith {
  static constexpr Keys keys = &World::category_keys;
  World& w;
  Q q{relata::include(products, relata::attributes(&Product::id, &Product::name, &Product::price))};
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    const auto c = w.relata.find_by_pk<Category>(key, q);  // named: the loop reads into it
    for (auto p : c.get(products)) sum += p->price.units();
    return sum;
  }
};
using W4Relata = W4RelataWith<decltype(relata::prepare<Category>(
    relata::include(products, relata::attributes(&Product::id, &Product::name, &Product::price))))>;
using W4RelataErased = W4RelataWith<relata::Query<Category>>;
struct W4RelataLazy {
  static constexpr Keys keys = &World::category_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    const Category* c = w.relata.find_by_pk<Category>(key);
    for (const Product& p : w.relata.get(*c, products)) sum += p.price.units();
    return sum;
  }
};
struct W4Sqlite : SqliteQuery<std::int64_t (*)(sqlite3_stmt*)> {
  static constexpr Keys keys = &World::category_keys;
  explicit W4Sqlite(World& w)
      : SqliteQuery{{w.sqlite,
                     "SELECT c.id, c.name, p.id, p.name, p.price FROM categories c JOIN products "
                     "p ON p.categoryId = c.id WHERE c.id = ?"},
                    [](sqlite3_stmt* s) { return std::int64_t{sqlite3_column_int64(s, 4)}; }} {}
};
/// The children by id, one hash lookup each.
struct W4Baseline {
  static constexpr Keys keys = &World::category_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    for (std::int64_t id : w.baseline.categories.find(key)->second.products)
      sum += w.baseline.products.find(id)->second.row.price.units();
    return sum;
  }
};
/// The children by pointer: the practical limit for walking children.
struct W4BaselinePtr {
  static constexpr Keys keys = &World::category_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    for (const Product* p : w.baseline.categories.find(key)->second.product_rows)
      sum += p->price.units();
    return sum;
  }
};
struct W4MultiIndex {
  static constexpr Keys keys = &World::category_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    const auto& c = *w.multi_index.categories.find(key);
    for (const Product* p : children(w.multi_index.products_of_category, c.id))
      sum += p->price.units();
    return sum;
  }
};
struct W4MultiIndexNaive {
  static constexpr Keys keys = &World::category_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    const auto& c = *w.multi_index_naive.categories.find(key);
    auto [lo, hi] = w.multi_index_naive.products.get<2>().equal_range(std::make_tuple(c.id));
    for (; lo != hi; ++lo) sum += lo->price.units();
    return sum;
  }
};

// W5: order by key, its items and each item's product, the sum of quantity × price.
template <class Q>
struct W5RelataWith {
  static constexpr Keys keys = &World::order_keys;
  World& w;
  Q q{relata::include(items, relata::include(product))};
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    const auto o = w.relata.find_by_pk<Order>(key, q);
    for (auto item : o.get(items)) sum += item->quantity * item.get(product)->price.units();
    return sum;
  }
};
using W5Relata = W5RelataWith<decltype(relata::prepare<Order>(
    relata::include(items, relata::include(product))))>;
using W5RelataErased = W5RelataWith<relata::Query<Order>>;
struct W5RelataLazy {
  static constexpr Keys keys = &World::order_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    const Order* o = w.relata.find_by_pk<Order>(key);
    for (const OrderItem& item : w.relata.get(*o, items))
      sum += item.quantity * w.relata.get(item, product)->price.units();
    return sum;
  }
};
struct W5Sqlite : SqliteQuery<std::int64_t (*)(sqlite3_stmt*)> {
  static constexpr Keys keys = &World::order_keys;
  explicit W5Sqlite(World& w)
      : SqliteQuery{{w.sqlite,
                     "SELECT o.id, oi.quantity, p.id, p.price FROM orders o JOIN order_items oi "
                     "ON oi.orderId = o.id JOIN products p ON p.id = oi.productId WHERE o.id = ?"},
                    [](sqlite3_stmt* s) {
                      return std::int64_t{sqlite3_column_int64(s, 1) * sqlite3_column_int64(s, 3)};
                    }} {}
};
struct W5Baseline {
  static constexpr Keys keys = &World::order_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    for (std::int64_t id : w.baseline.orders.find(key)->second.items) {
      const auto& item = w.baseline.items.find(id)->second;
      sum += item.quantity * w.baseline.products.find(*item.productId)->second.row.price.units();
    }
    return sum;
  }
};
struct W5MultiIndex {
  static constexpr Keys keys = &World::order_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    const auto& o = *w.multi_index.orders.find(key);
    for (const OrderItem* item : children(w.multi_index.items_of_order, o.id))
      sum += item->quantity * w.multi_index.products.find(*item->productId)->price.units();
    return sum;
  }
};
struct W5MultiIndexNaive {
  static constexpr Keys keys = &World::order_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    const auto& m = w.multi_index_naive;
    const auto& o = *m.orders.find(key);
    auto [lo, hi] =
        m.items.get<2>().equal_range(std::make_tuple(std::optional<std::int64_t>(o.id)));
    for (; lo != hi; ++lo) sum += lo->quantity * m.products.find(*lo->productId)->price.units();
    return sum;
  }
};

// W6: products of a category priced above a bound, by price descending, first 10; the sum
// of their ids.
const Money kBound("500.00");

/// Keeps the 10 highest-priced of `rows` (price desc, then key), like ORDER BY ... LIMIT 10.
std::int64_t top10(std::vector<const Product*>& rows) {
  const auto n = std::min<std::size_t>(10, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(),
                    [](const Product* a, const Product* b) {
                      return b->price < a->price || (a->price == b->price && a->id < b->id);
                    });
  std::int64_t sum = 0;
  for (std::size_t k = 0; k < n; ++k) sum += rows[k]->id;
  return sum;
}
struct W6Relata {
  static constexpr Keys keys = &World::category_keys;
  World& w;
  std::int64_t operator()(std::int64_t key) const {
    std::int64_t sum = 0;
    auto rows = w.relata.find_all<Product>(relata::where(relata::col<&Product::categoryId> == key &&
                                                         relata::col<&Product::price> > kBound),
                                           relata::order_by(relata::desc(&Product::price)),
                                           relata::limit(10));
    for (auto p : rows) sum += p->id;
    return sum;
  }
};
struct W6Sqlite : SqliteQuery<std::int64_t (*)(sqlite3_stmt*)> {
  static constexpr Keys keys = &World::category_keys;
  explicit W6Sqlite(World& w)
      : SqliteQuery{{w.sqlite,
                     "SELECT id, price FROM products WHERE categoryId = ?1 AND price > ?2 "
                     "ORDER BY price DESC, id LIMIT 10"},
                    [](sqlite3_stmt* s) { return std::int64_t{sqlite3_column_int64(s, 0)}; }} {
    sqlite3_bind_int64(s.get(), 2, kBound.units());
  }
};
struct W6Baseline {
  static constexpr Keys keys = &World::category_keys;
  World& w;
  std::vector<const Product*> rows{};
  std::int64_t operator()(std::int64_t key) {
    rows.clear();
    for (std::int64_t id : w.baseline.categories.find(key)->second.products) {
      const Product& p = w.baseline.products.find(id)->second.row;
      if (kBound < p.price) rows.push_back(&p);
    }
    return top10(rows);
  }
};
struct W6MultiIndex {
  static constexpr Keys keys = &World::category_keys;
  World& w;
  std::vector<const Product*> rows{};
  std::int64_t operator()(std::int64_t key) {
    rows.clear();
    for (const Product* p : children(w.multi_index.products_of_category, key))
      if (kBound < p->price) rows.push_back(p);
    return top10(rows);
  }
};
struct W6MultiIndexNaive {
  static constexpr Keys keys = &World::category_keys;
  World& w;
  std::vector<const Product*> rows{};
  std::int64_t operator()(std::int64_t key) {
    rows.clear();
    auto [lo, hi] = w.multi_index_naive.products.get<2>().equal_range(std::make_tuple(key));
    for (; lo != hi; ++lo)
      if (kBound < lo->price) rows.push_back(&*lo);
    return top10(rows);
  }
};

// ---------------------------------------------------------------- W7, W7tx, W8

/// The price update W7, W7tx and W11 make, the k-th of a run, in each peer.
void relata_set_price(World& w, std::size_t k) {
  w.relata.update<Product>(w.product_keys[k & 0xFFFF],
                           [&](Product& p) { p.price = Money::from_units(100 + (k & 1023)); });
}
void sqlite_set_price(World& w, sqlite3_stmt* update, std::size_t k) {
  sqlite3_bind_int64(update, 1, static_cast<std::int64_t>(100 + (k & 1023)));
  sqlite3_bind_int64(update, 2, static_cast<std::int64_t>(k));
  sqlite3_bind_int64(update, 3, w.product_keys[k & 0xFFFF]);
  w.sqlite.step_done(update);
}
constexpr const char* sqlite_price_update =
    "UPDATE products SET price = ?, updatedAt = ? WHERE id = ?";

void w7_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t k = 0;
  for (auto _ : state) relata_set_price(w, ++k);
}
void w7_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  bench::Statement update(w.sqlite, sqlite_price_update);
  std::size_t k = 0;
  for (auto _ : state) sqlite_set_price(w, update.get(), ++k);
}
void w7_baseline(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t k = 0;
  for (auto _ : state) {
    ++k;
    w.baseline.products.find(w.product_keys[k & 0xFFFF])->second.row.price =
        Money::from_units(100 + (k & 1023));
  }
}
/// Boost.MultiIndex directly: find, then modify() (which re-checks the ordered key index).
void w7_multi_index(benchmark::State& state) {
  auto& w = world(state.range(0));
  auto& products = w.multi_index.products;
  std::size_t k = 0;
  for (auto _ : state) {
    ++k;
    products.modify(products.find(w.product_keys[k & 0xFFFF]),
                    [&](Product& p) { p.price = Money::from_units(100 + (k & 1023)); });
  }
}

/// W7key: a product's categoryId (a key: the product moves to another category's child
/// list). Step 2j moves product_keys[j] to category_keys[j], step 2j+1 moves it back, so a
/// run leaves every product where it was (an odd last step is undone outside timing).
template <class Move>
void w7key(benchmark::State& state, World& w, Move move) {
  std::size_t step = 0;
  auto next = [&] {
    const std::size_t j = (step / 2) & 0xFFFF;
    const std::int64_t product = w.product_keys[j];
    const std::int64_t home = w.data.products[static_cast<std::size_t>(product - 1)].categoryId;
    move(product, step % 2 == 0 ? w.category_keys[j] : home, step);
    ++step;
  };
  for (auto _ : state) next();
  if (step % 2 == 1) next();
}
void w7key_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  w7key(state, w, [&](std::int64_t product, std::int64_t category, std::size_t) {
    w.relata.update<Product>(product, [&](Product& p) { p.categoryId = category; });
  });
}
void w7key_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  bench::Statement update(w.sqlite,
                          "UPDATE products SET categoryId = ?, updatedAt = ? WHERE id = ?");
  w7key(state, w, [&](std::int64_t product, std::int64_t category, std::size_t step) {
    sqlite3_bind_int64(update.get(), 1, category);
    sqlite3_bind_int64(update.get(), 2, static_cast<std::int64_t>(step));
    sqlite3_bind_int64(update.get(), 3, product);
    w.sqlite.step_done(update.get());
  });
}
/// By hand: the id out of the old category's lists, into the new one's in key order.
void w7key_baseline(benchmark::State& state) {
  auto& w = world(state.range(0));
  auto& b = w.baseline;
  w7key(state, w, [&](std::int64_t product, std::int64_t category, std::size_t) {
    auto& p = b.products.find(product)->second.row;
    auto& from = b.categories.find(p.categoryId)->second;
    auto at = std::lower_bound(from.products.begin(), from.products.end(), product);
    from.product_rows.erase(from.product_rows.begin() + (at - from.products.begin()));
    from.products.erase(at);
    auto& to = b.categories.find(category)->second;
    at = std::lower_bound(to.products.begin(), to.products.end(), product);
    to.product_rows.insert(to.product_rows.begin() + (at - to.products.begin()), &p);
    to.products.insert(at, product);
    p.categoryId = category;
  });
}
/// Boost.MultiIndex directly: the row's pointer out of the old category's list, modify(),
/// into the new one's list in key order.
void w7key_multi_index(benchmark::State& state) {
  auto& w = world(state.range(0));
  auto& m = w.multi_index;
  const auto by_id = [](const Product* a, const Product* b) { return a->id < b->id; };
  w7key(state, w, [&](std::int64_t product, std::int64_t category, std::size_t) {
    auto it = m.products.find(product);
    const Product* p = &*it;
    auto& from = m.products_of_category.find(p->categoryId)->second;
    from.erase(std::lower_bound(from.begin(), from.end(), p, by_id));
    m.products.modify(it, [&](Product& r) { r.categoryId = category; });
    auto& to = m.products_of_category[category];
    to.insert(std::lower_bound(to.begin(), to.end(), p, by_id), p);
  });
}

constexpr std::size_t tx_updates = 1000;

template <bool Commit>
void w7tx_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t k = 0;
  for (auto _ : state) {
    auto tx = w.relata.begin();
    for (std::size_t i = 0; i < tx_updates; ++i) relata_set_price(w, ++k);
    if (Commit)
      tx.commit();
    else
      tx.rollback();
  }
}
template <bool Commit>
void w7tx_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  bench::Statement update(w.sqlite, sqlite_price_update);
  std::size_t k = 0;
  for (auto _ : state) {
    w.sqlite.exec("BEGIN");
    for (std::size_t i = 0; i < tx_updates; ++i) sqlite_set_price(w, update.get(), ++k);
    w.sqlite.exec(Commit ? "COMMIT" : "ROLLBACK");
  }
}
/// By hand: remember each old price; to roll back, write them back.
template <bool Commit>
void w7tx_baseline(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::vector<std::pair<std::int64_t, Money>> undo;
  undo.reserve(tx_updates);
  std::size_t k = 0;
  for (auto _ : state) {
    undo.clear();
    for (std::size_t i = 0; i < tx_updates; ++i) {
      ++k;
      const std::int64_t key = w.product_keys[k & 0xFFFF];
      auto& row = w.baseline.products.find(key)->second.row;
      undo.emplace_back(key, row.price);
      row.price = Money::from_units(100 + (k & 1023));
    }
    if (!Commit)
      for (auto it = undo.rbegin(); it != undo.rend(); ++it)
        w.baseline.products.find(it->first)->second.row.price = it->second;
  }
}

/// The rows destroying `category` removes: itself, its products and their order items,
/// counted in the hand-written baseline (W8's answer, checked in every peer).
std::size_t w8_rows(const World& w, std::int64_t category) {
  const auto& c = w.baseline.categories.at(category);
  std::size_t rows = 1 + c.products.size();
  for (std::int64_t p : c.products) rows += w.baseline.products.at(p).items.size();
  return rows;
}

/// W8 runs against its own copy of the world per peer, restored outside timing.
void w8_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t k = 0, rows = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::size_t before = w.relata.count<Product>() + w.relata.count<OrderItem>();
    const relata::Mark m = w.relata.mark();  // only to put the world back afterwards
    const std::int64_t key = w.category_keys[k++ & 0xFFFF];
    state.ResumeTiming();
    w.relata.destroy<Category>(key);
    state.PauseTiming();
    const std::size_t destroyed =
        before - w.relata.count<Product>() - w.relata.count<OrderItem>() + 1;
    if (destroyed != w8_rows(w, key))
      state.SkipWithError("W8 destroyed other rows than the baseline");
    rows += destroyed;
    w.relata.rewind(m);
    w.relata.release(m);
    state.ResumeTiming();
  }
  state.counters["rows_per_destroy"] =
      static_cast<double>(rows) / static_cast<double>(state.iterations());
}
void w8_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  bench::Statement destroy(w.sqlite, "DELETE FROM categories WHERE id = ?");
  std::size_t k = 0;
  bench::Statement count(
      w.sqlite, "SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM order_items)");
  auto remaining = [&] {
    sqlite3_step(count.get());
    const auto n = static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0));
    sqlite3_reset(count.get());
    return n;
  };
  for (auto _ : state) {
    state.PauseTiming();
    const bool checked = k < 8;  // counting is a scan: the first destroys are checked
    const std::size_t before = checked ? remaining() : 0;
    w.sqlite.exec("SAVEPOINT w8");
    const std::int64_t key = w.category_keys[k++ & 0xFFFF];
    state.ResumeTiming();
    sqlite3_bind_int64(destroy.get(), 1, key);
    w.sqlite.step_done(destroy.get());
    state.PauseTiming();
    if (checked && before - remaining() + 1 != w8_rows(w, key))
      state.SkipWithError("W8 destroyed other rows than the baseline");
    w.sqlite.exec("ROLLBACK TO w8");
    w.sqlite.exec("RELEASE w8");
    state.ResumeTiming();
  }
}
/// By hand: the category, its products, their items (unlinked from their orders), moved out
/// while timed; put back outside timing.
void w8_baseline(benchmark::State& state) {
  auto& w = world(state.range(0));
  auto& b = w.baseline;
  std::size_t k = 0;
  for (auto _ : state) {
    std::vector<bench::Baseline::ProductRow> products;
    std::vector<inventory::OrderItem> items;
    const std::int64_t key = w.category_keys[k++ & 0xFFFF];
    auto cat = b.categories.find(key);
    for (std::int64_t p : cat->second.products) {
      auto pit = b.products.find(p);
      for (std::int64_t i : pit->second.items) {
        auto iit = b.items.find(i);
        auto& siblings = b.orders.find(*iit->second.orderId)->second.items;
        siblings.erase(std::find(siblings.begin(), siblings.end(), i));
        items.push_back(std::move(iit->second));
        b.items.erase(iit);
      }
      products.push_back(std::move(pit->second));
      b.products.erase(pit);
    }
    bench::Baseline::CategoryRow category = std::move(cat->second);
    b.categories.erase(cat);
    state.PauseTiming();
    for (auto& i : items) {
      auto& siblings = b.orders.find(*i.orderId)->second.items;
      siblings.insert(std::lower_bound(siblings.begin(), siblings.end(), i.id), i.id);
      b.items.emplace(i.id, std::move(i));
    }
    for (auto& p : products) b.products.emplace(p.row.id, std::move(p));
    category.product_rows.clear();  // the products came back at new addresses
    for (std::int64_t p : category.products)
      category.product_rows.push_back(&b.products.find(p)->second.row);
    b.categories.emplace(key, std::move(category));
    state.ResumeTiming();
  }
}
/// Boost.MultiIndex directly, on the layout relata builds: the category, its products and
/// their items extracted as nodes (items unlinked from their orders' lists) while timed; put
/// back outside timing (a node goes back at its address, so the lists' pointers hold).
void w8_multi_index(benchmark::State& state) {
  auto& w = world(state.range(0));
  auto& m = w.multi_index;
  const auto by_id = [](const OrderItem* a, const OrderItem* b) { return a->id < b->id; };
  using ProductNode = decltype(m.products)::node_type;
  using ItemNode = decltype(m.items)::node_type;
  std::size_t k = 0;
  for (auto _ : state) {
    std::vector<ProductNode> products;
    std::vector<ItemNode> items;
    std::vector<std::pair<std::int64_t, std::vector<const OrderItem*>>> item_lists;
    std::vector<const Product*> product_list;
    const std::int64_t key = w.category_keys[k++ & 0xFFFF];
    if (auto pl = m.products_of_category.find(key); pl != m.products_of_category.end()) {
      product_list = std::move(pl->second);
      m.products_of_category.erase(pl);
      for (const Product* p : product_list) {
        if (auto il = m.items_of_product.find(p->id); il != m.items_of_product.end()) {
          for (const OrderItem* i : il->second) {
            auto& siblings = m.items_of_order.find(*i->orderId)->second;
            siblings.erase(std::lower_bound(siblings.begin(), siblings.end(), i, by_id));
            items.push_back(m.items.extract(m.items.find(i->id)));
          }
          item_lists.emplace_back(p->id, std::move(il->second));
          m.items_of_product.erase(il);
        }
        products.push_back(m.products.extract(m.products.find(p->id)));
      }
    }
    auto category = m.categories.extract(m.categories.find(key));
    state.PauseTiming();
    if (1 + products.size() + items.size() != w8_rows(w, key))
      state.SkipWithError("W8 destroyed other rows than the baseline");
    m.categories.insert(std::move(category));
    for (auto& n : products) m.products.insert(std::move(n));
    for (auto& n : items) {
      const OrderItem* i = &*m.items.insert(std::move(n)).position;
      auto& siblings = m.items_of_order[*i->orderId];
      siblings.insert(std::lower_bound(siblings.begin(), siblings.end(), i, by_id), i);
    }
    for (auto& [p, list] : item_lists) m.items_of_product[p] = std::move(list);
    if (!product_list.empty()) m.products_of_category[key] = std::move(product_list);
    state.ResumeTiming();
  }
}

// ---------------------------------------------------------------- W9

/// Where W9 writes its files (removed at exit).
const std::filesystem::path& w9_dir() {
  static const std::filesystem::path dir = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "relata-w9-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp");
    return std::filesystem::path(pattern);
  }();
  return dir;
}

/// The relata snapshot of inventory(N), saved once outside timing.
const std::filesystem::path& w9_snapshot(std::int64_t n) {
  static std::map<std::int64_t, std::filesystem::path> files;
  auto& f = files[n];
  if (f.empty()) {
    f = w9_dir() / ("inventory-" + std::to_string(n) + ".relata");
    world(n).relata.save(f);
  }
  return f;
}

void w9_counters(benchmark::State& state, std::size_t bytes, std::size_t rows) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["ns_per_row"] = benchmark::Counter(
      static_cast<double>(rows) * 1e-9,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void w9save_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto file = w9_dir() / "save.relata";
  for (auto _ : state) w.relata.save(file);
  w9_counters(state, std::filesystem::file_size(file), w.data.rows());
}
void w9save_async_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto file = w9_dir() / "async.relata";
  for (auto _ : state) {
    relata::SaveHandle h = w.relata.save_async(file);
    state.PauseTiming();
    h.wait();
    state.ResumeTiming();
  }
  w9_counters(state, std::filesystem::file_size(file), w.data.rows());
}
/// The same number of bytes with stdio, flushed and fsync'd like the snapshot.
void w9save_fwrite(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto size = std::filesystem::file_size(w9_snapshot(state.range(0)));
  const std::string bytes(size, 'x');
  const auto file = w9_dir() / "fwrite.bin";
  for (auto _ : state) {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fflush(f);
    ::fsync(::fileno(f));
    std::fclose(f);
  }
  w9_counters(state, size, w.data.rows());
}
/// Copies every page of `from` into `to` with SQLite's backup API.
void sqlite_backup(sqlite3* from, sqlite3* to) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK)
    throw std::runtime_error(std::string("sqlite backup: ") + sqlite3_errmsg(to));
}
/// SQLite's backup of the in-memory inventory to a new file.
void sqlite_backup_to(sqlite3* from, const std::filesystem::path& file) {
  std::filesystem::remove(file);
  sqlite3* out = nullptr;
  sqlite3_open(file.c_str(), &out);
  sqlite_backup(from, out);
  sqlite3_close(out);
}

void w9save_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto file = w9_dir() / "backup.sqlite";
  for (auto _ : state) sqlite_backup_to(w.sqlite.handle(), file);
  w9_counters(state, std::filesystem::file_size(file), w.data.rows());
}

void w9load_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto& file = w9_snapshot(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto db = std::make_unique<relata::Database>();
    define_all(*db);
    state.ResumeTiming();
    db->load(file);
    state.PauseTiming();
    if (db->count<Product>() != w.data.products.size()) state.SkipWithError("lost rows");
    db.reset();
    state.ResumeTiming();
  }
  w9_counters(state, std::filesystem::file_size(file), w.data.rows());
}
/// The same bytes read back with stdio: the floor of any load.
void w9load_fread(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto& file = w9_snapshot(state.range(0));
  const auto size = std::filesystem::file_size(file);
  std::string buffer;
  for (auto _ : state) {
    buffer.resize(size);
    std::FILE* f = std::fopen(file.c_str(), "rb");
    benchmark::DoNotOptimize(std::fread(buffer.data(), 1, size, f));
    std::fclose(f);
  }
  w9_counters(state, size, w.data.rows());
}
void w9load_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto file = w9_dir() / "backup.sqlite";
  sqlite_backup_to(w.sqlite.handle(), file);
  for (auto _ : state) {
    sqlite3* in = nullptr;
    sqlite3_open(file.c_str(), &in);
    sqlite3* mem = nullptr;
    sqlite3_open(":memory:", &mem);
    sqlite_backup(in, mem);
    sqlite3_close(in);
    state.PauseTiming();
    sqlite3_close(mem);
    state.ResumeTiming();
  }
  w9_counters(state, std::filesystem::file_size(file), w.data.rows());
}

// ---------------------------------------------------------------- W11

/// The products one frame updates: 1% of inventory(N), at least one.
std::size_t frame_rows(std::int64_t n) {
  return static_cast<std::size_t>(std::max<std::int64_t>(1, n / 100));
}

template <bool Rewind>
void w11_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  const std::size_t rows = frame_rows(state.range(0));
  std::size_t k = 0;
  for (auto _ : state) {
    const relata::Mark m = w.relata.mark();
    for (std::size_t i = 0; i < rows; ++i) relata_set_price(w, ++k);
    if (Rewind) w.relata.rewind(m);
    w.relata.release(m);
  }
  state.counters["rows_per_frame"] = static_cast<double>(rows);
}
template <bool Rewind>
void w11_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  const std::size_t rows = frame_rows(state.range(0));
  bench::Statement update(w.sqlite, sqlite_price_update);
  std::size_t k = 0;
  for (auto _ : state) {
    w.sqlite.exec("SAVEPOINT frame");
    for (std::size_t i = 0; i < rows; ++i) sqlite_set_price(w, update.get(), ++k);
    if (Rewind) w.sqlite.exec("ROLLBACK TO frame");
    w.sqlite.exec("RELEASE frame");
  }
  state.counters["rows_per_frame"] = static_cast<double>(rows);
}
/// By hand: remember each old price, write the new one; to rewind, write them back.
template <bool Rewind>
void w11_baseline(benchmark::State& state) {
  auto& w = world(state.range(0));
  const std::size_t rows = frame_rows(state.range(0));
  std::vector<std::pair<std::int64_t, Money>> undo;
  undo.reserve(rows);
  std::size_t k = 0;
  for (auto _ : state) {
    undo.clear();
    for (std::size_t i = 0; i < rows; ++i) {
      const std::int64_t key = w.product_keys[k++ & 0xFFFF];
      auto& row = w.baseline.products.find(key)->second.row;
      undo.emplace_back(key, row.price);
      row.price = Money::from_units(100 + (k & 1023));
    }
    if (Rewind)
      for (auto it = undo.rbegin(); it != undo.rend(); ++it)
        w.baseline.products.find(it->first)->second.row.price = it->second;
  }
  state.counters["rows_per_frame"] = static_cast<double>(rows);
}

// ---------------------------------------------------------------- ratio report

/// Prints the usual console output and remembers each run's time per iteration (W10: its
/// bytes per row) and whether any run failed.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      failed_ = failed_ || r.error_occurred;
      if (r.error_occurred) continue;
      auto bytes = r.counters.find("bytes_per_row");
      times_[r.benchmark_name()] =
          bytes != r.counters.end() ? bytes->second.value : r.GetAdjustedRealTime();
    }
  }
  /// For every "W/relata/N", the ratio of each "W/peer/N" to it.
  void print_ratios(std::ostream& out) const {
    out << "\nratios (peer time or bytes / relata's; > 1: relata faster or smaller)\n";
    for (const auto& [name, t] : times_) {
      auto slash = name.find('/');
      auto second = name.find('/', slash + 1);
      if (name.substr(slash + 1, second - slash - 1) != "relata") continue;  // not relata_lazy
      std::string w = name.substr(0, slash), n = name.substr(second + 1);
      out << "  " << w << " " << n << ":";
      for (const char* peer : {"relata_erased", "relata_lazy", "sqlite", "baseline", "baseline_ptr",
                               "multi_index", "multi_index_naive", "fwrite", "fread"}) {
        auto it = times_.find(w + "/" + peer + "/" + n);
        if (it == times_.end()) continue;
        char buf[64];
        std::snprintf(buf, sizeof buf, "  vs %s %.2fx", peer, it->second / t);
        out << buf;
      }
      out << "\n";
    }
  }
  /// Whether a run stopped with an error (a wrong answer, lost rows).
  [[nodiscard]] bool failed() const noexcept { return failed_; }

 private:
  std::map<std::string, double> times_;
  bool failed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::int64_t> sizes{1000, 100000};
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--n=", 4) == 0) {
      sizes.clear();
      std::stringstream list(argv[i] + 4);
      for (std::string item; std::getline(list, item, ',');) sizes.push_back(std::stoll(item));
    } else {
      args.push_back(argv[i]);
    }
  }
  int n_args = static_cast<int>(args.size());
  benchmark::Initialize(&n_args, args.data());

  struct Entry {
    const char* name;
    void (*fn)(benchmark::State&);
  };
  const Entry loads[] = {
      {"W1/relata", w1<Relata>},
      {"W1/sqlite", w1<bench::Sqlite>},
      {"W1/baseline", w1<bench::Baseline>},
      {"W1/multi_index", w1<bench::MultiIndex>},
      {"W1/multi_index_naive", w1<bench::MultiIndexNaive>},
      {"W1teardown/relata", w1_teardown<Relata>},
      {"W1teardown/sqlite", w1_teardown<bench::Sqlite>},
      {"W1teardown/baseline", w1_teardown<bench::Baseline>},
      {"W1teardown/multi_index", w1_teardown<bench::MultiIndex>},
      {"W1teardown/multi_index_naive", w1_teardown<bench::MultiIndexNaive>},
  };
  const Entry memory[] = {
      {"W10/relata", w10<Relata>},
      {"W10/sqlite", w10<bench::Sqlite>},
      {"W10/baseline", w10<bench::Baseline>},
      {"W10/multi_index", w10<bench::MultiIndex>},
      {"W10/multi_index_naive", w10<bench::MultiIndexNaive>},
  };
  const Entry queries[] = {
      {"W2/relata", query<W2Relata, W2Baseline>},
      {"W2/sqlite", query<W2Sqlite, W2Baseline>},
      {"W2/baseline", query<W2Baseline, W2Baseline>},
      {"W2/multi_index", query<W2MultiIndex, W2Baseline>},
      {"W3/relata", query<W3Relata, W3Baseline>},
      {"W3/relata_lazy", query<W3RelataLazy, W3Baseline>},
      {"W3/relata_erased", query<W3RelataErased, W3Baseline>},
      {"W3/sqlite", query<W3Sqlite, W3Baseline>},
      {"W3/baseline", query<W3Baseline, W3Baseline>},
      {"W3/multi_index", query<W3MultiIndex, W3Baseline>},
      {"W4/relata", query<W4Relata, W4Baseline>},
      {"W4/relata_lazy", query<W4RelataLazy, W4Baseline>},
      {"W4/relata_erased", query<W4RelataErased, W4Baseline>},
      {"W4/sqlite", query<W4Sqlite, W4Baseline>},
      {"W4/baseline", query<W4Baseline, W4Baseline>},
      {"W4/baseline_ptr", query<W4BaselinePtr, W4Baseline>},
      {"W4/multi_index", query<W4MultiIndex, W4Baseline>},
      {"W4/multi_index_naive", query<W4MultiIndexNaive, W4Baseline>},
      {"W5/relata", query<W5Relata, W5Baseline>},
      {"W5/relata_lazy", query<W5RelataLazy, W5Baseline>},
      {"W5/relata_erased", query<W5RelataErased, W5Baseline>},
      {"W5/sqlite", query<W5Sqlite, W5Baseline>},
      {"W5/baseline", query<W5Baseline, W5Baseline>},
      {"W5/multi_index", query<W5MultiIndex, W5Baseline>},
      {"W5/multi_index_naive", query<W5MultiIndexNaive, W5Baseline>},
      {"W6/relata", query<W6Relata, W6Baseline>},
      {"W6/sqlite", query<W6Sqlite, W6Baseline>},
      {"W6/baseline", query<W6Baseline, W6Baseline>},
      {"W6/multi_index", query<W6MultiIndex, W6Baseline>},
      {"W6/multi_index_naive", query<W6MultiIndexNaive, W6Baseline>},
  };
  const Entry writes[] = {
      {"W7/relata", w7_relata},
      {"W7/sqlite", w7_sqlite},
      {"W7/baseline", w7_baseline},
      {"W7/multi_index", w7_multi_index},
      {"W7key/relata", w7key_relata},
      {"W7key/sqlite", w7key_sqlite},
      {"W7key/baseline", w7key_baseline},
      {"W7key/multi_index", w7key_multi_index},
      {"W7tx/relata/commit", w7tx_relata<true>},
      {"W7tx/sqlite/commit", w7tx_sqlite<true>},
      {"W7tx/baseline/commit", w7tx_baseline<true>},
      {"W7tx/relata/rollback", w7tx_relata<false>},
      {"W7tx/sqlite/rollback", w7tx_sqlite<false>},
      {"W7tx/baseline/rollback", w7tx_baseline<false>},
  };
  const Entry destroys[] = {{"W8/relata", w8_relata},
                            {"W8/sqlite", w8_sqlite},
                            {"W8/baseline", w8_baseline},
                            {"W8/multi_index", w8_multi_index}};
  const Entry snapshots[] = {
      {"W9save/relata", w9save_relata}, {"W9save/sqlite", w9save_sqlite},
      {"W9save/fwrite", w9save_fwrite}, {"W9save_async/relata", w9save_async_relata},
      {"W9load/relata", w9load_relata}, {"W9load/sqlite", w9load_sqlite},
      {"W9load/fread", w9load_fread},
  };
  // Frames last: the committed ones change prices the queries above read.
  const Entry frames[] = {
      {"W11/relata/rewind", w11_relata<true>},     {"W11/sqlite/rewind", w11_sqlite<true>},
      {"W11/baseline/rewind", w11_baseline<true>}, {"W11/relata/commit", w11_relata<false>},
      {"W11/sqlite/commit", w11_sqlite<false>},    {"W11/baseline/commit", w11_baseline<false>},
  };
  for (std::int64_t n : sizes) {
    for (const Entry& e : loads) {
      auto* b = benchmark::RegisterBenchmark(e.name, e.fn)
                    ->Arg(n)
                    ->ArgName("N")
                    ->Unit(benchmark::kMillisecond);
      b->Iterations(n >= 1'000'000 ? 1 : n >= 100'000 ? 3 : 50);
    }
    for (const Entry& e : memory)
      benchmark::RegisterBenchmark(e.name, e.fn)->Arg(n)->ArgName("N")->Iterations(1);
    for (const Entry& e : queries) benchmark::RegisterBenchmark(e.name, e.fn)->Arg(n)->ArgName("N");
    for (const Entry& e : writes)
      benchmark::RegisterBenchmark(e.name, e.fn)
          ->Arg(n)
          ->ArgName("N")
          ->Unit(benchmark::kMicrosecond);
    for (const Entry& e : destroys)
      benchmark::RegisterBenchmark(e.name, e.fn)
          ->Arg(n)
          ->ArgName("N")
          ->Unit(benchmark::kMicrosecond)
          ->Iterations(n >= 1'000'000 ? 200 : 1000);
    for (const Entry& e : snapshots)
      benchmark::RegisterBenchmark(e.name, e.fn)
          ->Arg(n)
          ->ArgName("N")
          ->Unit(benchmark::kMillisecond)
          ->Iterations(n >= 1'000'000 ? 3
                       : n >= 100'000 ? 10
                                      : 200);
    for (const Entry& e : frames)
      benchmark::RegisterBenchmark(e.name, e.fn)
          ->Arg(n)
          ->ArgName("N")
          ->Unit(benchmark::kMicrosecond);
  }
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios(std::cout);
  benchmark::Shutdown();
  std::filesystem::remove_all(w9_dir());
  if (reporter.failed()) {
    std::cerr << "bench_inventory: a run failed (see the error above)\n";
    return 1;
  }
  return 0;
}
