// Internal: a table's hooks, type-erased. The typed registration is relata::Hooks<T>
// (api/include/relata/hooks.hpp); Table<T> and Store::destroy run them. Every hook runs
// with the re-entrancy guard raised (a hook may read, not write) inside the statement it
// belongs to, so a hook that throws rolls its statement back.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace relata::detail {

/// The moments a hook can run at.
enum class hook : std::uint8_t {
  before_validate,
  after_validate,
  before_create,
  after_create,
  before_update,
  after_update,
  before_destroy,
  after_destroy,
  before_bulk_create,
  after_bulk_create,
  before_bulk_update,
  after_bulk_update,
  before_bulk_destroy,
  after_bulk_destroy,
};
inline constexpr std::size_t hook_count = 14;

/// The hooks of one table, each moment's in registration order. A table holds its list
/// through a shared pointer, and the fresh table a load builds shares it: a Hooks<T> handle
/// stays valid across loads (and moves of the database).
struct HookList {
  std::array<std::vector<std::function<void(void*)>>, hook_count> fns;
  bool cascade = false;             // run destroy hooks of rows deleted by an ON DELETE CASCADE
  bool any = false;                 // some hook is registered: the write path's one test
  mutable std::size_t running = 0;  // runs in progress: the list must not change under them

  void add(hook h, std::function<void(void*)> f) {
    fns[static_cast<std::size_t>(h)].push_back(std::move(f));
    any = true;
  }
  /// Runs the hooks of moment `h` on `arg` (a row, or a bulk statement's rows or keys).
  void run(hook h, void* arg) const {
    struct counted {
      std::size_t& n;
      ~counted() { --n; }
    } guard{++running};
    for (const auto& f : fns[static_cast<std::size_t>(h)]) f(arg);
  }
  [[nodiscard]] bool has(hook h) const noexcept {
    return !fns[static_cast<std::size_t>(h)].empty();
  }
};

/// Throws errc::misuse: the hooks of `table` were to change while one of them runs.
[[noreturn]] void throw_hooks_running(std::string_view table);

}  // namespace relata::detail
