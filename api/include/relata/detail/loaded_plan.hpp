// Internal: the loaders of typed results (relata/loaded.hpp).
//
// loaded_access fills a LoadedRow in three ways, each the mirror of include_plan::load
// (include_plan.hpp), so the three agree row for row:
// - load: from the tables, with the same compiled lookups a plan makes (the common case);
// - take: from a ResultSet the general executor filled (a query whose root has a where, an
//   offset or a scope: the executor decides which rows, the typed result holds them);
// - put: back into a ResultSet, the shape json.cpp writes, for to_json().
#pragma once

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>
#include <cstdint>
#include <cstring>
#include <tuple>
#include <utility>
#include <vector>

#include "relata/loaded.hpp"

namespace relata::detail {

/// The target models of include plan Plan and of the plans under it (mp_list).
template <class Plan>
struct plan_models;
template <association A, class... Nested>
struct plan_models<include_plan<A, Nested...>> {
  using type = boost::mp11::mp_append<boost::mp11::mp_list<typename A::target>,
                                      typename plan_models<Nested>::type...>;
};

/// The tables of models M (distinct), found once per query instead of once per loaded row.
template <class... M>
struct PlanTables {
  explicit PlanTables(const Store& store) : tables(&table_of<M>(store)...) {}
  std::tuple<const Table<M>*...> tables;
  /// The table of model T (one of M).
  template <class T>
  [[nodiscard]] const Table<T>& of() const noexcept {
    return *std::get<const Table<T>*>(tables);
  }
};
/// The PlanTables of the models plans Plans load.
template <class... Plans>
using plan_tables =
    boost::mp11::mp_rename<boost::mp11::mp_unique<boost::mp11::mp_append<
                               boost::mp11::mp_list<>, typename plan_models<Plans>::type...>>,
                           PlanTables>;

struct loaded_access {
  /// Loads `row` (a T) and its includes into `out`; `tables` holds every model they reach.
  template <class Tables, class T, class... Plans>
  [[gnu::always_inline]] static void load(const Tables& tables, const void* row,
                                          LoadedRow<T, Plans...>& out) {
    out.row_ = static_cast<const T*>(row);
    if constexpr (sizeof...(Plans) > 0) {
      [&]<std::size_t... K>(std::index_sequence<K...>) {
        (load_include<Plans>(tables, row, std::get<K>(out.includes_)), ...);
      }
      (std::index_sequence_for<Plans...>{});
    }
  }

  /// Loads what plan Plan leads to from `row` into `held`.
  template <class Plan, class Tables, class Held>
  [[gnu::always_inline]] static void load_include(const Tables& tables, const void* row,
                                                  Held& held) {
    using A = typename loaded_include<Plan>::association;
    using target = typename A::target;
    const Table<target>& table = tables.template of<target>();
    if constexpr (model_info<target>::paranoid) {
      for_live_rows<A>(table, row, [&](const void* r) {
        if constexpr (A::plural)
          load(tables, r, held.emplace_back());
        else
          load(tables, r, held);
      });
    } else if constexpr (A::kind == association_kind::belongs_to) {
      if (const void* r = belongs_to_row<A>(table, row)) load(tables, r, held);
    } else {
      const auto rows = child_rows<A>(table, row);
      if constexpr (!A::plural) {
        if (!rows.empty()) load(tables, rows.front(), held);
      } else {
        const std::size_t n = rows.size();
        held.reserve(n);  // then resize takes its fast path
        held.resize(n, boost::container::default_init);
        auto* out = held.data();
        using loaded_row = typename loaded_include<Plan>::row;
        if constexpr (std::tuple_size_v<decltype(out->includes_)> == 0) {
          // A row without includes is its row pointer alone: the child list is copied as
          // bytes (a pointer's representation does not depend on its pointee type).
          static_assert(std::is_trivially_copyable_v<loaded_row> &&
                        sizeof(loaded_row) == sizeof(void*));
          if (n > 0) std::memcpy(static_cast<void*>(out), rows.data(), n * sizeof(void*));
        } else {
          // The nested loads read each row: asking for all of them first lets their cache
          // misses overlap (as include_plan::load does).
          for (const void* r : rows) __builtin_prefetch(r);
          for (const void* r : rows) load(tables, r, *out++);
        }
      }
    }
  }

