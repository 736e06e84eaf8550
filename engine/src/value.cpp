#include "relata/value.hpp"

#include <charconv>

#include "relata/decimal.hpp"
#include "relata/detail/printable.hpp"

namespace relata {

std::string to_display(const Value& v) {
  struct visitor {
    std::string operator()(std::monostate) const { return "NULL"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(std::uint64_t u) const { return std::to_string(u); }
    std::string operator()(double d) const {
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, d);
      return std::string(buf, r.ptr);
    }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(const std::string& s) const {
      return "'" + detail::to_printable(s) + "'";
    }
    std::string operator()(const DecimalValue& d) const {
      return detail::decimal_format(d.units, d.scale);
    }
    std::string operator()(Timestamp t) const { return t.to_string(); }
  };
  return std::visit(visitor{}, v);
}

std::string detail::to_printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (is_control(c)) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

const char* kind_name(column_kind k) noexcept {
  switch (k) {
    case column_kind::int64:
      return "INTEGER";
    case column_kind::uint64:
      return "UNSIGNED INTEGER";
    case column_kind::float64:
      return "DOUBLE";
    case column_kind::boolean:
      return "BOOLEAN";
    case column_kind::string:
      return "STRING";
    case column_kind::decimal:
      return "DECIMAL";
    case column_kind::timestamp:
      return "TIMESTAMP";
    case column_kind::enumeration:
      return "ENUM";
  }
  return "UNKNOWN";
}

int compare_values(const Value& a, const Value& b) noexcept {
  const bool an = std::holds_alternative<std::monostate>(a),
             bn = std::holds_alternative<std::monostate>(b);
  if (an || bn) return an == bn ? 0 : (an ? -1 : 1);  // NULL first when ascending
  if (a.index() != b.index()) return a.index() < b.index() ? -1 : 1;
  return std::visit(
      [&](const auto& x) -> int {
        using X = std::decay_t<decltype(x)>;
        const X& y = std::get<X>(b);
        if constexpr (std::is_same_v<X, DecimalValue>) {
          return x.units < y.units ? -1 : (y.units < x.units ? 1 : 0);
        } else if constexpr (std::is_same_v<X, std::monostate>) {
          return 0;
        } else {
          return x < y ? -1 : (y < x ? 1 : 0);
        }
      },
      a);
}

}  // namespace relata
