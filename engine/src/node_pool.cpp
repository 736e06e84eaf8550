// NodePool's slow path: slabs.
#include "relata/detail/node_pool.hpp"

#include <algorithm>

namespace relata::detail {

namespace {
constexpr std::size_t kFirstSlab = std::size_t{4} << 10;
constexpr std::size_t kLargestSlab = std::size_t{256} << 10;
}  // namespace

NodePool::~NodePool() {
  for (auto [slab, bytes] : slabs_) {
#ifdef RELATA_DETAIL_ASAN
    ASAN_UNPOISON_MEMORY_REGION(slab, bytes);
#endif
    ::operator delete(slab);
  }
}

void NodePool::grow() {
  const std::size_t next =
      slabs_.empty() ? kFirstSlab : std::min(slabs_.back().second * 2, kLargestSlab);
  const std::size_t bytes = std::max(next, slot_ * 4);
  if (slabs_.size() == slabs_.capacity())  // first: when it fails, nothing has changed
    slabs_.reserve(std::max<std::size_t>(8, slabs_.capacity() * 2));
  auto* slab = static_cast<std::byte*>(::operator new(bytes));
  slabs_.emplace_back(slab, bytes);
  next_ = slab;
  end_ = slab + bytes / slot_ * slot_;
#ifdef RELATA_DETAIL_ASAN
  ASAN_POISON_MEMORY_REGION(slab, bytes);
#endif
}

}  // namespace relata::detail
