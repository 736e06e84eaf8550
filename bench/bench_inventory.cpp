// Benchmarks on inventory(N): relata beside SQLite :memory:, the hand-written baseline and
// raw Boost.MultiIndex, all measured in this one process. After the runs, a table of ratios
// (peer time / relata time: above 1 means relata is faster) is printed.
//
//   bench_inventory [--n=1000,100000,1000000] [google benchmark flags]
//
// W1  bulk load inventory(N), all constraints checked           rows per second
// W2  product by primary key (random id), read its name          ns per lookup
// W3  product by key with its category (belongs_to include)      ns per query
// W4  category by key with its products (id, name, price), sum   ns per query
// W5  order by key, its items and each item's product, sum q×p   ns per query
// W6  products of a category above a price, by price desc, 10    ns per query
// W7  update one product's price by key (random), each its own statement    ns per update
// W7tx a transaction of 1,000 such updates, committed (W7tx/.../commit) or rolled back
//     (W7tx/.../rollback)                                                   µs per transaction
// W8  destroy a category (random) with ON DELETE CASCADE to its products and their order
//     items; the world is restored between iterations outside timing       µs per destroy
// W9  save inventory(N) to a snapshot file (atomic, fsync'd) and load it back (all indices
//     and checks): W9save / W9load beside SQLite's backup API to a file and back, and
//     beside fwrite / fread of the same bytes (fsync'd); W9save_async is the time
//     save_async holds the caller (the encoding)          MB/s, ns per row
// W11 a simulation frame: mark, update the price of 1% of products (random), rewind
//     (W11/.../rewind), or the same frame kept (W11/.../commit)   ns per frame
//
// "relata" runs the query API (find_by_pk / find_all with include, results as Row trees);
// "relata_lazy" walks the same rows with the lazy accessors (db.get), for comparison.
#include <benchmark/benchmark.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "inventory_data.hpp"
#include "peers.hpp"

namespace {

using namespace inventory;

/// Everything built once per N, outside timing.
struct World {
  bench::Inventory data;
  std::vector<std::int64_t> product_keys;   // random ids, drawn before timing
  std::vector<std::int64_t> category_keys;  // random category ids
  std::vector<std::int64_t> order_keys;     // random order ids
  relata::Database relata;
  bench::Sqlite sqlite;
  bench::Baseline baseline;
  bench::MultiIndex multi_index;
};

void load_relata(relata::Database& db, const bench::Inventory& inv) {
  define_all(db);
  db.bulk_create(inv.categories);
  db.bulk_create(inv.products);
  db.bulk_create(inv.orders);
  db.bulk_create(inv.items);
}

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
    load_relata(w->relata, w->data);
    w->sqlite.load(w->data);
    w->baseline.load(w->data);
    w->multi_index.load(w->data);
  }
  return *w;
}

// ---------------------------------------------------------------- W1

void w1_relata(benchmark::State& state) {
  const auto& data = world(state.range(0)).data;
  for (auto _ : state) {
    relata::Database db;
    load_relata(db, data);
    benchmark::DoNotOptimize(db.count<Product>());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.rows()));
}
void w1_sqlite(benchmark::State& state) {
  const auto& data = world(state.range(0)).data;
  for (auto _ : state) {
    bench::Sqlite db;
    db.load(data);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.rows()));
}
void w1_baseline(benchmark::State& state) {
  const auto& data = world(state.range(0)).data;
  for (auto _ : state) {
    bench::Baseline b;
    b.load(data);
    benchmark::DoNotOptimize(b.products.size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.rows()));
}
void w1_multi_index(benchmark::State& state) {
  const auto& data = world(state.range(0)).data;
  for (auto _ : state) {
    bench::MultiIndex m;
    m.load(data);
    benchmark::DoNotOptimize(m.products.size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.rows()));
}

// ---------------------------------------------------------------- W2

void w2_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t i = 0, sum = 0;
  for (auto _ : state) {
    sum += w.relata.find_by_pk<Product>(w.product_keys[i++ & 0xFFFF])->name.size();
  }
  benchmark::DoNotOptimize(sum);
}
void w2_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  bench::Statement s(w.sqlite, "SELECT name FROM products WHERE id = ?");
  std::size_t i = 0, sum = 0;
  for (auto _ : state) {
    sqlite3_bind_int64(s.get(), 1, w.product_keys[i++ & 0xFFFF]);
    if (sqlite3_step(s.get()) == SQLITE_ROW)
      sum += static_cast<std::size_t>(sqlite3_column_bytes(s.get(), 0));
    sqlite3_reset(s.get());
  }
  benchmark::DoNotOptimize(sum);
}
void w2_baseline(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t i = 0, sum = 0;
  for (auto _ : state) {
    sum += w.baseline.products.find(w.product_keys[i++ & 0xFFFF])->second.row.name.size();
  }
  benchmark::DoNotOptimize(sum);
}
void w2_multi_index(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto& h = w.multi_index.products.get<0>();
  std::size_t i = 0, sum = 0;
  for (auto _ : state) sum += h.find(w.product_keys[i++ & 0xFFFF])->name.size();
  benchmark::DoNotOptimize(sum);
}

