// Internal: the Store owns every table of a database, the undo log and the clock, and runs
// the compiled machinery that spans tables: definition (resolving references), referential
// actions on delete (referential.cpp), statement-level rollback and integrity checks.
//
// This header is erased: it knows tables only through TableBase, so compiled code that
// includes it parses no Boost.MultiIndex. The typed ways in (a model's Table<T>) are in
// typed_store.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

#include "relata/change.hpp"
#include "relata/detail/table_base.hpp"
#include "relata/timestamp.hpp"

namespace relata::detail {

/// A small dense number for each model type, assigned on first use.
std::size_t next_type_slot() noexcept;
template <class T>
std::size_t type_slot() noexcept {
  static const std::size_t slot = next_type_slot();
  return slot;
}

class Store {
 public:
  Store();
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  /// Adds a table for the model of type slot `slot`; throws SchemaError if that model or
  /// the table's name is defined, or a table it references is not.
  void add(std::unique_ptr<TableBase> table, std::size_t slot);
  /// The table of type slot `slot`, or nullptr.
  [[nodiscard]] const TableBase* table_at(std::size_t slot) const noexcept {
    return slot < by_slot_.size() ? by_slot_[slot] : nullptr;
  }
  /// The table of type slot `slot` for writing, or nullptr (the typed façade's way in).
  [[nodiscard]] TableBase* writable_table_at(std::size_t slot) const noexcept {
    return slot < by_slot_.size() ? by_slot_[slot] : nullptr;
  }
  /// Throws SchemaError: the model of table `table` is not defined.
  [[noreturn]] static void throw_undefined(std::string_view table);
  /// Tables in definition order.
  [[nodiscard]] const std::vector<TableBase*>& tables() const noexcept { return order_; }
  /// The table named `name`, or nullptr.
  [[nodiscard]] TableBase* table_named(std::string_view name) const noexcept;

  /// Deletes row `key` of `table` with the referential actions of every reference to it.
  void destroy(TableBase& table, std::int64_t key);

  /// Runs f as one statement: if it throws, every change it logged is undone. Statements
  /// nest (a mixin runs updates and destroys inside its own statement): only the outermost
  /// one commits.
  ///
  /// Refused (relata::Error, errc::misuse) while a program callback of a running statement
  /// runs: a mutator, validator or clock that writes would change rows under its caller.
  template <class F>
  decltype(auto) statement(F&& f) {
    if (callbacks_ != 0) throw_reentrant();
    const std::size_t mark = log_.size();
    ++depth_;
    bool settled = false;  // committed: a listener's exception must not roll anything back
    try {
      if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
        f();
        settle();
        settled = true;
        deliver_committed();
      } else {
        decltype(auto) r = f();
        settle();
        settled = true;
        deliver_committed();
        return r;
      }
    } catch (...) {
      if (!settled) {
        --depth_;
        log_.rollback_to(mark);
      }
      throw;
    }
  }

  // ---- change events (changes.cpp): listeners of a model's committed changes

  /// What a listener receives: the kind of change and the row before and after it.
  using ChangeFn = std::function<void(change, const void* before, const void* after)>;
  /// Adds a listener for the table of type slot `slot`; returns its id.
  [[nodiscard]] std::uint64_t listen(std::size_t slot, ChangeFn f);
  /// Removes listener `id` (no-op when unknown).
  void unlisten(std::uint64_t id) noexcept;

  // ---- holds: transactions, savepoints and marks (transaction.cpp)
  //
  // A hold is a position in the undo log that the program may still roll back to. While any
  // hold is open the log is kept past the end of each statement; rolling back to a hold
  // replays the log down to its position and drops the holds opened after it (they point
  // into undone history); releasing a hold forgets it, and once no hold is left the log is
  // cleared (everything is committed). Ids are never reused, in any Store of the process,
  // so a stale id, or one of another database, is detected.

  /// Opens a hold at the log's current end and returns its id. Refused (errc::misuse)
  /// inside a statement's callback.
  [[nodiscard]] std::uint64_t open_hold();
  /// Undoes every change made since hold `id` was opened, keeps that hold and drops the
  /// holds opened after it. Throws errc::misuse when `id` is not open.
  void rollback_to_hold(std::uint64_t id);
  /// Forgets hold `id` (its changes stay); with `and_later`, also every hold opened after
  /// it (a transaction's own savepoints at commit). Throws errc::misuse when not open.
  void release_hold(std::uint64_t id, bool and_later);
  /// True when hold `id` is open.
  [[nodiscard]] bool hold_open(std::uint64_t id) const noexcept;

