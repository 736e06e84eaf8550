// The loader: one pass per query over the erased table interface.
//
//   1. plan     planner.cpp picks the access path of the root rows.
//   2. filter   test the whole `where` on each candidate; drop soft-deleted rows of a
//               paranoid model unless the query says paranoid(false).
//   3. order    stable sort on the order_by keys (precomputed once per row), so ties keep
//               primary-key order.
//   4. load     walk the rows in order; for each, load every include, recursively: with
//               the query's compiled plan when its includes are plain (include_plan.hpp),
//               otherwise here, one index probe per parent (the child list of a has_many /
//               has_one, a primary-key lookup for a belongs_to, the join rows' child list
//               then one lookup per join row for a belongs_to_many), skipping soft-deleted
//               rows (target or join row) unless paranoid(false). A required include that
//               loads nothing drops its parent; offset and limit count only rows that
//               survive, and loading stops once the limit is reached, so a has_many is never
//               cut short by the root's limit and rows past the limit cost nothing.
//
// Results are flat arrays of nodes and slots linked by index, with inline storage for
// small results, so a warm find_by_pk with a few includes allocates nothing.
#include <algorithm>
#include <numeric>

#include "executor.hpp"
#include "relata/detail/printable.hpp"
#include "relata/error.hpp"

namespace relata::detail {

namespace {

/// The rows association `a` leads to from `row` (a row of its source), with join rows for
/// belongs_to_many in `through` (same length) when asked; rows outside the association's
/// scope (and join rows outside its through scope) are not followed.
void follow(const Store& store, const AssociationRef& a, const TableBase& source, const void* row,
            std::vector<const void*>& out, std::vector<const void*>* through) {
  const TableBase& target = table_at(store, a.target_slot);
  switch (a.kind) {
    case association_kind::has_many:
    case association_kind::has_one: {
      if (auto key = source.key_value(row, a.source_key)) {
        auto rows = target.children(a.fk_column, carry_key(source.columns()[a.source_key], *key,
                                                           target.columns()[a.fk_column]));
        if (a.scope.empty()) {
          out.insert(out.end(), rows.begin(), rows.end());
        } else {
          for (const void* r : rows)
            if (in_scope(a.scope, r)) out.push_back(r);
        }
      }
      return;
    }
    case association_kind::belongs_to:
      if (auto k = source.key_value(row, a.fk_column))
        if (const void* r = target.find_by(
                a.target_key,
                carry_key(source.columns()[a.fk_column], *k, target.columns()[a.target_key])))
          out.push_back(r);
      return;
    case association_kind::belongs_to_many: {
      const TableBase& join = table_at(store, a.through_slot);
      auto key = source.key_value(row, a.source_key);
      if (!key) return;
      const std::int64_t code =
          carry_key(source.columns()[a.source_key], *key, join.columns()[a.fk_column]);
      for (const void* j : join.children(a.fk_column, code)) {
        if (!in_scope(a.through_scope, j)) continue;
        auto k = join.key_value(j, a.other_column);
        const void* r =
            k ? target.find_by(a.target_key, carry_key(join.columns()[a.other_column], *k,
                                                       target.columns()[a.target_key]))
              : nullptr;
        if (!r || !in_scope(a.scope, r)) continue;
        out.push_back(r);
        if (through) through->push_back(j);
      }
      return;
    }
  }
}

Value order_key(const Store& store, const TableBase& t, const void* row, const OrderTerm& term) {
  const TableBase* table = &t;
  std::vector<const void*> next;
  for (std::size_t i = 0; i < term.path.size(); ++i) {
    const AssociationRef& step = term.path[i];
    next.clear();
    follow(store, step, *table, row, next, nullptr);
    // The row an include of the step shows: the first that is not soft-deleted and that its
    // model's default scope admits (a path has no paranoid(false) or unscoped()).
    const TableBase& target = table_at(store, step.target_slot);
    const Predicate* scope = i < term.path_scopes.size() ? term.path_scopes[i].get() : nullptr;
    const auto live = std::find_if(next.begin(), next.end(), [&](const void* r) {
      return !target.is_deleted(r) && (!scope || matches(*scope, r));
    });
    if (live == next.end()) return Value{};
    row = *live;
    table = &target;
  }
  return table->columns()[term.column].get(row);
}

/// Orders `rows` (and `through` alongside, when given) by `order`, stably; only the first
/// `needed` positions are guaranteed sorted (the rest follow in unspecified order).
void sort_rows(const Store& store, const TableBase& t, const std::vector<OrderTerm>& order,
               std::vector<const void*>& rows, std::vector<const void*>* through,
               std::size_t needed = static_cast<std::size_t>(-1)) {
  if (order.empty() || rows.size() < 2) return;
  const std::size_t n = rows.size(), m = order.size();
  std::vector<Value> keys(n * m);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) keys[i * m + j] = order_key(store, t, rows[i], order[j]);
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  // Ties fall back to the incoming position (primary-key order), which makes the order
  // total: a partial sort of the first `needed` rows equals a stable sort's prefix.
  auto less = [&](std::size_t a, std::size_t b) {
    for (std::size_t j = 0; j < m; ++j) {
      int c = compare_values(keys[a * m + j], keys[b * m + j]);
      if (c != 0) return order[j].descending ? c > 0 : c < 0;
    }
    return a < b;
  };
  if (needed < n) {
    std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(needed), idx.end(),
                      less);
  } else {
    std::sort(idx.begin(), idx.end(), less);
  }
  std::vector<const void*> sorted(n), sorted_through;
  for (std::size_t i = 0; i < n; ++i) sorted[i] = rows[idx[i]];
  rows.swap(sorted);
  if (through) {
    sorted_through.resize(n);
    for (std::size_t i = 0; i < n; ++i) sorted_through[i] = (*through)[idx[i]];
    through->swap(sorted_through);
  }
}

