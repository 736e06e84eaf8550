// Change events: the committed part of the undo log, told to the program's listeners.
//
// Committed entries leave the log at a commit point (a statement's end with no hold open,
// the release of the oldest hold). Without listeners they are freed at once; with
// listeners they wait in committed_ until the statement or release returns, and deliver()
// turns each into (kind, row before, row after). The row after an entry is the row before
// the next change to the same key — in a later committed entry, in the entries still held
// by an open hold, or else the row as it stands — so a scan from the newest entry back
// finds every pair without copying a row.
#include <exception>
#include <unordered_map>

#include "relata/detail/store.hpp"

namespace relata::detail {

std::uint64_t Store::listen(std::size_t slot, ChangeFn f) {
  if (callbacks_ != 0) throw_reentrant();
  listeners_.push_back({++last_listener_, slot, std::move(f)});
  return last_listener_;
}

void Store::unlisten(std::uint64_t id) noexcept {
  if (delivering_) {  // a listener stops one: deliver() skips it and erases it afterwards
    for (Listener& l : listeners_)
      if (l.id == id) l.id = 0;
    return;
  }
  std::erase_if(listeners_, [&](const Listener& l) { return l.id == id; });
}

void Store::commit_front(std::size_t n) noexcept {
  if (n == 0) return;
  if (listeners_.empty()) {
    if (n == log_.size())
      log_.clear();
    else
      log_.drop_front(n);
    return;
  }
  // Keeping the entries may allocate (only when marks are trimmed); running out of memory
  // here terminates, as it would in a rollback.
  log_.move_front(n, committed_);
}

namespace {

struct RowId {
  const TableBase* table;
  std::int64_t key;
  friend bool operator==(const RowId&, const RowId&) = default;
};
struct RowIdHash {
  std::size_t operator()(const RowId& r) const noexcept {
    return std::hash<const void*>{}(r.table) ^ (std::hash<std::int64_t>{}(r.key) * 31);
  }
};

/// The row an entry found before its change, and the key it had then.
const void* state_before(const UndoEntry& e) noexcept {
  return e.table->logged_row(e);  // nullptr for an insert: the key held no row
}
std::int64_t key_before(const UndoEntry& e) noexcept {
  const void* row = e.table->logged_row(e);
  return row ? e.table->row_key(row) : e.key;
}

}  // namespace

void Store::deliver() {
  std::vector<UndoEntry> batch;
  batch.swap(committed_);
  const auto not_a_row = [](const UndoEntry& e) { return e.what == UndoEntry::kind::interned; };
  std::erase_if(batch, not_a_row);  // a text key's code: no listener hears of it
  struct Event {
    change kind;
    const void* before;
    const void* after;
  };
  std::vector<Event> events(batch.size());
  // Each touched row's state at the end of the batch: the state the first later change
  // found, or the row as stored now.
  std::unordered_map<RowId, const void*, RowIdHash> state;
  for (const UndoEntry& e : log_.entries()) {
    if (not_a_row(e)) continue;
    state.try_emplace(RowId{e.table, key_before(e)}, state_before(e));
    if (e.what == UndoEntry::kind::updated) state.try_emplace(RowId{e.table, e.key}, nullptr);
  }
  auto current = [&](const UndoEntry& e) -> const void* {
    auto it = state.find(RowId{e.table, e.key});
    return it != state.end() ? it->second : e.table->find_row(e.key);
  };
  for (std::size_t i = batch.size(); i-- > 0;) {
    const UndoEntry& e = batch[i];
    switch (e.what) {
      case UndoEntry::kind::inserted:
        events[i] = {change::created, nullptr, current(e)};
        break;
      case UndoEntry::kind::updated:
        events[i] = {change::updated, state_before(e), current(e)};
        break;
      case UndoEntry::kind::erased:
        events[i] = {change::destroyed, state_before(e), nullptr};
        break;
      case UndoEntry::kind::interned:
        break;  // erased from the batch above
    }
    // Before this change, its new key held nothing (an insert, a re-key) and its old key
    // held the logged row.
    if (e.what != UndoEntry::kind::erased) state[RowId{e.table, e.key}] = nullptr;
    if (e.what != UndoEntry::kind::inserted) state[RowId{e.table, key_before(e)}] = state_before(e);
  }
  // Listeners may read, not write: the re-entrancy guard is raised while they run, so none
  // is added meanwhile. One stopped by off_change() meanwhile (by itself or another) is
  // marked, not erased, so that the running one stays alive, and hears nothing more. Every
  // listener hears every change; the first exception is rethrown at the end.
  std::exception_ptr first;
  ++callbacks_;
  delivering_ = true;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    for (const Listener& l : listeners_) {
      if (l.id == 0 || by_slot_[l.slot] != batch[i].table) continue;
      try {
        l.fn(events[i].kind, events[i].before, events[i].after);
      } catch (...) {
        if (!first) first = std::current_exception();
      }
    }
  }
  delivering_ = false;
  --callbacks_;
  std::erase_if(listeners_, [](const Listener& l) { return l.id == 0; });
  if (first) std::rethrow_exception(first);
}

}  // namespace relata::detail
