// Benchmarks on inventory(N): relata beside SQLite :memory:, the hand-written baseline and
// raw Boost.MultiIndex, all measured in this one process. After the runs, a table of ratios
// (peer time / relata time: above 1 means relata is faster) is printed.
//
//   bench_inventory [--n=1000,100000,1000000] [google benchmark flags]
//
// W1  bulk load inventory(N), all constraints checked           rows per second
// W2  product by primary key (random id), read its name          ns per lookup
#include <benchmark/benchmark.h>

#include <cstring>
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
  std::vector<std::int64_t> product_keys;  // random ids for W2, drawn before timing
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
    w->product_keys.resize(1 << 16);
    for (auto& k : w->product_keys) k = product(rng);
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
    if (sqlite3_step(s.get()) == SQLITE_ROW) sum += static_cast<std::size_t>(sqlite3_column_bytes(s.get(), 0));
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
  const auto& h = w.multi_index.products.get<relata::detail::by_hash>();
  std::size_t i = 0, sum = 0;
  for (auto _ : state) sum += h.find(w.product_keys[i++ & 0xFFFF])->name.size();
  benchmark::DoNotOptimize(sum);
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
      if (name.substr(slash + 1, second - slash - 1) != "relata") continue;
      std::string w = name.substr(0, slash), n = name.substr(second + 1);
      out << "  " << w << " " << n.substr(0, n.find('/')) << ":";
      for (const char* peer : {"sqlite", "baseline", "multi_index"}) {
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
  for (std::int64_t n : sizes) {
    for (const Entry& e : w1) {
      auto* b = benchmark::RegisterBenchmark(e.name, e.fn)->Arg(n)->ArgName("N")->Unit(
          benchmark::kMillisecond);
      b->Iterations(n >= 1'000'000 ? 1 : n >= 100'000 ? 3 : 50);
    }
    for (const Entry& e : w2) benchmark::RegisterBenchmark(e.name, e.fn)->Arg(n)->ArgName("N");
  }
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios(std::cout);
  benchmark::Shutdown();
}
