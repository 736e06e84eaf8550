// Instructions per operation of W1-W5 and W7 on inventory(N), for bench/instructions.sh,
// which runs this program under callgrind. Unlike a timing, an instruction count does not
// move with the machine's load or with code placement, so it shows what a change to the
// query or update path saves even where a timing cannot. Each path is one non-inlined
// function over the same random keys; the script divides each function's instructions by the
// key count. The hand-written rows are the bench's baseline (std::unordered_map per table,
// child pointers for W4).
#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <random>
#include <unordered_map>

#include "inventory_data.hpp"

namespace {

using namespace inventory;
using Keys = std::vector<std::int64_t>;

struct Hand {  // the hand-written baseline: a hash map per table, child pointers
  std::unordered_map<std::int64_t, Category> categories;
  std::unordered_map<std::int64_t, Product> products;
  std::unordered_map<std::int64_t, Order> orders;
  std::unordered_map<std::int64_t, std::vector<const Product*>> products_of;
  std::unordered_map<std::int64_t, std::vector<const OrderItem*>> items_of;
  std::vector<OrderItem> items;
};

#define PATH __attribute__((noinline)) std::int64_t

// W1: inventory(N) loaded into an empty database (bulk_create, every constraint checked) or
// into the hand-written maps (parent found, child pointer appended, nothing checked). Each
// hands its system back, so the teardown is not counted; the script divides by the row count.
PATH w1_query(std::unique_ptr<relata::Database>& out, const bench::Inventory& inv) {
  out = std::make_unique<relata::Database>();
  define_all(*out);
  out->bulk_create(inv.categories);
  out->bulk_create(inv.products);
  out->bulk_create(inv.orders);
  out->bulk_create(inv.items);
  return static_cast<std::int64_t>(out->count<Category>() + out->count<Product>() +
                                   out->count<Order>() + out->count<OrderItem>());
}
PATH w1_hand(Hand& h, const bench::Inventory& inv) {
  h.categories.reserve(inv.categories.size());
  h.products.reserve(inv.products.size());
  h.orders.reserve(inv.orders.size());
  h.items = inv.items;
  for (const auto& c : inv.categories) {
    h.categories.emplace(c.id, c);
    h.products_of[c.id];
  }
  for (const auto& p : inv.products) {
    const Product& row = h.products.emplace(p.id, p).first->second;
    h.products_of.find(p.categoryId)->second.push_back(&row);
  }
  for (const auto& o : inv.orders) {
    h.orders.emplace(o.id, o);
    h.items_of[o.id];
  }
  for (const auto& i : h.items) h.items_of.find(*i.orderId)->second.push_back(&i);
  return static_cast<std::int64_t>(h.categories.size() + h.products.size() + h.orders.size() +
                                   h.items.size());
}

PATH w2_query(const relata::Database& db, const Keys& keys) {
  std::int64_t sum = 0;
  for (auto k : keys) sum += static_cast<std::int64_t>(db.find_by_pk<Product>(k)->name.size());
  return sum;
}
PATH w2_hand(const Hand& h, const Keys& keys) {
  std::int64_t sum = 0;
  for (auto k : keys) sum += static_cast<std::int64_t>(h.products.find(k)->second.name.size());
  return sum;
}
// W3-W5 through the query API: `query` with a prepared query (relata::prepare, its includes
// typed), `erased` with the same includes in a relata::Query<T> (the type-erased result).
template <class Q>
std::int64_t w3_body(const relata::Database& db, const Q& q, const Keys& keys) {
  std::int64_t sum = 0;
  for (auto k : keys)
    sum += static_cast<std::int64_t>(db.find_by_pk<Product>(k, q).get(category)->name.size());
  return sum;
}
using W3 = decltype(relata::prepare<Product>(relata::include(category)));
PATH w3_query(const relata::Database& db, const W3& q, const Keys& keys) {
  return w3_body(db, q, keys);
}
PATH w3_erased(const relata::Database& db, const relata::Query<Product>& q, const Keys& keys) {
  return w3_body(db, q, keys);
}
PATH w3_lazy(const relata::Database& db, const Keys& keys) {
  std::int64_t sum = 0;
  for (auto k : keys)
    sum += static_cast<std::int64_t>(db.get(*db.find_by_pk<Product>(k), category)->name.size());
  return sum;
}
PATH w3_hand(const Hand& h, const Keys& keys) {
  std::int64_t sum = 0;
  for (auto k : keys) {
    const Product& p = h.products.find(k)->second;
    sum += static_cast<std::int64_t>(h.categories.find(p.categoryId)->second.name.size());
  }
  return sum;
}
template <class Q>
std::int64_t w4_body(const relata::Database& db, const Q& q, const Keys& keys) {
  std::int64_t sum = 0;
  for (auto k : keys) {
    const auto c = db.find_by_pk<Category>(k, q);
    for (auto p : c.get(products)) sum += p->price.units();
  }
  return sum;
}
using W4 = decltype(relata::prepare<Category>(
    relata::include(products, relata::attributes(&Product::id, &Product::name, &Product::price))));
PATH w4_query(const relata::Database& db, const W4& q, const Keys& keys) {
  return w4_body(db, q, keys);
}
PATH w4_erased(const relata::Database& db, const relata::Query<Category>& q, const Keys& keys) {
  return w4_body(db, q, keys);
}
PATH w4_lazy(const relata::Database& db, const Keys& keys) {
  std::int64_t sum = 0;
  for (auto k : keys)
    for (const Product& p : db.get(*db.find_by_pk<Category>(k), products)) sum += p.price.units();
  return sum;
}
PATH w4_hand(const Hand& h, const Keys& keys) {
  std::int64_t sum = 0;
  for (auto k : keys) {
    (void)h.categories.find(k)->second;
    for (const Product* p : h.products_of.find(k)->second) sum += p->price.units();
  }
  return sum;
}
template <class Q>
std::int64_t w5_body(const relata::Database& db, const Q& q, const Keys& keys) {
  std::int64_t sum = 0;
  for (auto k : keys) {
    const auto o = db.find_by_pk<Order>(k, q);
    for (auto item : o.get(items)) sum += item->quantity * item.get(product)->price.units();
  }
  return sum;
}
using W5 = decltype(relata::prepare<Order>(relata::include(items, relata::include(product))));
PATH w5_query(const relata::Database& db, const W5& q, const Keys& keys) {
  return w5_body(db, q, keys);
}
PATH w5_erased(const relata::Database& db, const relata::Query<Order>& q, const Keys& keys) {
  return w5_body(db, q, keys);
}
PATH w5_lazy(const relata::Database& db, const Keys& keys) {
  std::int64_t sum = 0;
  for (auto k : keys)
    for (const OrderItem& item : db.get(*db.find_by_pk<Order>(k), items))
      sum += item.quantity * db.get(item, product)->price.units();
  return sum;
}
PATH w5_hand(const Hand& h, const Keys& keys) {
  std::int64_t sum = 0;
  for (auto k : keys) {
    (void)h.orders.find(k)->second;
    for (const OrderItem* item : h.items_of.find(k)->second)
      sum += item->quantity * h.products.find(*item->productId)->second.price.units();
  }
  return sum;
}

// W7: a product's price (no key changes); W7key: its categoryId (it moves to another
// category's child list; the hand-written path moves its pointer between two vectors). Each
// returns nothing to compare: the tables' contents are compared after the paths run.
Money w7_price(std::int64_t k) {
  return Money::from_units(100 + (k & 1023));
}
PATH w7_query(relata::Database& db, const Keys& keys) {
  std::int64_t k = 0;
  for (auto key : keys) {
    ++k;
    db.update<Product>(key, [&](Product& p) { p.price = w7_price(k); });
  }
  return k;
}
PATH w7_hand(Hand& h, const Keys& keys) {
  std::int64_t k = 0;
  for (auto key : keys) h.products.find(key)->second.price = w7_price(++k);
  return k;
}
PATH w7key_query(relata::Database& db, const Keys& keys, const Keys& to) {
  for (std::size_t i = 0; i < keys.size(); ++i)
    db.update<Product>(keys[i], [&](Product& p) { p.categoryId = to[i]; });
  return 0;
}
PATH w7key_hand(Hand& h, const Keys& keys, const Keys& to) {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    Product& p = h.products.find(keys[i])->second;
    auto& from = h.products_of.find(p.categoryId)->second;
    from.erase(std::find(from.begin(), from.end(), &p));  // a category holds ~100 products
    auto& into = h.products_of.find(to[i])->second;
    into.insert(std::lower_bound(into.begin(), into.end(), &p,
                                 [](auto* a, auto* b) { return a->id < b->id; }),
                &p);
    p.categoryId = to[i];
  }
  return 0;
}

