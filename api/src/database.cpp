// The compiled part of the Database façade.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "relata/detail/database_support.hpp"
#include "relata/error.hpp"

namespace relata::detail {

void throw_stale_range(std::string_view table) {
  throw Error(errc::misuse, "misuse: a db.get() range over " + std::string(table) +
                                " was used after a write moved rows into or out of it: collect "
                                "the keys first, then write");
}

const void* upsert_target(const TableBase& table, const void* row) {
  const auto& cols = table.columns();
  const ColumnInfo& pk = cols[table.pk_column()];
  const std::int64_t key = table.row_key(row);
  if (!(pk.auto_increment && key == 0))  // a 0 on an auto_increment key asks for a new row
    if (const void* found = table.probe(key)) return found;
  std::vector<const void*> out;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (!cols[i].unique || cols[i].primary_key) continue;
    const Value v = cols[i].get(row);
    if (std::holds_alternative<std::monostate>(v)) continue;  // NULLs never collide
    table.index_range(i, v, false, v, false, out);
    if (!out.empty()) return out.front();
  }
  return nullptr;
}

}  // namespace relata::detail
