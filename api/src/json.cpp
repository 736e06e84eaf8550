#include "relata/json.hpp"

#include <boost/json/serialize.hpp>

#include "relata/decimal.hpp"

namespace relata {
namespace detail {

boost::json::value to_json(const Value& v) {
  struct visitor {
    boost::json::value operator()(std::monostate) const { return nullptr; }
    boost::json::value operator()(std::int64_t i) const { return i; }
    boost::json::value operator()(std::uint64_t u) const { return u; }
    boost::json::value operator()(double d) const { return d; }
    boost::json::value operator()(bool b) const { return b; }
    boost::json::value operator()(const std::string& s) const { return boost::json::string(s); }
    boost::json::value operator()(const DecimalValue& d) const {
      return boost::json::string(decimal_format(d.units, d.scale));
    }
    boost::json::value operator()(Timestamp t) const { return boost::json::string(t.to_string()); }
  };
  return std::visit(visitor{}, v);
}

boost::json::object row_to_json(const std::vector<ColumnInfo>& columns, const void* row) {
  boost::json::object out;
  out.reserve(columns.size());
  for (const ColumnInfo& c : columns) out.emplace(c.name, to_json(c.get(row)));
  return out;
}

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
  return boost::json::serialize(v);
}

}  // namespace relata
