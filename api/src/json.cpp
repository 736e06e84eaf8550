// JSON in one place: column values to Boost.JSON values, and values to text.
//
// Rules (every output parses with a strict JSON parser):
// - a double that is not finite is null (what JSON.stringify does); doubles are written in
//   the shortest form that reads back to the same double ("1.5", "0.1", "1e+21"), integers
//   as integers;
// - a string that is not valid UTF-8 has each invalid byte replaced by U+FFFD, so the text
//   is always valid UTF-8; control characters are escaped;
// - an enum with relata::enum_names is its name, any other enum its integer.
#include "relata/json.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

#include "relata/decimal.hpp"

namespace relata {
namespace detail {

namespace {

/// The length of the valid UTF-8 sequence at s[i], or 0 when the byte there starts none
/// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(1) < lo || b(1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (b(k) < 0x80 || b(k) > 0xBF) return 0;
  return n;
}

void write(const boost::json::value& v, std::string& out);

}  // namespace

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

boost::json::value to_json(const Value& v) {
  struct visitor {
    boost::json::value operator()(std::monostate) const { return nullptr; }
    boost::json::value operator()(std::int64_t i) const { return i; }
    boost::json::value operator()(std::uint64_t u) const { return u; }
    boost::json::value operator()(double d) const {
      if (!std::isfinite(d)) return nullptr;
      return d;
    }
    boost::json::value operator()(bool b) const { return b; }
    boost::json::value operator()(const std::string& s) const {
      return boost::json::string(valid_utf8(s));
    }
    boost::json::value operator()(const DecimalValue& d) const {
      return boost::json::string(decimal_format(d.units, d.scale));
    }
    boost::json::value operator()(Timestamp t) const { return boost::json::string(t.to_string()); }
  };
  return std::visit(visitor{}, v);
}

boost::json::value column_json(const ColumnInfo& c, const void* row) {
  Value v = c.get(row);
  if (c.enum_label) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      const std::string_view label = c.enum_label(*i);
      if (!label.empty()) return boost::json::string(label);
    }
  }
  return to_json(v);
}

boost::json::object row_to_json(const std::vector<ColumnInfo>& columns, const void* row) {
  boost::json::object out;
  out.reserve(columns.size());
  for (const ColumnInfo& c : columns) out.emplace(c.name, column_json(c, row));
  return out;
}

namespace {

void write(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::double_: {
      const double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, d);
      out.append(buf, r.ptr);
      return;
    }
    case boost::json::kind::string:
      out += boost::json::serialize(valid_utf8(v.get_string()));
      return;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write(e, out);
      }
      out += ']';
      return;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, e] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += boost::json::serialize(valid_utf8(key));
        out += ':';
        write(e, out);
      }
      out += '}';
      return;
    }
    default:  // null, bool, int64, uint64: Boost's form is JSON's
      out += boost::json::serialize(v);
      return;
  }
}

}  // namespace

}  // namespace detail

boost::json::object to_json(const Database& db) {
  boost::json::object out;
  for (const detail::TableBase* t : db.store().tables()) {
    boost::json::array rows;
    rows.reserve(t->size());
    t->for_each_row(
        [&](const void* row) { rows.push_back(detail::row_to_json(t->columns(), row)); });
    out.emplace(t->name(), std::move(rows));
  }
  return out;
}

std::string to_string(const boost::json::value& v) {
  std::string out;
  detail::write(v, out);
  return out;
}

}  // namespace relata
