// Must not compile: the polymorphic pattern from an integer key over a text foreign key.
#include "assoc_common.hpp"

inline constexpr auto photo_remarks = relata::has_many<&Remark::subject, &Photo::id>("remarks");

int main() {}
