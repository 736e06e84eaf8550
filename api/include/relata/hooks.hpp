// relata/hooks.hpp — per-model hooks, as Sequelize has them.
//
// Contract: hooks run inside the statement they belong to, in registration order, with the
// database readable and not writable (a write throws errc::misuse). A hook that throws
// aborts its statement: nothing changes, and the exception reaches the caller. "before"
// hooks of a create or update get the row to be written and may change it — the checks run
// after them, so whatever they write is checked; "after" hooks get the row as stored.
//
// Order of a create: before_validate, before_create, (checks), after_validate, (insert),
// after_create. Of an update: the mutator, before_validate, before_update, (checks),
// after_validate, (replace), after_update. Of a destroy: before_destroy, (delete),
// after_destroy — for the row asked for, and for the rows an ON DELETE CASCADE takes when
// their model called cascade_destroy_hooks(). Rows rewritten by ON UPDATE or SET NULL run
// no hooks (like SQL's own actions). A bulk statement (bulk_create, update and destroy by
// where) runs its bulk hooks around the per-row ones.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "relata/detail/hooks.hpp"
#include "relata/detail/model_info.hpp"

namespace relata {

/// Registers hooks for model T (from Database::hooks<T>()). Cheap to copy; valid while the
/// database lives, across loads and moves of it. Changing T's hooks from inside one of them
/// throws errc::misuse.
template <class T>
class Hooks {
 public:
  using key = typename detail::model_info<T>::key_type;  ///< the primary key's type

  /// Before the checks of a create or update: may change the row.
  Hooks& before_validate(std::function<void(T&)> f) {
    return row(detail::hook::before_validate, f);
  }
  /// After the checks passed, before the row is written.
  Hooks& after_validate(std::function<void(const T&)> f) {
    return row(detail::hook::after_validate, f);
  }
  /// Before a create's checks: may change the row (defaults, derived columns).
  Hooks& before_create(std::function<void(T&)> f) { return row(detail::hook::before_create, f); }
  /// After a create, with the row as stored.
  Hooks& after_create(std::function<void(const T&)> f) {
    return row(detail::hook::after_create, f);
  }
  /// Before an update's checks, with the updated row: may change it.
  Hooks& before_update(std::function<void(T&)> f) { return row(detail::hook::before_update, f); }
  /// After an update, with the row as stored.
  Hooks& after_update(std::function<void(const T&)> f) {
    return row(detail::hook::after_update, f);
  }
  /// Before a row is deleted (nothing has changed yet).
  Hooks& before_destroy(std::function<void(const T&)> f) {
    return row(detail::hook::before_destroy, f);
  }
  /// After a row and its cascade are deleted, with the row as it was.
  Hooks& after_destroy(std::function<void(const T&)> f) {
    return row(detail::hook::after_destroy, f);
  }
  /// Before bulk_create's rows are created: may change, add or remove rows.
  Hooks& before_bulk_create(std::function<void(std::vector<T>&)> f) {
    list().add(detail::hook::before_bulk_create,
               [f = std::move(f)](void* a) { f(*static_cast<std::vector<T>*>(a)); });
    return *this;
  }
  /// After bulk_create, with the stored rows in the order given.
  Hooks& after_bulk_create(std::function<void(std::span<const T* const>)> f) {
    list().add(detail::hook::after_bulk_create, [f = std::move(f)](void* a) {
      f(std::span<const T* const>(*static_cast<std::vector<const T*>*>(a)));
    });
    return *this;
  }
  /// Before an update by where, with the keys of the matching rows.
  Hooks& before_bulk_update(std::function<void(std::span<const key>)> f) {
    return keys(detail::hook::before_bulk_update, f);
  }
  /// After an update by where, with the keys of the rows updated.
  Hooks& after_bulk_update(std::function<void(std::span<const key>)> f) {
    return keys(detail::hook::after_bulk_update, f);
  }
  /// Before a destroy by where, with the keys of the matching rows.
  Hooks& before_bulk_destroy(std::function<void(std::span<const key>)> f) {
    return keys(detail::hook::before_bulk_destroy, f);
  }
  /// After a destroy by where, with the keys of the matching rows.
  Hooks& after_bulk_destroy(std::function<void(std::span<const key>)> f) {
    return keys(detail::hook::after_bulk_destroy, f);
  }
  /// Also run this model's destroy hooks for rows an ON DELETE CASCADE deletes (off by
  /// default, as Sequelize's `hooks: true`).
  Hooks& cascade_destroy_hooks(bool on = true) {
    list().cascade = on;
    return *this;
  }
  /// Removes every hook of this model.
  void clear() { list() = {}; }  // list() refuses while a hook runs, so none is counted

  /// Wraps a table's hook list (Database::hooks<T>() makes these).
  explicit Hooks(detail::HookList& table) : table_(table) {}

 private:
  template <class R>
  Hooks& row(detail::hook h, std::function<void(R&)>& f) {
    list().add(h, [f = std::move(f)](void* a) { f(*static_cast<T*>(a)); });
    return *this;
  }
  Hooks& keys(detail::hook h, std::function<void(std::span<const key>)>& f) {
    list().add(h, [f = std::move(f)](void* a) {
      f(std::span<const key>(*static_cast<std::vector<key>*>(a)));
    });
    return *this;
  }

  /// The list, refused (errc::misuse) while one of its hooks runs: it must not change
  /// under the loop running it.
  detail::HookList& list() {
    if (table_.running != 0) detail::throw_hooks_running(model<T>::table);
    return table_;
  }

  detail::HookList& table_;
};

}  // namespace relata
