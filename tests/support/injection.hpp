// Failure injection for the tests: one failure point armed at a time, firing at its k-th
// call. The allocation point is wired into operator new (support/failing_new.cpp).
#pragma once

#include <new>
#include <stdexcept>

namespace injection {

/// The places a failure can be injected.
enum class point { none, copy, validator, clock, allocation };

/// Which point is armed, and after how many calls it fires (once).
struct State {
  point armed = point::none;
  long fire_at = 0;
  long calls = 0;
  bool fired = false;
};

/// The program-wide injection state (not thread-safe: armed by one test at a time).
State& state() noexcept;

/// True when operator new is wired to the allocation point (not under AddressSanitizer).
bool allocation_failures() noexcept;

/// Counts a call of point `p`; throws at the armed call (std::bad_alloc for allocations).
inline void tick(point p) {
  State& s = state();
  if (s.armed != p || s.fired) return;
  if (++s.calls == s.fire_at) {
    s.fired = true;
    if (p == point::allocation) throw std::bad_alloc();
    throw std::runtime_error("injected failure");
  }
}

}  // namespace injection