  // ---- snapshots (snapshot.cpp)

  /// A store with an empty table for each of this store's models, in the same order and
  /// type slots, and the same clock: what a load decodes into.
  [[nodiscard]] Store fresh() const;
  /// Takes `fresh`'s tables in place of this store's (a load that passed every check).
  /// Requires quiet().
  void replace_tables(Store&& fresh) noexcept;
  /// How many times this store's tables were replaced (a load, a move assignment): a
  /// db.get() range compares it before it reads its list, which a replacement freed.
  [[nodiscard]] const std::uint64_t& replacements() const noexcept { return replacements_; }
  /// Throws errc::misuse unless no statement, callback, transaction, savepoint or mark is
  /// running: `what` names the operation refused.
  void require_quiet(std::string_view what) const;

  /// The cell a Transaction finds this store through: a move of the store (of its
  /// Database) points it at the new one; a store destroyed, or replaced by a move
  /// assignment, sets it to nullptr. Made on first use.
  [[nodiscard]] std::shared_ptr<Store*> anchor();

  /// Throws errc::misuse while a statement runs (from one of its callbacks): its rows are
  /// half written. `what` names the operation refused.
  void require_outside_statement(std::string_view what) const;

  [[nodiscard]] UndoLog& log() noexcept { return log_; }
  [[nodiscard]] const Clock& clock() const noexcept { return clock_; }
  void set_clock(Clock c) {
    if (callbacks_ != 0) throw_reentrant();
    clock_ = std::move(c);
  }
  /// True inside the outermost statement when nothing will read its undo log after it
  /// succeeds: no transaction, savepoint or mark is open and no listener waits (see
  /// WriteContext::sole).
  [[nodiscard]] bool unwatched() const noexcept {
    return depth_ == 1 && holds_.empty() && listeners_.empty();
  }
  /// What the tables of a running statement write with.
  [[nodiscard]] WriteContext context() noexcept { return {log_, clock_, callbacks_}; }
  /// Turns the access counters of every table, present and future, on or off.
  void track_stats(bool on) noexcept;
  /// Every broken invariant of every table, one sentence each (empty when sound).
  [[nodiscard]] std::vector<std::string> check() const;

 private:
  [[noreturn]] static void throw_reentrant();
  void settle() noexcept {
    if (--depth_ == 0 && holds_.empty()) commit_front(log_.size());
  }
  /// Forgets the oldest `n` log entries, which are committed; with listeners, keeps them in
  /// committed_ until deliver() has told the listeners.
  void commit_front(std::size_t n) noexcept;
  /// Tells the listeners about committed_ (when any), in order, then frees it.
  void deliver_committed() {
    if (!committed_.empty()) deliver();
  }
  void deliver();
  /// The index of hold `id` in holds_, or holds_.size() when it is not open.
  std::size_t find_hold(std::uint64_t id) const noexcept;
  /// The index of hold `id` in holds_; throws errc::misuse when it is not open.
  std::size_t hold_index(std::uint64_t id) const;
  /// Drops the log entries no open hold can reach any more (those before the oldest).
  void trim_log() noexcept;

  struct Hold {
    std::uint64_t id;
    std::size_t position;  // the log's size when the hold was opened
  };

  std::vector<std::unique_ptr<TableBase>> owned_;
  std::vector<TableBase*> by_slot_;
  std::vector<TableBase*> order_;
  UndoLog log_;
  Clock clock_;
  std::size_t depth_ = 0;
  std::size_t callbacks_ = 0;  // program callbacks running inside the current statement
  bool track_stats_ = false;
  std::vector<Hold> holds_;  // open holds, oldest first (positions and ids ascending)

  struct Listener {
    std::uint64_t id;
    std::size_t slot;
    ChangeFn fn;
  };
  std::vector<Listener> listeners_;  // id 0: stopped while deliver() runs
  std::uint64_t last_listener_ = 0;
  bool delivering_ = false;           // deliver() is calling listeners_
  std::vector<UndoEntry> committed_;  // committed entries the listeners have not seen yet
  std::shared_ptr<Store*> anchor_;    // see anchor(); nullptr until a Transaction asks
  std::uint64_t replacements_ = 0;    // see replacements()
};

}  // namespace relata::detail
