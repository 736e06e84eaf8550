// An association over a struct that has no relata::model specialisation.
#include <relata/relata.hpp>

struct Loose {
  std::int64_t id = 0;
  std::int64_t ownerId = 0;
};

inline constexpr auto owner = relata::belongs_to<&Loose::ownerId>("owner");

int main() {}
