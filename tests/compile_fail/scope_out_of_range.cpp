// Must not compile: a scope whose integer constant its column's type cannot hold (the rows
// it creates would hold the wrapped value, which it does not match).
#include <cstdint>

#include "assoc_common.hpp"

inline constexpr auto notes =
    relata::has_many<&Note::shelfId>("notes").scope<&Note::id>(std::uint64_t{1} << 63);

int main() {}
