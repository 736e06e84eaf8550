// Internal: the allocator of result arrays — one spare block per thread, reused.
//
// A query whose result outgrows the inline storage of its ResultSet (a category with a
// hundred products) would allocate and free the same size on every run. This allocator
// keeps the largest block freed on a thread (up to kMaxBytes) and hands it to the next
// request it can hold, so a query run in a loop allocates once. A block carries its size in
// a header, so it can come back on any thread; a thread's spare is freed when it exits.
#pragma once

#include <cstddef>
#include <new>

#include "relata/detail/per_thread.hpp"

namespace relata::detail {

/// The per-thread spare block (see recycling_allocator), held by PerThread<SpareBlock>.
struct SpareBlock {
  static constexpr std::size_t kMaxBytes = std::size_t{1} << 20;  ///< larger ones are freed
  void* block = nullptr;
  std::size_t bytes = 0;
  SpareBlock() = default;
  SpareBlock(const SpareBlock&) = delete;
  SpareBlock& operator=(const SpareBlock&) = delete;
  ~SpareBlock() { ::operator delete(block); }
};

/// A std-conforming allocator that recycles one block per thread (see above).
template <class T>
struct recycling_allocator {
  using value_type = T;
  static constexpr std::size_t kHeader = alignof(std::max_align_t);  // holds the block's size

  recycling_allocator() = default;
  template <class U>
  recycling_allocator(const recycling_allocator<U>&) noexcept {}  // NOLINT: converting

  [[nodiscard]] T* allocate(std::size_t n) {
    static_assert(alignof(T) <= kHeader, "relata: internal: over-aligned result element");
    const std::size_t bytes = n * sizeof(T);
    SpareBlock* spare = PerThread<SpareBlock>::get();
    void* block;
    if (spare && spare->block && spare->bytes >= bytes) {
      block = spare->block;
      spare->block = nullptr;
      spare->bytes = 0;
    } else {
      block = ::operator new(bytes + kHeader);
      *static_cast<std::size_t*>(block) = bytes;
    }
    return reinterpret_cast<T*>(static_cast<std::byte*>(block) + kHeader);
  }
  void deallocate(T* p, std::size_t) noexcept {
    void* block = reinterpret_cast<std::byte*>(p) - kHeader;
    const std::size_t bytes = *static_cast<std::size_t*>(block);
    SpareBlock* spare = PerThread<SpareBlock>::get();
    if (spare && bytes <= SpareBlock::kMaxBytes && bytes > spare->bytes) {
      ::operator delete(spare->block);  // keep the larger of the two
      spare->block = block;
      spare->bytes = bytes;
    } else {
      ::operator delete(block);
    }
  }
  template <class U>
  friend bool operator==(const recycling_allocator&, const recycling_allocator<U>&) noexcept {
    return true;
  }
};

}  // namespace relata::detail
