// Must not compile: the polymorphic pattern over text keys from a unique text column that is
// not a primary key (its values have no key codes to match a weak reference against).
#include "assoc_common.hpp"

inline constexpr auto photo_remarks = relata::has_many<&Remark::subject, &Photo::file>("remarks");

int main() {}
