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

bool like_match(std::string_view text, std::string_view pattern) noexcept {
  // Iterative wildcard matching with one backtrack point for the last %.
  std::size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p] == '%') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

}  // namespace relata::detail