/// Loads includes into a ResultSet. A node's include slots are contiguous, and so are the
/// rows of each slot: a slot's candidate rows are appended first, then each is visited
/// depth-first (its own rows land after all of its siblings), and rows whose required
/// includes came back empty are compacted away. Scratch buffers (one per depth) are kept
/// per thread, so a warm query allocates nothing beyond its result.
class Loader {
 public:
  Loader(const Store& store, ResultSet& out) : store_(store), out_(out) {}

  /// Loads `includes` under `row` (of table `t`) into new slots; false when a required
  /// include is empty (the row must then be dropped by the caller).
  bool load(const TableBase& t, const void* row, const std::vector<IncludeSpec>& includes,
            std::uint32_t& first_slot, std::uint32_t& slot_count, std::size_t depth = 0) {
    first_slot = static_cast<std::uint32_t>(out_.slots.size());
    slot_count = static_cast<std::uint32_t>(includes.size());
    if (includes.empty()) return true;
    out_.slots.resize(out_.slots.size() + includes.size());
    if (scratch_rows().size() <= depth) {
      scratch_rows().resize(depth + 1);
      scratch_through().resize(depth + 1);
    }
    for (std::size_t k = 0; k < includes.size(); ++k) {
      const IncludeSpec& inc = includes[k];
      const AssociationRef& a = inc.assoc;
      const TableBase& target = table_at(store_, a.target_slot);
      const bool join = a.kind == association_kind::belongs_to_many;
      auto& rows = scratch_rows()[depth];
      auto& through = scratch_through()[depth];
      rows.clear();
      through.clear();
      follow(store_, a, t, row, rows, join ? &through : nullptr);
      sort_rows(store_, target, inc.query.order, rows, join ? &through : nullptr);

      const auto first = static_cast<std::uint32_t>(out_.nodes.size());
      out_.nodes.reserve(out_.nodes.size() + rows.size());
      const bool skip_deleted = !inc.query.with_deleted;
      const TableBase* join_table = join ? &table_at(store_, a.through_slot) : nullptr;
      for (std::size_t i = 0; i < rows.size(); ++i) {
        if (skip_deleted &&
            (target.is_deleted(rows[i]) || (join && join_table->is_deleted(through[i]))))
          continue;
        if (join && inc.through_where && !matches(*inc.through_where, through[i])) continue;
        if (inc.query.where && !matches(*inc.query.where, rows[i])) continue;
        if (inc.query.scope && !matches(*inc.query.scope, rows[i])) continue;
        // Written field by field in place: building the node on the stack and copying it
        // in stalls on store forwarding (two 8-byte stores read back as one 16-byte load).
        ResultNode& n = out_.nodes.emplace_back();
        n.row = rows[i];
        n.through = join ? through[i] : nullptr;
      }
      const auto end = static_cast<std::uint32_t>(out_.nodes.size());
      std::uint32_t kept = first;
      if (inc.query.includes.empty()) {
        kept = end;
      } else {
        for (std::uint32_t c = first; c < end; ++c) {
          ResultNode n = out_.nodes[c];  // a copy: the recursion may grow `nodes`
          if (load(target, n.row, inc.query.includes, n.first_slot, n.slot_count, depth + 1))
            out_.nodes[kept++] = n;
        }
      }
      // The offset is clamped as a size_t: narrowed first, 2^32 would skip nothing.
      const auto begin = static_cast<std::uint32_t>(
          first + std::min<std::size_t>(kept - first, inc.query.offset.value_or(0)));
      std::size_t cap = inc.query.limit.value_or(static_cast<std::size_t>(-1));
      if (a.kind == association_kind::has_one || a.kind == association_kind::belongs_to)
        cap = std::min<std::size_t>(cap, 1);
      const auto count = static_cast<std::uint32_t>(std::min<std::size_t>(kept - begin, cap));
      out_.slots[first_slot + k] = ResultSlot{&inc, begin, count};
      if (count == 0 && inc.is_required()) return false;
    }
    return true;
  }

