// relata/database.hpp — the Database: defined models, their rows, and the statements on them.
//
// Contract:
// - Ownership: a Database owns its tables and rows. Pointers and references it returns
//   point into storage: they stay valid until that row is destroyed or updated, or the
//   Database is destroyed or moved from; they never dangle silently into another row.
// - Atomicity: every write is one statement. It checks every constraint before it changes
//   anything and throws a typed relata::Error on failure; a statement that throws (a
//   cascade, or the 50th row of a bulk_create, included) leaves the database exactly as it
//   was, auto-increment counters included.
// - Order: whole-table reads return rows in primary-key order.
// - Threads: not internally locked, like a standard container: any number of concurrent
//   readers (const members), or one writer and no reader.
// - Complexity: find_by_pk is one hash lookup; create/update are O(log n) per index;
//   destroy is one index lookup per referencing table per deleted row.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "relata/detail/store.hpp"
#include "relata/schema.hpp"
#include "relata/timestamp.hpp"

namespace relata {

/// The primary-key type of model T.
template <class T>
using key_t = typename detail::model_info<T>::key_type;

/// An in-memory relational database of models declared with relata::model<T>.
class Database {
 public:
  /// An empty database with no tables, whose clock is the system clock.
  Database();
  ~Database();
  Database(Database&&) noexcept;             ///< moves every table; the source is left empty
  Database& operator=(Database&&) noexcept;  ///< moves every table; the source is left empty
  Database(const Database&) = delete;        ///< deleted on purpose: copying a world is explicit
  Database& operator=(const Database&) = delete;  ///< deleted on purpose

  /// Creates T's table (like sequelize.define). Tables a model references must be defined
  /// first; throws SchemaError when T or its table name is already defined.
  template <class T>
  void define() {
    store_.define<T>();
  }
  /// True when T's table is defined.
  template <class T>
  [[nodiscard]] bool defined() const noexcept {
    return store_.find<T>() != nullptr;
  }

  /// Inserts a row and returns it as stored. A primary key of 0 on an auto_increment column
  /// gets the next id; an explicit free id is kept. Sets created_at/updated_at and defaults.
  template <class T>
  const T& create(T row) {
    auto& table = store_.get<T>();
    return store_.statement(
        [&]() -> const T& { return table.insert(std::move(row), store_.clock(), store_.log()); });
  }
  /// Inserts all rows or none; returns the stored rows in the order given.
  template <class T>
  std::vector<const T*> bulk_create(std::vector<T> rows) {
    auto& table = store_.get<T>();
    return store_.statement([&] {
      std::vector<const T*> out;
      out.reserve(rows.size());
      for (T& r : rows) out.push_back(&table.insert(std::move(r), store_.clock(), store_.log()));
      return out;
    });
  }
  /// The row with primary key `key`, or nullptr.
  template <class T>
  [[nodiscard]] const T* find_by_pk(key_t<T> key) const {
    return store_.get<T>().find(key);
  }
  /// Every row of T, in primary-key order.
  template <class T>
  [[nodiscard]] std::vector<const T*> find_all() const {
    const auto& rows = store_.get<T>().rows().template get<detail::by_key>();
    std::vector<const T*> out;
    out.reserve(rows.size());
    for (const T& r : rows) out.push_back(&r);
    return out;
  }
  /// The number of rows of T.
  template <class T>
  [[nodiscard]] std::size_t count() const {
    return store_.get<T>().size();
  }
  /// Applies `mutate(T&)` to a copy of row `key`, checks it and stores it (updated_at set).
  /// Changing the primary key re-indexes the row; it is refused while other rows reference
  /// the old key. Throws NotFoundError when no row has `key`.
  template <class T, class F>
  const T& update(key_t<T> key, F&& mutate) {
    auto& table = store_.get<T>();
    return store_.statement([&]() -> const T& {
      return table.update(key, std::forward<F>(mutate), store_.clock(), store_.log());
    });
  }
  /// Deletes row `key` and applies each reference's ON DELETE action (cascade, set null,
  /// restrict) in the same statement. Throws NotFoundError when no row has `key`.
  template <class T>
  void destroy(key_t<T> key) {
    store_.destroy(store_.get<T>(), static_cast<std::int64_t>(key));
  }

  /// Replaces the clock that stamps created_at / updated_at.
  void set_clock(Clock clock);
  /// The current time of the database's clock.
  [[nodiscard]] Timestamp now() const;

  /// The engine under this database (for relata's own layers; not a stable API).
  [[nodiscard]] const detail::Store& store() const noexcept { return store_; }

 private:
  detail::Store store_;
};

}  // namespace relata
