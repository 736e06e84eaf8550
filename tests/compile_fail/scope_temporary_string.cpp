// Must not compile: a scope whose string constant is a temporary std::string (the scope
// views it, so it would dangle once the temporary is gone).
#include "assoc_common.hpp"

const auto notes = relata::has_many<&Note::shelfId>("notes").scope<&Note::kind>(std::string("box"));

int main() {}
