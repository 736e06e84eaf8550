// Internal: the typed ways into a Store — the Table<T> of a model, found by its type slot,
// and the definition of a model's table. The façade's templates use these; compiled code
// uses the erased Store (store.hpp) and never includes this header.
#pragma once

#include <memory>

#include "relata/detail/store.hpp"
#include "relata/detail/table.hpp"

namespace relata::detail {

/// The table of model T, or nullptr when T is not defined.
template <class T>
[[nodiscard]] Table<T>* find_table(const Store& store) noexcept {
  return static_cast<Table<T>*>(store.writable_table_at(type_slot<T>()));
}

/// The table of model T; throws SchemaError when T is not defined. Always inline: every
/// typed lookup starts here, and the call would cost as much as the lookup of the table.
template <class T>
[[nodiscard, gnu::always_inline]] inline Table<T>& table_of(const Store& store) {
  if (auto* t = find_table<T>(store)) [[likely]]
    return *t;
  Store::throw_undefined(model<T>::table);
}

/// The columns of model T as the compiled machinery sees them, without a Store (built
/// once): what to_json(row) of a row on its own reads.
template <class T>
const std::vector<ColumnInfo>& static_columns() {
  static const std::vector<ColumnInfo> columns = Table<T>().columns();
  return columns;
}

/// Defines model T's table (see Store::add).
template <class T>
Table<T>& define_table(Store& store) {
  std::unique_ptr<TableBase> table(new Table<T>());  // no unique_ptr type per model
  auto& ref = static_cast<Table<T>&>(*table);
  store.add(std::move(table), type_slot<T>());
  return ref;
}

}  // namespace relata::detail
