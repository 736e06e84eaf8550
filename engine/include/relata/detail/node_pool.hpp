// Internal: the memory of a table's rows — one pool of equal-sized blocks per table.
//
// Every row lives in a node of its table's multi_index_container, one heap block each. A
// general-purpose malloc pays for that block's size class, its header and its bookkeeping on
// every insert and erase; a bulk load of a million rows spends a fifth of its time there.
// The table's nodes all have one size, so the table keeps them in slabs of its own: a new
// node is the head of a free list or the next slot of the newest slab, an erased node goes
// back on the free list. Slabs grow geometrically (4 KiB up to 256 KiB) and are freed with
// the table; a table that shrinks keeps its slabs for the rows to come, as a database file
// keeps its pages.
//
// Rows still never move: a slot is handed out once and is not reused before its node is
// freed. Under AddressSanitizer a free slot is poisoned, so a use after erase is still
// reported. One writer at a time (the database's rule): readers never allocate nodes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define RELATA_DETAIL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RELATA_DETAIL_ASAN 1
#endif
#endif
#ifdef RELATA_DETAIL_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace relata::detail {

/// Equal-sized blocks for one table's nodes. The block size is that of the first single
/// object asked for (the container's node); pool_allocator sends any other request to the
/// heap. Contract: outlives every block it handed out; not thread-safe (one writer).
class NodePool {
 public:
  NodePool() = default;
  NodePool(const NodePool&) = delete;
  NodePool& operator=(const NodePool&) = delete;
  ~NodePool();

  /// True when blocks of `bytes` and `align` come from this pool (fixing its block size on
  /// the first call).
  [[nodiscard]] bool serves(std::size_t bytes, std::size_t align) noexcept {
    if (slot_ == 0 && bytes >= sizeof(void*) && align <= alignof(std::max_align_t))
      slot_ = (bytes + alignof(std::max_align_t) - 1) / alignof(std::max_align_t) *
              alignof(std::max_align_t);
    return bytes <= slot_ && bytes + alignof(std::max_align_t) > slot_ &&
           align <= alignof(std::max_align_t);
  }
  /// A free block of the pool's size; throws std::bad_alloc when no slab can be had.
  [[nodiscard]] void* allocate() {
    if (free_) return pop();
    if (next_ == end_) grow();
    void* p = next_;
    next_ += slot_;
    unpoison(p);
    return p;
  }
  /// Gives block `p` (from allocate()) back.
  void deallocate(void* p) noexcept {
    *static_cast<void**>(p) = free_;
    free_ = p;
    poison(p);
  }

 private:
  void* pop() noexcept {
    void* p = free_;
    unpoison(p);
    free_ = *static_cast<void**>(p);
    return p;
  }
  void grow();  ///< a new slab, twice the last one's size up to a cap
  /// Marks free block `p` unreadable, so that AddressSanitizer reports a use after erase.
  void poison([[maybe_unused]] void* p) const noexcept {
#ifdef RELATA_DETAIL_ASAN
    ASAN_POISON_MEMORY_REGION(p, slot_);
#endif
  }
  void unpoison([[maybe_unused]] void* p) const noexcept {
#ifdef RELATA_DETAIL_ASAN
    ASAN_UNPOISON_MEMORY_REGION(p, slot_);
#endif
  }

  std::size_t slot_ = 0;       // block size; 0 until the first request
  void* free_ = nullptr;       // the free list, linked through the blocks' first bytes
  std::byte* next_ = nullptr;  // the newest slab's first never-used slot
  std::byte* end_ = nullptr;   // the end of its last whole slot
  std::vector<std::pair<void*, std::size_t>> slabs_;  // every slab and its size
};

/// A std-conforming allocator over a table's NodePool: single nodes come from the pool,
/// anything else (the hash index's bucket arrays) from the heap. Two compare equal when they
/// share a pool, so a node handle extracted from a table goes back into it.
template <class T>
class pool_allocator {
 public:
  using value_type = T;
  // Spelled out, so that the allocator traits of every type the container rebinds this to
  // need no detection of their own (measured: compile cost per model).
  using pointer = T*;
  using const_pointer = const T*;
  using void_pointer = void*;
  using const_void_pointer = const void*;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using propagate_on_container_copy_assignment = std::false_type;
  using propagate_on_container_move_assignment = std::false_type;
  using propagate_on_container_swap = std::false_type;
  using is_always_equal = std::false_type;
  template <class U>
  struct rebind {
    using other = pool_allocator<U>;
  };
  explicit pool_allocator(NodePool* pool) noexcept : pool_(pool) {}
  template <class U>
  pool_allocator(const pool_allocator<U>& o) noexcept : pool_(o.pool()) {}  // NOLINT: rebind

  [[nodiscard]] T* allocate(std::size_t n) {
    if (n == 1 && pool_->serves(sizeof(T), alignof(T))) return static_cast<T*>(pool_->allocate());
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n == 1 && pool_->serves(sizeof(T), alignof(T)))
      pool_->deallocate(p);
    else
      ::operator delete(p);  // unsized: clang declares the sized one only on request
  }
  [[nodiscard]] NodePool* pool() const noexcept { return pool_; }
  template <class U>
  bool operator==(const pool_allocator<U>& o) const noexcept {
    return pool_ == o.pool();
  }

 private:
  NodePool* pool_;
};

}  // namespace relata::detail
