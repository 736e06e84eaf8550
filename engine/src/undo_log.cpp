// The undo log's replay: newest change first, each reverted by its own table.
#include "relata/detail/table_base.hpp"

namespace relata::detail {

void UndoLog::rollback_to(std::size_t mark) noexcept {
  while (entries_.size() > mark) {
    UndoEntry& e = entries_.back();
    e.table->undo(e);
    entries_.pop_back();
  }
}

}  // namespace relata::detail
