// The peers every relata figure is compared with, on the same inventory(N) rows:
// SQLite :memory: (prepared statements, foreign keys on, an index per foreign key), a
// hand-written baseline (unordered_map per table, child-id vectors per parent, and for W4 a
// child-pointer vector too; no checks), and Boost.MultiIndex used directly: once with the
// indexes relata builds (MultiIndex) and once the naive way, foreign keys as ordered indices
// inside the container (MultiIndexNaive).
//
// Every peer has load(inventory) and rows(), so W1, its teardown and W10 treat them alike.
#pragma once

#include <sqlite3.h>

#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <boost/unordered/unordered_flat_map.hpp>

#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "inventory_data.hpp"

namespace bench {

// ---------------------------------------------------------------- SQLite :memory:

class Sqlite {
 public:
  Sqlite() {
    if (sqlite3_open(":memory:", &db_) != SQLITE_OK) throw std::runtime_error("sqlite3_open");
    exec("PRAGMA foreign_keys=ON");
    exec(R"(CREATE TABLE categories(id INTEGER PRIMARY KEY, name TEXT NOT NULL,
              description TEXT, createdAt INTEGER NOT NULL, updatedAt INTEGER NOT NULL);
            CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT NOT NULL,
              categoryId INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
              price INTEGER NOT NULL, createdAt INTEGER NOT NULL, updatedAt INTEGER NOT NULL);
            CREATE INDEX products_categoryId ON products(categoryId);
            CREATE TABLE orders(id INTEGER PRIMARY KEY, orderNumber TEXT NOT NULL UNIQUE,
              total INTEGER NOT NULL, createdAt INTEGER NOT NULL, updatedAt INTEGER NOT NULL);
            CREATE TABLE order_items(id INTEGER PRIMARY KEY,
              orderId INTEGER REFERENCES orders(id) ON DELETE CASCADE,
              productId INTEGER REFERENCES products(id) ON DELETE CASCADE,
              quantity INTEGER NOT NULL, price INTEGER NOT NULL,
              createdAt INTEGER NOT NULL, updatedAt INTEGER NOT NULL);
            CREATE INDEX order_items_orderId ON order_items(orderId);
            CREATE INDEX order_items_productId ON order_items(productId);)");
  }
  ~Sqlite() { sqlite3_close(db_); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error("sqlite: " + msg);
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db_));
    return s;
  }
  void step_done(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
    sqlite3_reset(s);
  }

  /// W1: every row, inside one transaction.
  void load(const Inventory& inv) {
    exec("BEGIN");
    auto* c = prepare("INSERT INTO categories VALUES(?,?,?,?,?)");
    for (const auto& r : inv.categories) {
      sqlite3_bind_int64(c, 1, r.id);
      sqlite3_bind_text(c, 2, r.name.data(), int(r.name.size()), SQLITE_STATIC);
      if (r.description)
        sqlite3_bind_text(c, 3, r.description->data(), int(r.description->size()), SQLITE_STATIC);
      else
        sqlite3_bind_null(c, 3);
      sqlite3_bind_int64(c, 4, r.createdAt.micros);
      sqlite3_bind_int64(c, 5, r.updatedAt.micros);
      step_done(c);
    }
    auto* p = prepare("INSERT INTO products VALUES(?,?,?,?,?,?)");
    for (const auto& r : inv.products) {
      sqlite3_bind_int64(p, 1, r.id);
      sqlite3_bind_text(p, 2, r.name.data(), int(r.name.size()), SQLITE_STATIC);
      sqlite3_bind_int64(p, 3, r.categoryId);
      sqlite3_bind_int64(p, 4, r.price.units());
      sqlite3_bind_int64(p, 5, r.createdAt.micros);
      sqlite3_bind_int64(p, 6, r.updatedAt.micros);
      step_done(p);
    }
    auto* o = prepare("INSERT INTO orders VALUES(?,?,?,?,?)");
    for (const auto& r : inv.orders) {
      sqlite3_bind_int64(o, 1, r.id);
      sqlite3_bind_text(o, 2, r.orderNumber.data(), int(r.orderNumber.size()), SQLITE_STATIC);
      sqlite3_bind_int64(o, 3, r.total.units());
      sqlite3_bind_int64(o, 4, r.createdAt.micros);
      sqlite3_bind_int64(o, 5, r.updatedAt.micros);
      step_done(o);
    }
    auto* i = prepare("INSERT INTO order_items VALUES(?,?,?,?,?,?,?)");
    for (const auto& r : inv.items) {
      sqlite3_bind_int64(i, 1, r.id);
      sqlite3_bind_int64(i, 2, *r.orderId);
      sqlite3_bind_int64(i, 3, *r.productId);
      sqlite3_bind_int64(i, 4, r.quantity);
      sqlite3_bind_int64(i, 5, r.price.units());
      sqlite3_bind_int64(i, 6, r.createdAt.micros);
      sqlite3_bind_int64(i, 7, r.updatedAt.micros);
      step_done(i);
    }
    for (auto* s : {c, p, o, i}) sqlite3_finalize(s);
    exec("COMMIT");
  }
  /// The rows of all four tables.
  [[nodiscard]] std::size_t rows() {
    std::size_t n = 0;
    for (const char* table : {"categories", "products", "orders", "order_items"}) {
      const std::string sql = std::string("SELECT count(*) FROM ") + table;
      auto* s = prepare(sql.c_str());
      if (sqlite3_step(s) == SQLITE_ROW) n += static_cast<std::size_t>(sqlite3_column_int64(s, 0));
      sqlite3_finalize(s);
    }
    return n;
  }
  sqlite3* handle() const noexcept { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

/// A prepared statement that lives as long as the benchmark.
class Statement {
 public:
  Statement(Sqlite& db, const char* sql) : s_(db.prepare(sql)) {}
  ~Statement() { sqlite3_finalize(s_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const noexcept { return s_; }

 private:
  sqlite3_stmt* s_;
};

// ---------------------------------------------------------------- hand-written baseline

struct Baseline {
  struct CategoryRow {
    inventory::Category row;
    std::vector<std::int64_t> products;
    std::vector<const inventory::Product*> product_rows;  // the same children, by pointer (W4)
  };
  struct ProductRow {
    inventory::Product row;
    std::vector<std::int64_t> items;
  };
  struct OrderRow {
    inventory::Order row;
    std::vector<std::int64_t> items;
  };
  std::unordered_map<std::int64_t, CategoryRow> categories;
  std::unordered_map<std::int64_t, ProductRow> products;
  std::unordered_map<std::int64_t, OrderRow> orders;
  std::unordered_map<std::int64_t, inventory::OrderItem> items;

  void load(const Inventory& inv) {
    categories.reserve(inv.categories.size());
    products.reserve(inv.products.size());
    orders.reserve(inv.orders.size());
    items.reserve(inv.items.size());
    for (const auto& c : inv.categories) categories.emplace(c.id, CategoryRow{c, {}, {}});
    for (const auto& p : inv.products) {
      const auto& row = products.emplace(p.id, ProductRow{p, {}}).first->second.row;
      auto& category = categories.find(p.categoryId)->second;
      category.products.push_back(p.id);
      category.product_rows.push_back(&row);
    }
    for (const auto& o : inv.orders) orders.emplace(o.id, OrderRow{o, {}});
    for (const auto& i : inv.items) {
      items.emplace(i.id, i);
      orders.find(*i.orderId)->second.items.push_back(i.id);
      products.find(*i.productId)->second.items.push_back(i.id);
    }
  }
  [[nodiscard]] std::size_t rows() const {
    return categories.size() + products.size() + orders.size() + items.size();
  }
};

// ---------------------------------------------------------------- Boost.MultiIndex, direct

namespace mi = boost::multi_index;

/// The container relata builds for a table: the primary key hashed (find) and ordered
/// (iteration in key order).
template <class T>
using mi_table = mi::multi_index_container<
    T, mi::indexed_by<mi::hashed_unique<mi::member<T, std::int64_t, &T::id>>,
                      mi::ordered_unique<mi::member<T, std::int64_t, &T::id>>>>;

/// relata's foreign-key index beside the container: per parent key, its children's rows as
/// a contiguous array of pointers in key order.
template <class T>
using mi_children = boost::unordered_flat_map<std::int64_t, std::vector<const T*>>;

/// Boost.MultiIndex used directly with the indexes relata builds (the container above and a
/// child list per foreign key), with no checks and no undo log: the cost of relata's own
/// layers over what it rests on.
struct MultiIndex {
  mi_table<inventory::Category> categories;
  mi_table<inventory::Product> products;
  mi_table<inventory::Order> orders;
  mi_table<inventory::OrderItem> items;
  mi_children<inventory::Product> products_of_category;
  mi_children<inventory::OrderItem> items_of_order, items_of_product;

  void load(const Inventory& inv) {
    for (const auto& c : inv.categories) categories.insert(c);
    for (const auto& p : inv.products)
      products_of_category[p.categoryId].push_back(&*products.insert(p).first);
    for (const auto& o : inv.orders) orders.insert(o);
    for (const auto& i : inv.items) {
      const inventory::OrderItem* row = &*items.insert(i).first;
      items_of_order[*i.orderId].push_back(row);
      items_of_product[*i.productId].push_back(row);
    }
  }
  [[nodiscard]] std::size_t rows() const {
    return categories.size() + products.size() + orders.size() + items.size();
  }
};

/// The naive form: each foreign key an ordered (foreign key, key) index inside the
/// container, so one parent's children come out of equal_range in key order.
template <class T, auto... ForeignKeys>
using mi_naive_table = mi::multi_index_container<
    T,
    mi::indexed_by<
        mi::hashed_unique<mi::member<T, std::int64_t, &T::id>>,
        mi::ordered_unique<mi::member<T, std::int64_t, &T::id>>,
        mi::ordered_unique<mi::composite_key<
            T,
            mi::member<T, typename relata::detail::member_traits<decltype(ForeignKeys)>::value_type,
                       ForeignKeys>,
            mi::member<T, std::int64_t, &T::id>>>...>>;

/// Boost.MultiIndex the naive way: no checks, no undo log, foreign-key indices inside.
struct MultiIndexNaive {
  mi_naive_table<inventory::Category> categories;
  mi_naive_table<inventory::Product, &inventory::Product::categoryId> products;
  mi_naive_table<inventory::Order> orders;
  mi_naive_table<inventory::OrderItem, &inventory::OrderItem::orderId,
                 &inventory::OrderItem::productId>
      items;

  void load(const Inventory& inv) {
    for (const auto& c : inv.categories) categories.insert(c);
    for (const auto& p : inv.products) products.insert(p);
    for (const auto& o : inv.orders) orders.insert(o);
    for (const auto& i : inv.items) items.insert(i);
  }
  [[nodiscard]] std::size_t rows() const {
    return categories.size() + products.size() + orders.size() + items.size();
  }
};

}  // namespace bench