/// The sum of products' prices and categoryIds, and of each category's product ids in order:
/// the same in the database and the hand-written maps after W7, or a path did less.
std::int64_t w7_checksum(const relata::Database& db, const Keys& categories) {
  std::int64_t sum = 0;
  for (const auto& p : db.find_all<Product>()) sum += p->price.units() * 7 + p->categoryId;
  for (auto c : categories) {
    std::int64_t i = 0;
    for (const Product& p : db.get(*db.find_by_pk<Category>(c), products)) sum += ++i * p.id;
  }
  return sum;
}
std::int64_t w7_checksum(const Hand& h, const Keys& categories) {
  std::int64_t sum = 0;
  for (const auto& [id, p] : h.products) sum += p.price.units() * 7 + p.categoryId;
  for (auto c : categories) {
    std::int64_t i = 0;
    for (const Product* p : h.products_of.find(c)->second) sum += ++i * p->id;
  }
  return sum;
}

Keys draw(std::mt19937_64& rng, std::int64_t n, std::size_t count) {
  std::uniform_int_distribution<std::int64_t> key(1, n);
  Keys keys(count);
  for (auto& k : keys) k = key(rng);
  return keys;
}

/// Exits with a message when the paths' answers differ: no path is counted doing less work.
void same(const char* what, std::initializer_list<std::int64_t> answers) {
  if (std::all_of(answers.begin(), answers.end(), [&](auto a) { return a == *answers.begin(); }))
    return;
  std::fprintf(stderr, "%s: the paths' answers differ\n", what);
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t n = argc > 1 ? std::stoll(argv[1]) : 1000;
  const std::size_t count = argc > 2 ? std::stoull(argv[2]) : 100000;
  std::mt19937_64 rng(42);
  const bench::Inventory inv = bench::make_inventory(n, rng);
  std::unique_ptr<relata::Database> loaded;
  Hand h;
  same("W1", {w1_query(loaded, inv), w1_hand(h, inv), static_cast<std::int64_t>(inv.rows())});
  relata::Database& db = *loaded;
  for (auto& [id, list] : h.products_of)  // ids ascend in the input; keep the order explicit
    std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->id < b->id; });

  const Keys product_keys = draw(rng, static_cast<std::int64_t>(inv.products.size()), count);
  const Keys category_keys = draw(rng, static_cast<std::int64_t>(inv.categories.size()), count);
  const Keys order_keys = draw(rng, static_cast<std::int64_t>(inv.orders.size()), count);
  const auto w3 = relata::prepare<Product>(relata::include(category));
  const auto w4 = relata::prepare<Category>(
      relata::include(products, relata::attributes(&Product::id, &Product::name, &Product::price)));
  const auto w5 = relata::prepare<Order>(relata::include(items, relata::include(product)));
  const relata::Query<Product> w3_erased_q{relata::include(category)};
  const relata::Query<Category> w4_erased_q{
      relata::include(products, relata::attributes(&Product::id, &Product::name, &Product::price))};
  const relata::Query<Order> w5_erased_q{relata::include(items, relata::include(product))};

  same("W2", {w2_query(db, product_keys), w2_hand(h, product_keys)});
  same("W3", {w3_query(db, w3, product_keys), w3_erased(db, w3_erased_q, product_keys),
              w3_lazy(db, product_keys), w3_hand(h, product_keys)});
  same("W4", {w4_query(db, w4, category_keys), w4_erased(db, w4_erased_q, category_keys),
              w4_lazy(db, category_keys), w4_hand(h, category_keys)});
  same("W5", {w5_query(db, w5, order_keys), w5_erased(db, w5_erased_q, order_keys),
              w5_lazy(db, order_keys), w5_hand(h, order_keys)});
  // The writes last: they change what the reads above sum.
  same("W7", {w7_query(db, product_keys), w7_hand(h, product_keys)});
  same("W7key",
       {w7key_query(db, product_keys, category_keys), w7key_hand(h, product_keys, category_keys)});
  same("W7 tables", {w7_checksum(db, category_keys), w7_checksum(h, category_keys)});
  std::printf("%zu keys per path, %zu rows loaded\n", count, inv.rows());
}