// ---------------------------------------------------------------- W3

void w3_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  const relata::Query<Product> q(relata::include(category));
  std::size_t i = 0, sum = 0;
  for (auto _ : state) {
    auto r = w.relata.find_by_pk<Product>(w.product_keys[i++ & 0xFFFF], q);
    sum += r.get(category)->name.size();
  }
  benchmark::DoNotOptimize(sum);
}
void w3_relata_lazy(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t i = 0, sum = 0;
  for (auto _ : state) {
    const Product* p = w.relata.find_by_pk<Product>(w.product_keys[i++ & 0xFFFF]);
    sum += w.relata.get(*p, category)->name.size();
  }
  benchmark::DoNotOptimize(sum);
}
void w3_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  bench::Statement s(w.sqlite,
                     "SELECT p.name, c.id, c.name FROM products p JOIN categories c ON c.id = "
                     "p.categoryId WHERE p.id = ?");
  std::size_t i = 0, sum = 0;
  for (auto _ : state) {
    sqlite3_bind_int64(s.get(), 1, w.product_keys[i++ & 0xFFFF]);
    if (sqlite3_step(s.get()) == SQLITE_ROW)
      sum += static_cast<std::size_t>(sqlite3_column_bytes(s.get(), 2));
    sqlite3_reset(s.get());
  }
  benchmark::DoNotOptimize(sum);
}
void w3_baseline(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t i = 0, sum = 0;
  for (auto _ : state) {
    const auto& p = w.baseline.products.find(w.product_keys[i++ & 0xFFFF])->second.row;
    sum += w.baseline.categories.find(p.categoryId)->second.row.name.size();
  }
  benchmark::DoNotOptimize(sum);
}
void w3_multi_index(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto& products = w.multi_index.products.get<0>();
  const auto& categories = w.multi_index.categories.get<0>();
  std::size_t i = 0, sum = 0;
  for (auto _ : state) {
    const auto& p = *products.find(w.product_keys[i++ & 0xFFFF]);
    sum += categories.find(p.categoryId)->name.size();
  }
  benchmark::DoNotOptimize(sum);
}

// ---------------------------------------------------------------- W4

void w4_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  const relata::Query<Category> q(
      relata::include(products, relata::attributes(&Product::id, &Product::name, &Product::price)));
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    auto c = w.relata.find_by_pk<Category>(w.category_keys[i++ & 0xFFFF], q);
    for (auto p : c.get(products)) sum += p->price.units();
  }
  benchmark::DoNotOptimize(sum);
}
void w4_relata_lazy(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    const Category* c = w.relata.find_by_pk<Category>(w.category_keys[i++ & 0xFFFF]);
    for (const Product& p : w.relata.get(*c, products)) sum += p.price.units();
  }
  benchmark::DoNotOptimize(sum);
}
void w4_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  bench::Statement s(w.sqlite,
                     "SELECT c.id, c.name, p.id, p.name, p.price FROM categories c JOIN products p "
                     "ON p.categoryId = c.id WHERE c.id = ?");
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    sqlite3_bind_int64(s.get(), 1, w.category_keys[i++ & 0xFFFF]);
    while (sqlite3_step(s.get()) == SQLITE_ROW) sum += sqlite3_column_int64(s.get(), 4);
    sqlite3_reset(s.get());
  }
  benchmark::DoNotOptimize(sum);
}
void w4_baseline(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    const auto& c = w.baseline.categories.find(w.category_keys[i++ & 0xFFFF])->second;
    for (std::int64_t id : c.products)
      sum += w.baseline.products.find(id)->second.row.price.units();
  }
  benchmark::DoNotOptimize(sum);
}
void w4_multi_index(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto& categories = w.multi_index.categories.get<0>();
  const auto& by_category = w.multi_index.products.get<2>();
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    const auto& c = *categories.find(w.category_keys[i++ & 0xFFFF]);
    auto [lo, hi] = by_category.equal_range(std::make_tuple(c.id));
    for (; lo != hi; ++lo) sum += lo->price.units();
  }
  benchmark::DoNotOptimize(sum);
}

// ---------------------------------------------------------------- W5

