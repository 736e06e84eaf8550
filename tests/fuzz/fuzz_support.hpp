// What both libFuzzer targets share: the database as text, to compare before and after, and
// the way a target reports a defect (a message, then abort, which libFuzzer records).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include <relata/relata.hpp>

namespace fuzz {

/// Every table's counter and every row, as text.
inline std::string dump(const relata::Database& db) {
  std::string out;
  for (const auto* t : db.store().tables())
    out += t->name() + "=" + std::to_string(t->next_id()) + ";";
  return out + relata::to_string(relata::to_json(db));
}

/// Reports a defect found by `target` and stops the run.
[[noreturn]] inline void fail(const char* target, const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s: %s: %s\n", target, what, detail.c_str());
  std::abort();
}

}  // namespace fuzz
