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

#if defined(__SANITIZE_ADDRESS__)
// Under AddressSanitizer the sanitizer owns operator new and checks that what it allocates
// is released by it: the allocation point is left unwired there (the Release build runs it).
bool allocation_failures() noexcept {
  return false;
}
}  // namespace injection
#else
bool allocation_failures() noexcept {
  return true;
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
#endif
