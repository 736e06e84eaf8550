// Grouped aggregates (Database::aggregate): the matching rows (as count() finds them) are
// grouped by the values of the group_by terms in an ordered map, and each group folds its
// aggregates over the rows' values; then the map is written out in key order.
#include <algorithm>
#include <cmath>
#include <map>

#include "executor.hpp"
#include "relata/aggregate.hpp"
#include "relata/detail/database_support.hpp"
#include "relata/detail/json_values.hpp"
#include "relata/detail/printable.hpp"
#include "relata/error.hpp"

namespace relata::detail {

void throw_sum_overflow(const TableBase& table, std::size_t column, std::string_view name) {
  const std::string& col = table.columns()[column].name;
  throw ValidationError(
      {FieldError{table.name(), col, "", "overflow",
                  std::string(name) + " of " + table.name() + "." + col + " overflows its type",
                  std::nullopt}});
}

namespace {

using fn = AggregateSpec::fn;

struct KeyLess {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const noexcept {
    for (std::size_t i = 0; i < a.size(); ++i)
      if (int c = compare_values(a[i], b[i]); c != 0) return c < 0;
    return false;
  }
};

/// One aggregate's running state within one group.
struct Fold {
  std::int64_t count = 0;       // values folded (rows, for count())
  Value value;                  // sum, min or max so far
  double real = 0;              // avg of integers and doubles
  std::vector<Value> distinct;  // count_distinct: every value, deduplicated at the end
};

[[noreturn]] void overflow(const TableBase& t, const AggregateSpec& a) {
  throw_sum_overflow(t, *a.column, a.name);
}

/// a + b for two non-NULL values of one numeric column.
Value plus(const Value& a, const Value& b, const TableBase& t, const AggregateSpec& spec) {
  if (const auto* x = std::get_if<std::int64_t>(&a)) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(*x, std::get<std::int64_t>(b), &r)) overflow(t, spec);
    return r;
  }
  if (const auto* x = std::get_if<std::uint64_t>(&a)) {
    std::uint64_t r = 0;
    if (__builtin_add_overflow(*x, std::get<std::uint64_t>(b), &r)) overflow(t, spec);
    return r;
  }
  if (const auto* x = std::get_if<DecimalValue>(&a)) {
    DecimalValue r = *x;
    if (__builtin_add_overflow(x->units, std::get<DecimalValue>(b).units, &r.units))
      overflow(t, spec);
    return r;
  }
  return std::get<double>(a) + std::get<double>(b);
}

void fold(Fold& f, const AggregateSpec& a, const Value& v, const TableBase& t) {
  if (!a.column) {  // count()
    ++f.count;
    return;
  }
  if (std::holds_alternative<std::monostate>(v)) return;  // NULLs are skipped
  ++f.count;
  switch (a.kind) {
    case fn::count:
      return;
    case fn::count_distinct:
      f.distinct.push_back(v);
      return;
    case fn::min:
      if (f.count == 1 || compare_values(v, f.value) < 0) f.value = v;
      return;
    case fn::max:
      if (f.count == 1 || compare_values(v, f.value) > 0) f.value = v;
      return;
    case fn::sum:
      f.value = f.count == 1 ? v : plus(f.value, v, t, a);
      return;
    case fn::avg:
      if (std::holds_alternative<DecimalValue>(v))
        f.value = f.count == 1 ? v : plus(f.value, v, t, a);
      else if (const auto* i = std::get_if<std::int64_t>(&v))
        f.real += static_cast<double>(*i);
      else if (const auto* u = std::get_if<std::uint64_t>(&v))
        f.real += static_cast<double>(*u);
      else
        f.real += std::get<double>(v);
      return;
  }
}

Value result(Fold& f, const AggregateSpec& a) {
  switch (a.kind) {
    case fn::count:
      return f.count;
    case fn::count_distinct: {
      auto less = [](const Value& x, const Value& y) { return compare_values(x, y) < 0; };
      auto same = [](const Value& x, const Value& y) { return compare_values(x, y) == 0; };
      std::sort(f.distinct.begin(), f.distinct.end(), less);
      return static_cast<std::int64_t>(std::unique(f.distinct.begin(), f.distinct.end(), same) -
                                       f.distinct.begin());
    }
    case fn::sum:
    case fn::min:
    case fn::max:
      return f.value;
    case fn::avg: {
      if (f.count == 0) return Value{};
      if (const auto* d = std::get_if<DecimalValue>(&f.value)) {
        // Rounded half away from zero, as Database::avg rounds a Decimal mean.
        const std::int64_t u = d->units, n = f.count, q = u / n, r = u % n;
        const std::int64_t rounded = q + ((r < 0 ? -r : r) * 2 >= n ? (u < 0 ? -1 : 1) : 0);
        return DecimalValue{rounded, d->scale};
      }
      return f.real / static_cast<double>(f.count);
    }
  }
  return Value{};
}

}  // namespace

void aggregate(const Store& store, std::size_t slot, const QuerySpec& spec, Groups& out) {
  const TableBase& t = table_at(store, slot);
  out.names_.clear();
  out.rows_.clear();
  for (const OrderTerm& g : spec.group) {
    if (g.path.empty()) {
      out.names_.push_back(t.columns()[g.column].name);
    } else {
      const TableBase& target = table_at(store, g.path.back().target_slot);
      out.names_.push_back(g.path.back().alias + "." + target.columns()[g.column].name);
    }
  }
  for (const AggregateSpec& a : spec.aggregates) out.names_.push_back(a.name);
  for (std::size_t i = 0; i < out.names_.size(); ++i)
    for (std::size_t j = i + 1; j < out.names_.size(); ++j)
      if (out.names_[i] == out.names_[j])
        throw SchemaError("schema error: two columns of an aggregate of " + t.name() +
                          " are named " + to_printable(out.names_[i]) +
                          ": name one with .as(\"...\")");

  std::vector<const void*> rows;
  matching_rows(store, t, spec, rows);
  std::map<std::vector<Value>, std::vector<Fold>, KeyLess> groups;
  if (spec.group.empty()) groups.try_emplace({}, spec.aggregates.size());  // one row, always
  std::vector<Value> key(spec.group.size());
  for (const void* row : rows) {
    for (std::size_t i = 0; i < spec.group.size(); ++i)
      key[i] = term_value(store, t, row, spec.group[i]);
    auto& folds = groups.try_emplace(key, spec.aggregates.size()).first->second;
    for (std::size_t i = 0; i < spec.aggregates.size(); ++i) {
      const AggregateSpec& a = spec.aggregates[i];
      fold(folds[i], a, a.column ? t.columns()[*a.column].get(row) : Value{}, t);
    }
  }
  out.rows_.reserve(groups.size());
  for (auto& [k, folds] : groups) {
    std::vector<Value>& r = out.rows_.emplace_back(k);
    for (std::size_t i = 0; i < folds.size(); ++i)
      r.push_back(result(folds[i], spec.aggregates[i]));
  }
}

}  // namespace relata::detail

namespace relata {

const Value& Groups::Group::operator[](std::string_view name) const {
  const auto& names = owner_->names_;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return (*values_)[i];
  throw SchemaError("schema error: the aggregate has no column named " +
                    detail::to_printable(name));
}

boost::json::array Groups::to_json() const {
  boost::json::array out;
  out.reserve(rows_.size());
  for (const auto& r : rows_) {
    boost::json::object o;
    for (std::size_t i = 0; i < names_.size(); ++i) o.emplace(names_[i], detail::to_json(r[i]));
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace relata
