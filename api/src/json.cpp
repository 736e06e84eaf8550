// JSON in one place: column values to Boost.JSON values, and values to text.
//
// Rules (every output parses with a strict JSON parser):
// - a double that is not finite is null (what JSON.stringify does); doubles are written in
//   the shortest form that reads back to the same double ("1.5", "0.1", "1e+21"), integers
//   as integers;
// - a string that is not valid UTF-8 has each invalid byte replaced by U+FFFD, so the text
//   is always valid UTF-8; control characters are escaped;
// - an enum with relata::enum_names is its name, any other enum its integer.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <functional>

#include "executor.hpp"
#include "relata/decimal.hpp"
#include "relata/detail/json_values.hpp"

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

// ---------------------------------------------------------------- results

namespace {

boost::json::object columns_json(const TableBase& t,
                                 const std::optional<std::vector<std::size_t>>& attrs,
                                 const void* row) {
  boost::json::object out;
  const auto& cols = t.columns();
  if (!attrs) {
    out.reserve(cols.size());
    for (const ColumnInfo& c : cols) out.emplace(c.name, column_json(c, row));
  } else {
    out.reserve(attrs->size());
    for (std::size_t i : *attrs) out.emplace(cols[i].name, column_json(cols[i], row));
  }
  return out;
}

/// The join row of a node reached through a belongs_to_many, under the join model's name.
void add_through(const Store& store, const IncludeSpec& inc, const ResultNode& n,
                 boost::json::object& o) {
  const TableBase& join = table_at(store, inc.assoc.through_slot);
  o.emplace(inc.assoc.through_name, columns_json(join, inc.through_attributes, n.through));
}

}  // namespace

boost::json::object row_to_json(const ResultSet& set, std::size_t slot, const QuerySpec* spec,
                                const ResultNode& node) {
  boost::json::object out = node_to_json(set, slot, spec, node);
  if (!node.through) return out;
  // A row reached through a belongs_to_many carries its join object on its own as under its
  // parent: find the include slot that holds it.
  const ResultNode* first = set.nodes.data();
  const std::less<const ResultNode*> before;
  if (before(&node, first) || !before(&node, first + set.nodes.size())) return out;
  const auto at = static_cast<std::size_t>(&node - first);
  for (const ResultSlot& s : set.slots)
    if (at >= s.first && at < s.first + s.count) {
      add_through(*set.store, *s.spec, node, out);
      break;
    }
  return out;
}

boost::json::object node_to_json(const ResultSet& set, std::size_t slot, const QuerySpec* spec,
                                 const ResultNode& node) {
  const Store& store = *set.store;
  const TableBase& t = table_at(store, slot);
  boost::json::object out = columns_json(t, spec ? spec->attributes : std::nullopt, node.row);
  for (std::uint32_t i = 0; i < node.slot_count; ++i) {
    const ResultSlot& s = set.slots[node.first_slot + i];
    const IncludeSpec& inc = *s.spec;
    const AssociationRef& a = inc.assoc;
    auto child = [&](const ResultNode& n) {
      boost::json::object o = node_to_json(set, a.target_slot, &inc.query, n);
      if (n.through) add_through(store, inc, n, o);
      return o;
    };
    const ResultNode* rows = set.nodes.data() + s.first;
    if (a.kind == association_kind::has_many || a.kind == association_kind::belongs_to_many) {
      boost::json::array arr;
      arr.reserve(s.count);
      for (std::uint32_t k = 0; k < s.count; ++k) arr.push_back(child(rows[k]));
      out.emplace(a.alias, std::move(arr));
    } else if (s.count == 0) {
      out.emplace(a.alias, nullptr);
    } else {
      out.emplace(a.alias, child(rows[0]));
    }
  }
  return out;
}

boost::json::object store_json(const Store& store) {
  boost::json::object out;
  for (const detail::TableBase* t : store.tables()) {
    boost::json::array rows;
    rows.reserve(t->size());
    t->for_each_row([&](const void* row) { rows.push_back(row_to_json(t->columns(), row)); });
    out.emplace(t->name(), std::move(rows));
  }
  return out;
}

}  // namespace detail

std::string to_string(const boost::json::value& v) {
  std::string out;
  detail::write(v, out);
  return out;
}

}  // namespace relata
