// Internal: one object per thread that may still be asked for while the thread exits.
//
// The block caches (the result arrays' spare block, recycling_allocator.hpp; the undo log's
// row-copy blocks, undo_log.cpp) are thread_local, but a block can be freed after its
// thread's cache is gone: by another thread_local's destructor, or by a static Database
// destroyed at exit. PerThread<T>::get() then answers nullptr and the caller uses the heap.
#pragma once

namespace relata::detail {

/// One T per thread, created on first use and destroyed at the thread's exit. Contract:
/// get() may be called from any destructor, also during that exit (it then answers nullptr).
template <class T>
class PerThread {
 public:
  /// This thread's T (value-initialised on first use), or nullptr once the thread's exit
  /// has begun destroying it.
  static T* get() noexcept {
    if (gone()) return nullptr;
    thread_local Holder holder;
    return &holder.value;
  }

 private:
  struct Holder {
    T value{};
    ~Holder() { gone() = true; }  // before `value` is destroyed: its destructor may free
  };
  /// Trivially destructible, so it stays readable during the thread's exit.
  static bool& gone() noexcept {
    thread_local bool g = false;
    return g;
  }
};

}  // namespace relata::detail
