// Replaces the global operator new / delete of the test program so that the allocation
// failure point (support/injection.hpp) can make the k-th allocation throw. Kept in its own
// translation unit: nothing else sees these definitions.
#include <cstdlib>

#include "support/injection.hpp"

namespace injection {
State& state() noexcept {
  static State s;
  return s;
}
}  // namespace injection

void* operator new(std::size_t n) {
  injection::tick(injection::point::allocation);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