 private:
  static std::vector<std::vector<const void*>>& scratch_rows() {
    thread_local std::vector<std::vector<const void*>> s;
    return s;
  }
  static std::vector<std::vector<const void*>>& scratch_through() {
    thread_local std::vector<std::vector<const void*>> s;
    return s;
  }

  const Store& store_;
  ResultSet& out_;
};

/// The root rows of a query, filtered and ordered, before includes. When `bounded`, only
/// the rows the offset and limit can reach are sorted (no include can drop a row then).
void root_rows(const Store& store, const TableBase& t, const QuerySpec& spec,
               std::optional<std::int64_t> key, std::vector<const void*>& rows,
               bool bounded = false) {
  if (key) {
    if (const void* r = t.find_row(*key)) rows.push_back(r);
  } else {
    candidates(t, plan(t, spec.where.get()), rows);
  }
  if (t.paranoid() && !spec.with_deleted)
    std::erase_if(rows, [&](const void* r) { return t.is_deleted(r); });
  if (spec.where) {
    std::erase_if(rows, [&](const void* r) { return !matches(*spec.where, r); });
  }
  std::size_t needed = static_cast<std::size_t>(-1);
  if (bounded && spec.limit) {
    // Saturating: offset + limit past the largest size_t (limit(SIZE_MAX) as "no limit")
    // would wrap to a small count and leave the rows past it unsorted.
    const std::size_t skip = spec.offset.value_or(0);
    if (!spec.has_required_include())
      needed = *spec.limit > static_cast<std::size_t>(-1) - skip ? static_cast<std::size_t>(-1)
                                                                 : skip + *spec.limit;
  }
  sort_rows(store, t, spec.order, rows, nullptr, needed);
}

}  // namespace

void execute(const Store& store, std::size_t slot, std::shared_ptr<const QuerySpec> spec,
             std::optional<std::int64_t> key, ResultSet& out) {
  const TableBase& t = table_at(store, slot);
  out.store = &store;
  out.spec = std::move(spec);
  const QuerySpec& q = *out.spec;
  std::size_t skip = q.offset.value_or(0);
  const std::size_t cap = q.limit.value_or(static_cast<std::size_t>(-1));
  Loader loader(store, out);
  // Loads a root row's includes and keeps it, unless a required include came back empty or
  // the offset skips it.
  auto take = [&](const void* row) {
    ResultNode node{row, nullptr, 0, 0};
    if (q.plan)  // plain includes, compiled: they never drop a row
      q.plan(store, q.includes, node.row, node.first_slot, node.slot_count, out);
    else if (!loader.load(t, node.row, q.includes, node.first_slot, node.slot_count))
      return;
    if (skip > 0) {
      --skip;
      return;
    }
    out.roots.push_back(node);
  };
  if (key && !q.where) {  // one row by key: nothing to plan, filter or order
    if (cap > 0)
      if (const void* r = t.find_row(*key); r && (q.with_deleted || !t.is_deleted(r))) take(r);
    return;
  }
  thread_local std::vector<const void*> rows;
  rows.clear();
  root_rows(store, t, q, key, rows, true);
  for (std::size_t i = 0; i < rows.size() && out.roots.size() < cap; ++i) take(rows[i]);
}

void matching_rows(const Store& store, const TableBase& t, const QuerySpec& spec,
                   std::vector<const void*>& rows) {
  root_rows(store, t, spec, std::nullopt, rows);
  if (!spec.has_required_include()) return;
  ResultSet scratch;
  Loader loader(store, scratch);
  std::erase_if(rows, [&](const void* r) {
    std::uint32_t first = 0, count = 0;
    const bool kept = loader.load(t, r, spec.includes, first, count);
    scratch.nodes.clear();
    scratch.slots.clear();
    return !kept;
  });
}

Value term_value(const Store& store, const TableBase& t, const void* row, const OrderTerm& term) {
  return order_key(store, t, row, term);
}

std::size_t count_rows(const Store& store, std::size_t slot, const QuerySpec& spec) {
  std::vector<const void*> rows;
  matching_rows(store, table_at(store, slot), spec, rows);
  return rows.size();
}

void throw_not_included(std::string_view alias) {
  throw Error(errc::schema, "schema error: the association '" + to_printable(alias) +
                                "' was not included in the query");
}

}  // namespace relata::detail
