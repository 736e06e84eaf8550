// Holds: the positions in the undo log that transactions, savepoints and marks may roll
// back to (see store.hpp). Everything here is bookkeeping over the undo log, which every
// statement already writes for its own rollback (all but an update nothing watches, which
// an open hold makes watched: Store::unwatched): a transaction costs nothing more until it
// rolls back, and a mark is one vector push.
#include <algorithm>
#include <atomic>
#include <string>

#include "relata/detail/store.hpp"
#include "relata/error.hpp"

namespace relata::detail {

std::uint64_t Store::open_hold() {
  if (callbacks_ != 0) throw_reentrant();
  // One counter for every Store: a mark or transaction handed to another database than
  // its own names no hold there (misuse), instead of that database's hold of the same id.
  static std::atomic<std::uint64_t> last_id{0};
  holds_.reserve(holds_.size() + 1);
  const std::uint64_t id = last_id.fetch_add(1, std::memory_order_relaxed) + 1;
  holds_.push_back({id, log_.size()});
  return id;
}

std::size_t Store::find_hold(std::uint64_t id) const noexcept {
  auto it = std::lower_bound(holds_.begin(), holds_.end(), id,
                             [](const Hold& h, std::uint64_t i) { return h.id < i; });
  return it != holds_.end() && it->id == id ? static_cast<std::size_t>(it - holds_.begin())
                                            : holds_.size();
}

std::size_t Store::hold_index(std::uint64_t id) const {
  const std::size_t i = find_hold(id);
  if (i == holds_.size())
    throw Error(errc::misuse,
                "misuse: this transaction, savepoint or mark is not open in this database "
                "(committed, released, rolled back past, or another database's)");
  return i;
}

bool Store::hold_open(std::uint64_t id) const noexcept {
  return find_hold(id) != holds_.size();
}

void Store::rollback_to_hold(std::uint64_t id) {
  if (callbacks_ != 0) throw_reentrant();
  const std::size_t i = hold_index(id);
  log_.rollback_to(holds_[i].position);
  holds_.resize(i + 1);
}

void Store::release_hold(std::uint64_t id, bool and_later) {
  const std::size_t i = hold_index(id);
  if (and_later)
    holds_.resize(i);
  else
    holds_.erase(holds_.begin() + static_cast<std::ptrdiff_t>(i));
  trim_log();
  deliver_committed();
}

void Store::trim_log() noexcept {
  if (depth_ != 0) return;  // a running statement still needs its entries
  if (holds_.empty()) {
    commit_front(log_.size());
    return;
  }
  const std::size_t oldest = holds_.front().position;
  if (oldest == 0) return;
  commit_front(oldest);
  for (Hold& h : holds_) h.position -= oldest;
}

}  // namespace relata::detail
