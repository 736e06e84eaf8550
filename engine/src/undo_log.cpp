// The undo log's replay (newest change first, each reverted by its own table) and the
// blocks of its row copies, reused per thread.
#include "relata/detail/table_base.hpp"

namespace relata::detail {

namespace {

/// The blocks of freed row copies this thread keeps (see RowCopy): a short stack, so a
/// statement's copy reuses the last one's block. Blocks are freed when the thread exits.
class CopyCache {
 public:
  static constexpr std::size_t kBlocks = 8;
  static constexpr std::size_t kMaxBytes = 1024;  // a larger copy always goes to the heap

  CopyCache(const CopyCache&) = delete;
  CopyCache& operator=(const CopyCache&) = delete;

  /// This thread's cache, or nullptr once the thread's exit destroyed it (a copy freed
  /// later, by a static Database, goes to the heap).
  static CopyCache* local() noexcept {
    if (state() == 2) return nullptr;
    thread_local CopyCache cache;
    return &cache;
  }
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
  CopyCache() noexcept { state() = 1; }
  ~CopyCache() {
    release();
    state() = 2;
  }
  /// 0 before this thread's cache exists, 1 while it lives, 2 after (a trivially
  /// destructible flag, readable during the thread's exit).
  static int& state() noexcept {
    thread_local int s = 0;
    return s;
  }
  void* blocks_[kBlocks] = {};
  std::size_t bytes_[kBlocks] = {};
  std::size_t count_ = 0;
};

}  // namespace

void* RowCopy::operator new(std::size_t bytes) {
  if (CopyCache* cache = CopyCache::local())
    if (void* block = cache->take(bytes)) return block;
  return ::operator new(bytes);
}

void RowCopy::operator delete(void* block, std::size_t bytes) noexcept {
  CopyCache* cache = CopyCache::local();
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
  if (CopyCache* cache = CopyCache::local()) cache->release();
}

}  // namespace relata::detail
