// relata/transaction.hpp — transactions, savepoints and marks.
//
// Contract:
// - A Transaction groups statements: commit() keeps them, rollback() undoes them all, and a
//   Transaction destroyed while still open rolls back (RAII). Database::transaction(f)
//   commits when f returns and rolls back and rethrows when f throws.
// - Rollback restores everything exactly — rows, every index, auto-increment counters,
//   timestamps — and rows that existed before come back at their old addresses: a rollback
//   invalidates no reference to a row that existed when the transaction began (rows created
//   inside it are gone, as are references to them).
// - A statement that fails inside a transaction undoes only itself; the transaction goes on
//   (SQLite's statement journal, PostgreSQL with a savepoint per statement).
// - Savepoints nest: rollback_to(sp) undoes what followed sp and keeps sp; savepoints taken
//   after sp are gone. release(sp) forgets sp, keeping its changes.
// - Marks are savepoints for games: db.mark() / db.rewind(m) / db.release(m), no I/O, one
//   vector push per mark; the undo log keeps every change since the oldest open mark, so
//   release marks you will not rewind to (keep the last K frames). Rewinding to an old
//   mark drops the marks taken after it.
// - Reads inside a transaction see its writes. There is no isolation between threads
//   beyond the Database's single-writer rule. A Transaction follows its Database across a
//   move; once the Database is destroyed or replaced by a move assignment, using the
//   transaction throws errc::misuse.
// - Errors: using a committed, released or rolled-past transaction, savepoint or mark
//   throws relata::Error (errc::misuse); so does opening or rolling back one from inside a
//   statement's callback.
#pragma once

#include <cstdint>
#include <memory>

#include "relata/detail/store.hpp"
#include "relata/error.hpp"

namespace relata {

/// A point inside a Transaction to roll back to (see Transaction::savepoint).
struct Savepoint {
  std::uint64_t id = 0;  ///< the hold in the database's undo log
};

/// A point in a database's history to rewind to (see Database::mark).
struct Mark {
  std::uint64_t id = 0;  ///< the hold in the database's undo log
};

/// An open transaction of a Database; see the contract above. Move-only.
class Transaction {
 public:
  /// Opens a transaction on `store` (Database::begin is the way in).
  explicit Transaction(detail::Store& store) : id_(store.open_hold()), store_(store.anchor()) {}
  Transaction(Transaction&& other) noexcept = default;  ///< the moved-from one is inactive
  Transaction& operator=(Transaction&&) = delete;       ///< deleted on purpose: one scope each
  Transaction(const Transaction&) = delete;             ///< deleted on purpose: one owner
  Transaction& operator=(const Transaction&) = delete;  ///< deleted on purpose
  /// Rolls back when still open.
  ~Transaction() {
    if (!active()) return;
    try {
      store()->rollback_to_hold(id_);
      store()->release_hold(id_, true);
    } catch (...) {  // only misuse can throw here (a destructor inside a callback): keep going
    }
  }

  /// True until commit() or rollback().
  [[nodiscard]] bool active() const noexcept { return store() && store()->hold_open(id_); }
  /// Keeps every change of the transaction (and releases its savepoints).
  void commit() {
    require_open();
    store()->release_hold(id_, true);
    store_.reset();
  }
  /// Undoes every change of the transaction.
  void rollback() {
    require_open();
    store()->rollback_to_hold(id_);
    store()->release_hold(id_, true);
    store_.reset();
  }
  /// A savepoint at this point of the transaction.
  [[nodiscard]] Savepoint savepoint() {
    require_open();
    return {store()->open_hold()};
  }
  /// Undoes what followed `sp`; `sp` stays, later savepoints are gone.
  void rollback_to(const Savepoint& sp) {
    require_open();
    store()->rollback_to_hold(sp.id);
  }
  /// Forgets `sp` (and the savepoints taken after it), keeping their changes.
  void release(const Savepoint& sp) {
    require_open();
    store()->release_hold(sp.id, true);
  }

 private:
  void require_open() const {
    if (store_ && !*store_)
      throw Error(errc::misuse, "misuse: this transaction's database was destroyed or replaced");
    if (!active())
      throw Error(errc::misuse, "misuse: this transaction was already committed or rolled back");
  }
  /// The database's store, wherever a move of the database put it; nullptr once this
  /// transaction ended, or its database is gone.
  [[nodiscard]] detail::Store* store() const noexcept { return store_ ? *store_ : nullptr; }

  std::uint64_t id_;
  std::shared_ptr<detail::Store*> store_;  // Store::anchor()
};

}  // namespace relata
