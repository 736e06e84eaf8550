// Internal: ON UPDATE — what changing a referenced key does to the rows that hold it
// (referential.cpp). ON DELETE is Store::destroy.
#pragma once

#include <cstdint>
#include <vector>

#include "relata/detail/table_base.hpp"

namespace relata::detail {

/// The rows of one reference that hold a key about to change, and what happens to them.
struct KeyChange {
  TableBase* from;         // the referencing table
  std::size_t column;      // its foreign key
  action what;             // cascade or set_null
  std::int64_t new_value;  // the key's new value
  /// The referencing rows themselves, not their keys: rows never move, while a key may
  /// (a composite key holding the foreign key changes as the reference is rewritten, and a
  /// table with two references to one key is rewritten twice).
  std::vector<const void*> rows;
};

/// The ON UPDATE work that rewriting row `before` of table `t` into `after` implies. Throws
/// ForeignKeyConstraintError (nothing changed) when a RESTRICT reference holds a key that
/// changes; the row itself, when it references its own old key, is judged by its checks.
std::vector<KeyChange> plan_key_changes(const TableBase& t, const void* before, const void* after);

/// Carries out planned changes after the row itself was rewritten (it may be among the rows
/// that reference it; each row is rewritten under the key it holds at that moment).
void apply_key_changes(const std::vector<KeyChange>& changes, UndoLog& log);

}  // namespace relata::detail