void w5_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  const relata::Query<Order> q(relata::include(items, relata::include(product)));
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    auto o = w.relata.find_by_pk<Order>(w.order_keys[i++ & 0xFFFF], q);
    for (auto item : o.get(items)) sum += item->quantity * item.get(product)->price.units();
  }
  benchmark::DoNotOptimize(sum);
}
void w5_relata_lazy(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    const Order* o = w.relata.find_by_pk<Order>(w.order_keys[i++ & 0xFFFF]);
    for (const OrderItem& item : w.relata.get(*o, items))
      sum += item.quantity * w.relata.get(item, product)->price.units();
  }
  benchmark::DoNotOptimize(sum);
}
void w5_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  bench::Statement s(w.sqlite,
                     "SELECT o.id, oi.quantity, p.id, p.price FROM orders o JOIN order_items oi ON "
                     "oi.orderId = o.id JOIN products p ON p.id = oi.productId WHERE o.id = ?");
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    sqlite3_bind_int64(s.get(), 1, w.order_keys[i++ & 0xFFFF]);
    while (sqlite3_step(s.get()) == SQLITE_ROW)
      sum += sqlite3_column_int64(s.get(), 1) * sqlite3_column_int64(s.get(), 3);
    sqlite3_reset(s.get());
  }
  benchmark::DoNotOptimize(sum);
}
void w5_baseline(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    const auto& o = w.baseline.orders.find(w.order_keys[i++ & 0xFFFF])->second;
    for (std::int64_t id : o.items) {
      const auto& item = w.baseline.items.find(id)->second;
      sum += item.quantity * w.baseline.products.find(*item.productId)->second.row.price.units();
    }
  }
  benchmark::DoNotOptimize(sum);
}
void w5_multi_index(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto& orders = w.multi_index.orders.get<0>();
  const auto& by_order = w.multi_index.items.get<2>();
  const auto& products = w.multi_index.products.get<0>();
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    const auto& o = *orders.find(w.order_keys[i++ & 0xFFFF]);
    auto [lo, hi] = by_order.equal_range(std::make_tuple(std::optional<std::int64_t>(o.id)));
    for (; lo != hi; ++lo) sum += lo->quantity * products.find(*lo->productId)->price.units();
  }
  benchmark::DoNotOptimize(sum);
}

// ---------------------------------------------------------------- W6

const Money kBound("500.00");

void w6_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    auto rows = w.relata.find_all<Product>(
        relata::where(relata::col<&Product::categoryId> == w.category_keys[i++ & 0xFFFF] &&
                      relata::col<&Product::price> > kBound),
        relata::order_by(relata::desc(&Product::price)), relata::limit(10));
    for (auto p : rows) sum += p->id;
  }
  benchmark::DoNotOptimize(sum);
}
void w6_sqlite(benchmark::State& state) {
  auto& w = world(state.range(0));
  bench::Statement s(w.sqlite,
                     "SELECT id, price FROM products WHERE categoryId = ? AND price > ? ORDER BY "
                     "price DESC LIMIT 10");
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    sqlite3_bind_int64(s.get(), 1, w.category_keys[i++ & 0xFFFF]);
    sqlite3_bind_int64(s.get(), 2, kBound.units());
    while (sqlite3_step(s.get()) == SQLITE_ROW) sum += sqlite3_column_int64(s.get(), 0);
    sqlite3_reset(s.get());
  }
  benchmark::DoNotOptimize(sum);
}
/// Keeps the 10 highest-priced of `rows` (price desc, then key), like ORDER BY ... LIMIT 10.
template <class Rows>
std::int64_t top10(Rows& rows) {
  const auto n = std::min<std::size_t>(10, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(),
                    [](const Product* a, const Product* b) {
                      return b->price < a->price || (a->price == b->price && a->id < b->id);
                    });
  std::int64_t sum = 0;
  for (std::size_t k = 0; k < n; ++k) sum += rows[k]->id;
  return sum;
}
void w6_baseline(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t i = 0;
  std::int64_t sum = 0;
  std::vector<const Product*> rows;
  for (auto _ : state) {
    rows.clear();
    const auto& c = w.baseline.categories.find(w.category_keys[i++ & 0xFFFF])->second;
    for (std::int64_t id : c.products) {
      const Product& p = w.baseline.products.find(id)->second.row;
      if (kBound < p.price) rows.push_back(&p);
    }
    sum += top10(rows);
  }
  benchmark::DoNotOptimize(sum);
}
void w6_multi_index(benchmark::State& state) {
  auto& w = world(state.range(0));
  const auto& by_category = w.multi_index.products.get<2>();
  std::size_t i = 0;
  std::int64_t sum = 0;
  std::vector<const Product*> rows;
  for (auto _ : state) {
    rows.clear();
    auto [lo, hi] = by_category.equal_range(std::make_tuple(w.category_keys[i++ & 0xFFFF]));
    for (; lo != hi; ++lo)
      if (kBound < lo->price) rows.push_back(&*lo);
    sum += top10(rows);
  }
  benchmark::DoNotOptimize(sum);
}

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

