// Internal: the undo log — every change a statement makes, in order, so that a failure
// anywhere rolls the statement back by replaying it in reverse.
//
// Entries hold what undoing needs and nothing more: an inserted row's key; an erased row's
// extracted node (re-inserting it restores the row at its old address); an updated row's
// previous value (swapped back in place). Each entry also holds the table's auto-increment
// counter from before the change. A text key's new code has its own entry, so that a
// failed statement takes the code back. Tables write entries (table.hpp); the Store decides when
// the log is cleared (a statement's end) or replayed (its failure).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "relata/timestamp.hpp"

namespace relata::detail {

class TableBase;

/// A copy of a row kept by the undo log. Every update makes one and its statement's end
/// frees it, so a few freed blocks are kept per thread and the next copy of the same size
/// takes one instead of a malloc / free pair (undo_log.cpp).
struct RowCopy {
  virtual ~RowCopy() = default;
  static void* operator new(std::size_t bytes);                          ///< a kept block or new
  static void operator delete(void* block, std::size_t bytes) noexcept;  ///< kept or freed
};
/// Frees the blocks this thread keeps for row copies, so that the next copies allocate (the
/// failure-injection tests reach every allocation a statement can make this way).
void release_row_copies() noexcept;

/// One undoable change.
struct UndoEntry {
  /// interned: a text key was given code `key` by the dictionary of column
  /// `previous_next_id` of `table`; undoing it takes the code back. Not a change of a row.
  enum class kind : std::uint8_t { inserted, erased, updated, interned };
  TableBase* table;
  kind what;
  bool previous_exhausted;        // whether every auto-increment id was taken before it
  std::int64_t key;               // the row's key after the change (inserted, updated)
  std::int64_t previous_next_id;  // the auto-increment counter before the change
  std::unique_ptr<RowCopy> row;   // erased: the extracted node; updated: the row before
  /// inserted, updated: the stored row (rows never move, and an undone erase puts its node
  /// back at its address), so a rollback reaches it without a key lookup, which for a
  /// composite key could allocate.
  const void* stored = nullptr;
};

/// The log of changes since the last commit point; rolling back replays it in reverse.
/// Contract: push() never throws once reserve_one() succeeded; rollback never throws.
class UndoLog {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  /// Makes room for one more entry, growing geometrically (a bulk insert stays linear).
  void reserve_one() {
    if (entries_.size() == entries_.capacity())
      entries_.reserve(entries_.capacity() < 16 ? 16 : entries_.capacity() * 2);
  }
  /// Makes room for `n` more entries at once (a bulk statement that knows its row count).
  void reserve(std::size_t n) {
    if (entries_.capacity() - entries_.size() < n) entries_.reserve(entries_.size() + n);
  }
  void push(UndoEntry e) noexcept { entries_.push_back(std::move(e)); }
  void rollback_to(std::size_t mark) noexcept;
  void clear() noexcept { entries_.clear(); }
  /// Forgets the oldest `n` entries (committed: nothing will roll back to them).
  void drop_front(std::size_t n) noexcept {
    entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(n));
  }
  /// Moves the oldest `n` entries (committed) to the end of `out`, for change events.
  void move_front(std::size_t n, std::vector<UndoEntry>& out) {
    if (out.empty() && n == entries_.size()) {
      out.swap(entries_);
      return;
    }
    out.reserve(out.size() + n);
    std::move(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(n),
              std::back_inserter(out));
    drop_front(n);
  }
  /// The entries, oldest first.
  [[nodiscard]] const std::vector<UndoEntry>& entries() const noexcept { return entries_; }

 private:
  std::vector<UndoEntry> entries_;
};

/// What a statement lends the tables it writes: the undo log, the clock, and the count of
/// program callbacks (mutators, validators, the clock) running right now. Store::statement
/// refuses to start while that count is not zero: a callback that writes to the database
/// would change rows under the statement that called it.
struct WriteContext {
  UndoLog& log;
  const Clock& clock;
  std::size_t& callbacks;
  /// A statement of many rows (bulk create, update by where) reads the clock once: its
  /// first now() keeps the time here and the others return it, as SQL's CURRENT_TIMESTAMP
  /// is one per statement. nullptr reads the clock on every call.
  std::optional<Timestamp>* statement_time = nullptr;
  /// The statement is this one write, and nothing reads its undo entry once it succeeds: no
  /// transaction, savepoint or mark is open and no listener waits for its changes
  /// (Store::unwatched). An update that nothing after it can undo then writes in place
  /// without an entry (Table::update).
  bool sole = false;

  /// Runs program code `f` with the re-entrancy guard raised.
  template <class F>
  decltype(auto) callback(F&& f) {
    struct lower {
      std::size_t& n;
      ~lower() { --n; }
    };
    ++callbacks;
    lower guard{callbacks};
    return std::forward<F>(f)();
  }
  /// The clock's time, read as a callback (once per statement with statement_time).
  Timestamp now() {
    if (!statement_time) return callback(clock);
    if (!*statement_time) *statement_time = callback(clock);
    return **statement_time;
  }
};

}  // namespace relata::detail
