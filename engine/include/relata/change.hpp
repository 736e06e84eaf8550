// relata/change.hpp — what Database::on_change delivers after a commit.
//
// Contract: a Change describes one committed change to one row, in the order the changes
// were made. Its row pointers are valid only during the call that receives it.
#pragma once

#include <cstdint>

namespace relata {

/// The kind of a committed change.
enum class change : std::uint8_t {
  created,    ///< a row was inserted: `after` is set, `before` is null
  updated,    ///< a row was changed: both are set (the key may differ between them)
  destroyed,  ///< a row was deleted (also by a cascade): `before` is set, `after` is null
};

/// One committed change to a row of model T.
template <class T>
struct Change {
  change kind;      ///< created, updated or destroyed
  const T* before;  ///< the row before the change; nullptr for created
  const T* after;   ///< the row after the change; nullptr for destroyed
};

}  // namespace relata