/// W8 runs against its own copy of the world per peer, restored outside timing.
void w8_relata(benchmark::State& state) {
  auto& w = world(state.range(0));
  std::size_t k = 0, rows = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::size_t before = w.relata.count<Product>() + w.relata.count<OrderItem>();
    const relata::Mark m = w.relata.mark();  // only to put the world back afterwards
    state.ResumeTiming();
    w.relata.destroy<Category>(w.category_keys[k++ & 0xFFFF]);
    state.PauseTiming();
    rows += before - w.relata.count<Product>() - w.relata.count<OrderItem>() + 1;
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
  for (auto _ : state) {
    state.PauseTiming();
    w.sqlite.exec("SAVEPOINT w8");
    state.ResumeTiming();
    sqlite3_bind_int64(destroy.get(), 1, w.category_keys[k++ & 0xFFFF]);
    w.sqlite.step_done(destroy.get());
    state.PauseTiming();
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
    b.categories.emplace(key, std::move(category));
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

/// Prints the usual console output and remembers each run's time per iteration.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs)
      if (!r.error_occurred) times_[r.benchmark_name()] = r.GetAdjustedRealTime();
  }
  /// For every "W/relata/N", the ratio of each "W/peer/N" to it.
  void print_ratios(std::ostream& out) const {
    out << "\nratios (peer time / relata time; > 1: relata faster)\n";
    for (const auto& [name, t] : times_) {
      auto slash = name.find('/');
      auto second = name.find('/', slash + 1);
      if (name.substr(slash + 1, second - slash - 1) != "relata") continue;  // relata_lazy too
      std::string w = name.substr(0, slash), n = name.substr(second + 1);
      out << "  " << w << " " << n << ":";
      for (const char* peer :
           {"relata_lazy", "sqlite", "baseline", "multi_index", "fwrite", "fread"}) {
        auto it = times_.find(w + "/" + peer + "/" + n);
        if (it == times_.end()) continue;
        char buf[64];
        std::snprintf(buf, sizeof buf, "  vs %s %.2fx", peer, it->second / t);
        out << buf;
      }
      out << "\n";
    }
  }

 private:
  std::map<std::string, double> times_;
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
  const Entry w1[] = {{"W1/relata", w1_relata},
                      {"W1/sqlite", w1_sqlite},
                      {"W1/baseline", w1_baseline},
                      {"W1/multi_index", w1_multi_index}};
  const Entry w2[] = {{"W2/relata", w2_relata},
                      {"W2/sqlite", w2_sqlite},
                      {"W2/baseline", w2_baseline},
                      {"W2/multi_index", w2_multi_index}};
  const Entry queries[] = {
      {"W3/relata", w3_relata},           {"W3/relata_lazy", w3_relata_lazy},
      {"W3/sqlite", w3_sqlite},           {"W3/baseline", w3_baseline},
      {"W3/multi_index", w3_multi_index}, {"W4/relata", w4_relata},
      {"W4/relata_lazy", w4_relata_lazy}, {"W4/sqlite", w4_sqlite},
      {"W4/baseline", w4_baseline},       {"W4/multi_index", w4_multi_index},
      {"W5/relata", w5_relata},           {"W5/relata_lazy", w5_relata_lazy},
      {"W5/sqlite", w5_sqlite},           {"W5/baseline", w5_baseline},
      {"W5/multi_index", w5_multi_index}, {"W6/relata", w6_relata},
      {"W6/sqlite", w6_sqlite},           {"W6/baseline", w6_baseline},
      {"W6/multi_index", w6_multi_index},
  };
  const Entry writes[] = {
      {"W7/relata", w7_relata},
      {"W7/sqlite", w7_sqlite},
      {"W7/baseline", w7_baseline},
      {"W7tx/relata/commit", w7tx_relata<true>},
      {"W7tx/sqlite/commit", w7tx_sqlite<true>},
      {"W7tx/baseline/commit", w7tx_baseline<true>},
      {"W7tx/relata/rollback", w7tx_relata<false>},
      {"W7tx/sqlite/rollback", w7tx_sqlite<false>},
      {"W7tx/baseline/rollback", w7tx_baseline<false>},
  };
  const Entry destroys[] = {
      {"W8/relata", w8_relata}, {"W8/sqlite", w8_sqlite}, {"W8/baseline", w8_baseline}};
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
    for (const Entry& e : w1) {
      auto* b = benchmark::RegisterBenchmark(e.name, e.fn)
                    ->Arg(n)
                    ->ArgName("N")
                    ->Unit(benchmark::kMillisecond);
      b->Iterations(n >= 1'000'000 ? 1 : n >= 100'000 ? 3 : 50);
    }
    for (const Entry& e : w2) benchmark::RegisterBenchmark(e.name, e.fn)->Arg(n)->ArgName("N");
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
}
