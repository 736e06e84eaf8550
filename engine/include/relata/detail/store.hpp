// Internal: the Store owns every table of a database, the undo log and the clock, and runs
// the compiled machinery that spans tables: definition (resolving references), referential
// actions on delete (referential.cpp), statement-level rollback and integrity checks.
//
// This header is erased: it knows tables only through TableBase, so compiled code that
// includes it parses no Boost.MultiIndex. The typed ways in (a model's Table<T>) are in
// typed_store.hpp.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

#include "relata/detail/table_base.hpp"
#include "relata/timestamp.hpp"

namespace relata::detail {

/// A small dense number for each model type, assigned on first use.
std::size_t next_type_slot() noexcept;
template <class T>
std::size_t type_slot() noexcept {
  static const std::size_t slot = next_type_slot();
  return slot;
}

class Store {
 public:
  Store();
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  /// Adds a table for the model of type slot `slot`; throws SchemaError if that model or
  /// the table's name is defined, or a table it references is not.
  void add(std::unique_ptr<TableBase> table, std::size_t slot);
  /// The table of type slot `slot`, or nullptr.
  [[nodiscard]] const TableBase* table_at(std::size_t slot) const noexcept {
    return slot < by_slot_.size() ? by_slot_[slot] : nullptr;
  }
  /// The table of type slot `slot` for writing, or nullptr (the typed façade's way in).
  [[nodiscard]] TableBase* writable_table_at(std::size_t slot) const noexcept {
    return slot < by_slot_.size() ? by_slot_[slot] : nullptr;
  }
  /// Throws SchemaError: the model of table `table` is not defined.
  [[noreturn]] static void throw_undefined(std::string_view table);
  /// Tables in definition order.
  [[nodiscard]] const std::vector<TableBase*>& tables() const noexcept { return order_; }
  /// The table named `name`, or nullptr.
  [[nodiscard]] TableBase* table_named(std::string_view name) const noexcept;

  /// Deletes row `key` of `table` with the referential actions of every reference to it.
  void destroy(TableBase& table, std::int64_t key);

  /// Runs f as one statement: if it throws, every change it logged is undone. Statements
  /// nest (a mixin runs updates and destroys inside its own statement): only the outermost
  /// one commits.
  ///
  /// Refused (relata::Error, errc::misuse) while a program callback of a running statement
  /// runs: a mutator, validator or clock that writes would change rows under its caller.
  template <class F>
  decltype(auto) statement(F&& f) {
    if (callbacks_ != 0) throw_reentrant();
    const std::size_t mark = log_.size();
    ++depth_;
    try {
      if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
        f();
        settle();
      } else {
        decltype(auto) r = f();
        settle();
        return r;
      }
    } catch (...) {
      --depth_;
      log_.rollback_to(mark);
      throw;
    }
  }

  [[nodiscard]] UndoLog& log() noexcept { return log_; }
  [[nodiscard]] const Clock& clock() const noexcept { return clock_; }
  void set_clock(Clock c) {
    if (callbacks_ != 0) throw_reentrant();
    clock_ = std::move(c);
  }
  /// What the tables of a running statement write with.
  [[nodiscard]] WriteContext context() noexcept { return {log_, clock_, callbacks_}; }
  /// Turns the access counters of every table, present and future, on or off.
  void track_stats(bool on) noexcept;
  /// Every broken invariant of every table, one sentence each (empty when sound).
  [[nodiscard]] std::vector<std::string> check() const;

 private:
  [[noreturn]] static void throw_reentrant();
  void settle() noexcept {
    if (--depth_ == 0) log_.clear();
  }

  std::vector<std::unique_ptr<TableBase>> owned_;
  std::vector<TableBase*> by_slot_;
  std::vector<TableBase*> order_;
  UndoLog log_;
  Clock clock_;
  std::size_t depth_ = 0;
  std::size_t callbacks_ = 0;  // program callbacks running inside the current statement
  bool track_stats_ = false;
};

}  // namespace relata::detail
