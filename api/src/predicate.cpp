// Evaluating a where: SQL's three-valued logic over the erased predicate tree, and LIKE.
#include "relata/detail/query_spec.hpp"

namespace relata::detail {

truth evaluate(const Predicate& p, const void* row) {
  switch (p.kind) {
    case Predicate::op::all: {  // false wins, then unknown
      truth out = truth::yes;
      for (const auto& c : p.children) {
        const truth t = evaluate(*c, row);
        if (t == truth::no) return truth::no;
        if (t == truth::unknown) out = truth::unknown;
      }
      return out;
    }
    case Predicate::op::any: {  // true wins, then unknown
      truth out = truth::no;
      for (const auto& c : p.children) {
        const truth t = evaluate(*c, row);
        if (t == truth::yes) return truth::yes;
        if (t == truth::unknown) out = truth::unknown;
      }
      return out;
    }
    case Predicate::op::negate: {
      const truth t = evaluate(*p.children.front(), row);
      return t == truth::unknown ? t : (t == truth::yes ? truth::no : truth::yes);
    }
    default:
      return p.test(row);
  }
}

bool QuerySpec::has_required_include() const noexcept {
  for (const IncludeSpec& inc : includes)
    if (inc.is_required()) return true;
  return false;
}

namespace {

/// The number of bytes of the character at text[i]: a whole UTF-8 sequence, or 1 for a byte
/// that does not start a valid one (so invalid text still matches byte by byte).
std::size_t char_length(std::string_view text, std::size_t i) noexcept {
  const auto c = static_cast<unsigned char>(text[i]);
  const std::size_t n = c < 0xC2 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 1;
  if (n > text.size() - i) return 1;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 1;
  return n;
}

}  // namespace

bool like_match(std::string_view text, std::string_view pattern) noexcept {
  // Iterative wildcard matching with one backtrack point for the last %. `_` and each step
  // of a % take one character (a UTF-8 code point), as SQL's LIKE does; literal bytes
  // compare bytes, which for UTF-8 is comparing characters.
  std::size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '_') {
      t += char_length(text, t);
      ++p;
    } else if (p < pattern.size() && pattern[p] != '%' && pattern[p] == text[t]) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p] == '%') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      mark += char_length(text, mark);
      t = mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

}  // namespace relata::detail
