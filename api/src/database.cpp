// The compiled part of the Database façade.
#include <string>
#include <string_view>

#include "relata/error.hpp"

namespace relata::detail {

void throw_stale_range(std::string_view table) {
  throw Error(errc::misuse, "misuse: a db.get() range over " + std::string(table) +
                                " was used after a write moved rows into or out of it: collect "
                                "the keys first, then write");
}

}  // namespace relata::detail
