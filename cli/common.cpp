#include <unistd.h>

#include <cstdio>

#include "export.hpp"
#include "relata/decimal.hpp"
#include "relata/detail/printable.hpp"

namespace relata_cli {

const snap::Table& referenced(const snap::Reader& r, const snap::Column& c) {
  for (const auto& t : r.tables())
    if (t.name == c.references_table) return t;
  return r.tables().front();  // unreachable: the reader refuses unknown tables
}

std::string to_text(const relata::Value& v) {
  if (auto* s = std::get_if<std::string>(&v))
    return relata::detail::to_printable(*s);  // one TSV field
  return relata::to_display(v);
}

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string column_list(const snap::Table& t, const snap::UniqueGroup& g, bool quote) {
  std::string out = "(";
  for (std::uint32_t m : g.columns) {
    if (out.size() > 1) out += ", ";
    out += quote ? quoted(t.columns[m].name) : t.columns[m].name;
  }
  return out + ")";
}

snap::UniqueGroup primary_key_of(const snap::Table& t) {
  snap::UniqueGroup key;
  for (std::uint32_t k = 0; k < t.columns.size(); ++k)
    if (t.columns[k].has(snap::primary_key)) key.columns.push_back(k);
  return key;
}

Progress::Progress(const char* label, std::uint64_t total)
    : label_(label), total_(total), shown_(::isatty(STDERR_FILENO) == 1 && total > 100000) {}

void Progress::report(std::uint64_t done, void* self) {
  auto& p = *static_cast<Progress*>(self);
  if (!p.shown_) return;
  std::fprintf(stderr, "\r%s %3u%% (%llu of %llu rows)", p.label_,
               static_cast<unsigned>(done * 100 / p.total_), static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(p.total_));
}

void Progress::done() {
  if (shown_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace relata_cli
