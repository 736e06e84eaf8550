// Internal: text as the project's sentences and its text dump show it.
#pragma once

#include <string>
#include <string_view>

namespace relata::detail {

/// `s` with each control character escaped (\t, \n, \r, else \xNN, as \x00 or \x1b) and each
/// backslash doubled: one line that prints as it reads, with no terminal escape and no NUL to
/// cut a C string short. to_display shows strings this way; so does `relata dump`.
[[nodiscard]] std::string to_printable(std::string_view s);

}  // namespace relata::detail
