// Internal: text as the project's sentences and its text dump show it.
#pragma once

#include <string>
#include <string_view>

namespace relata::detail {

/// `s` with each control character escaped (\t, \n, \r, else \xNN, as \x00 or \x1b) and each
/// backslash doubled: one line that prints as it reads, with no terminal escape and no NUL to
/// cut a C string short. to_display shows strings this way; so does `relata dump`.
[[nodiscard]] std::string to_printable(std::string_view s);

/// True for a control character (C0 or DEL): what to_printable escapes and a name may not hold.
[[nodiscard]] constexpr bool is_control(char c) noexcept {
  return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

/// True when `s` may name a table, column or unique constraint: not empty and no control
/// character. A model's names are checked at compile time and a snapshot's when it is read,
/// so a name reaches a terminal or a sentence as it is.
[[nodiscard]] constexpr bool usable_name(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (const char ch : s)
    if (is_control(ch)) return false;
  return true;
}

}  // namespace relata::detail
