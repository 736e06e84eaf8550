// The undo log's replay (newest change first, each reverted by its own table) and the
// blocks of its row copies, reused per thread.
#include "relata/detail/per_thread.hpp"
#include "relata/detail/table_base.hpp"

namespace relata::detail {

namespace {

/// The blocks of freed row copies a thread keeps (see RowCopy), held by
/// PerThread<CopyCache>: a short stack, so a statement's copy reuses the last one's block.
/// Blocks are freed when the thread exits.
class CopyCache {
 public:
  static constexpr std::size_t kBlocks = 8;
  static constexpr std::size_t kMaxBytes = 1024;  // a larger copy always goes to the heap

  CopyCache() = default;
  CopyCache(const CopyCache&) = delete;
  CopyCache& operator=(const CopyCache&) = delete;
  ~CopyCache() { release(); }

  void* take(std::size_t bytes) noexcept {
    for (std::size_t i = count_; i-- > 0;) {
      if (bytes_[i] != bytes) continue;
      void* block = blocks_[i];
      --count_;
      blocks_[i] = blocks_[count_];
      bytes_[i] = bytes_[count_];
      return block;
    }
    return nullptr;
  }
  void release() noexcept {
    for (std::size_t i = 0; i < count_; ++i) ::operator delete(blocks_[i]);
    count_ = 0;
  }
  bool keep(void* block, std::size_t bytes) noexcept {
    if (count_ == kBlocks || bytes > kMaxBytes) return false;
    blocks_[count_] = block;
    bytes_[count_] = bytes;
    ++count_;
    return true;
  }

 private:
  void* blocks_[kBlocks] = {};
  std::size_t bytes_[kBlocks] = {};
  std::size_t count_ = 0;
};

}  // namespace

void* RowCopy::operator new(std::size_t bytes) {
  if (CopyCache* cache = PerThread<CopyCache>::get())
    if (void* block = cache->take(bytes)) return block;
  return ::operator new(bytes);
}

void RowCopy::operator delete(void* block, std::size_t bytes) noexcept {
  CopyCache* cache = PerThread<CopyCache>::get();
  if (!cache || !cache->keep(block, bytes)) ::operator delete(block);
}

void UndoLog::rollback_to(std::size_t mark) noexcept {
  while (entries_.size() > mark) {
    UndoEntry& e = entries_.back();
    e.table->undo(e);
    entries_.pop_back();
  }
}

void release_row_copies() noexcept {
  if (CopyCache* cache = PerThread<CopyCache>::get()) cache->release();
}

}  // namespace relata::detail