  /// Fills `out` from `node` of a ResultSet the general executor loaded for the same query.
  template <class T, class... Plans>
  static void take(const ResultSet& set, const ResultNode& node, LoadedRow<T, Plans...>& out) {
    out.row_ = static_cast<const T*>(node.row);
    if constexpr (sizeof...(Plans) > 0) {
      [&]<std::size_t... K>(std::index_sequence<K...>) {
        (take_include<Plans>(set, set.slots[node.first_slot + K], std::get<K>(out.includes_)), ...);
      }
      (std::index_sequence_for<Plans...>{});
    }
  }
  template <class Plan, class Held>
  static void take_include(const ResultSet& set, const ResultSlot& slot, Held& held) {
    if constexpr (loaded_include<Plan>::association::plural) {
      held.resize(slot.count);
      for (std::uint32_t i = 0; i < slot.count; ++i) take(set, set.nodes[slot.first + i], held[i]);
    } else if (slot.count > 0) {
      take(set, set.nodes[slot.first], held);
    }
  }

  /// Writes `r` into `out` as include_plan::load would have loaded it under the includes
  /// `includes` of its query; returns its node (not yet stored anywhere).
  template <class T, class... Plans>
  static ResultNode put(const LoadedRow<T, Plans...>& r, const std::vector<IncludeSpec>& includes,
                        ResultSet& out) {
    ResultNode node{r.row_, nullptr, static_cast<std::uint32_t>(out.slots.size()),
                    static_cast<std::uint32_t>(sizeof...(Plans))};
    if constexpr (sizeof...(Plans) > 0) {
      out.slots.resize(out.slots.size() + sizeof...(Plans));
      [&]<std::size_t... K>(std::index_sequence<K...>) {
        (put_include<Plans>(std::get<K>(r.includes_), includes[K], out,
                            node.first_slot + static_cast<std::uint32_t>(K)),
         ...);
      }
      (std::index_sequence_for<Plans...>{});
    }
    return node;
  }
  template <class Plan, class Held>
  static void put_include(const Held& held, const IncludeSpec& inc, ResultSet& out,
                          std::uint32_t slot) {
    const auto first = static_cast<std::uint32_t>(out.nodes.size());
    std::span<const typename loaded_include<Plan>::row> rows;
    if constexpr (loaded_include<Plan>::association::plural)
      rows = {held.data(), held.size()};
    else if (held)
      rows = {&held, 1};
    // The range first, then each row's own includes after it: the layout a plan makes.
    for (const auto& r : rows) out.nodes.push_back(ResultNode{r.row_, nullptr, 0, 0});
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const ResultNode n = put(rows[i], inc.query.includes, out);  // may grow `nodes`
      out.nodes[first + i] = n;
    }
    out.slots[slot] = ResultSlot{&inc, first, static_cast<std::uint32_t>(rows.size())};
  }

  /// Whether a find by key with `q` needs only the compiled loaders (when no scope exists).
  template <class T, class... Plans>
  static bool plain(const PreparedQuery<T, Plans...>& q) noexcept {
    return q.plain_;
  }
  /// find_by_pk's typed path for a plain query: `row` (nullptr: none) and its includes into
  /// `out`, with the compiled loaders and the tables of the whole tree found once.
  template <class T, class... Plans>
  static void find(const Store& store, const PreparedQuery<T, Plans...>& q, const T* row,
                   Loaded<T, Plans...>& out) {
    if (row && (live(*row) || q.spec()->with_deleted))
      load(plan_tables<Plans...>(store), row, out.root_);
  }
  /// find_by_pk's typed path otherwise: the general executor runs `spec` (the query as
  /// Database::spec_of gives it, scopes applied) for key code `key`, and take keeps its row.
  template <class T, class... Plans>
  [[gnu::noinline]] static void run(const Store& store, std::shared_ptr<const QuerySpec> spec,
                                    std::int64_t key, Loaded<T, Plans...>& out) {
    out.spec_ = spec.get();  // a query with scopes applied is a new one: the result keeps it
    out.owned_ = spec;
    ResultSet set;
    execute(store, type_slot<T>(), std::move(spec), key, set);
    if (!set.roots.empty()) take(set, set.roots.front(), out.root_);
  }

  /// Loaded::to_json.
  template <class T, class... Plans>
  static boost::json::value to_json(const Loaded<T, Plans...>& r) {
    if (!r.root_) return nullptr;
    ResultSet set;
    set.store = r.store_;
    const ResultNode node = put(r.root_, r.spec_->includes, set);
    return row_to_json(set, type_slot<T>(), r.spec_, node);
  }
};

}  // namespace relata::detail

namespace relata {

template <class T, class... Plans>
boost::json::value Loaded<T, Plans...>::to_json() const {
  return detail::loaded_access::to_json(*this);
}

}  // namespace relata
