// Internal: typed include plans — the compiled form of a query's include tree.
//
// include(a, ...) returns an include_t whose type names a plan when the include is plain at
// every depth: a has_many, has_one or belongs_to with no where, order_by, limit, offset or
// required, whose own options are only attributes and plain includes. A Query whose
// includes all have plans keeps a pointer to load_includes<Plans...> in its QuerySpec; the
// executor then loads each root row's includes with that compiled code instead of walking
// the spec: the association's key is read from the row's member, the target is found with
// Table<Target>'s own lookup or its child list is taken directly, and nothing is sorted or
// filtered (nothing needs to be; a paranoid target's soft-deleted rows are skipped by a
// compiled test of its deleted_at member). Everything else (a belongs_to_many, any option that
// filters, orders or cuts) has no plan and runs through the general loader (loader.cpp).
//
// A plan fills the ResultSet exactly as the general loader does (the same slots in the
// same order, the same nodes in key order), so Row::get and JSON cannot tell them apart;
// tests/test_query_plan.cpp runs every include shape both ways and compares.
#pragma once

#include <boost/container/container_fwd.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>
#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "relata/association.hpp"
#include "relata/detail/executor.hpp"
#include "relata/detail/typed_store.hpp"

namespace relata::detail {

/// The value of column I of `row` (a T) as an index key, or nullptr when it is NULL.
template <class T, std::size_t I>
const auto* key_member(const void* row) noexcept {
  return value_ptr(static_cast<const T*>(row)->*(model_info<T>::template col<I>::member));
}

template <class... Plans>
void load_includes(const Store& store, const std::vector<IncludeSpec>& includes, const void* row,
                   std::uint32_t& first_slot, std::uint32_t& slot_count, ResultSet& out);

/// The row belongs_to A leads to from `row` (an A::source), or nullptr: its foreign key is
/// NULL or names no row.
template <class A>
[[gnu::always_inline]] inline const void* belongs_to_row(const Table<typename A::target>& table,
                                                         const void* row) {
  const auto* v = key_member<typename A::source, A::fk_column>(row);
  if (!v) return nullptr;
  const auto key = key_code(table, A::target_key, *v);
  return A::target_key == model_info<typename A::target>::pk_index
             ? table.find_row(key)
             : table.find_by(A::target_key, key);
}
/// The rows has_many / has_one A leads to from `row` (an A::source), in key order: its
/// target's child list (empty when the source key is NULL).
template <class A>
[[gnu::always_inline]] inline std::span<const void* const> child_rows(
    const Table<typename A::target>& table, const void* row) {
  const auto* v = key_member<typename A::source, A::source_key>(row);
  if (!v) return {};
  return table.children(A::fk_column, key_code(table, A::fk_column, *v));
}

/// Calls f on each row A leads to from `row` (an A::source) that is not soft-deleted: A's
/// target is a paranoid model.
template <class A, class F>
void for_live_rows(const Table<typename A::target>& table, const void* row, F&& f) {
  using target = typename A::target;
  auto live = [](const void* r) { return detail::live(*static_cast<const target*>(r)); };
  if constexpr (A::kind == association_kind::belongs_to) {
    if (const void* r = belongs_to_row<A>(table, row); r && live(r)) f(r);
  } else {
    for (const void* r : child_rows<A>(table, row)) {
      if (!live(r)) continue;
      f(r);
      if constexpr (A::kind == association_kind::has_one) return;
    }
  }
}

/// The plan of one include: association A, then Nested (plans) under each row it loads.
template <association A, class... Nested>
struct include_plan {
  static_assert(A::kind != association_kind::belongs_to_many,
                "relata: internal: a belongs_to_many include has no plan");

  /// Appends the rows A leads to from `row` (an A::source) to out.nodes, loads their own
  /// includes, and fills slot `slot` (the include `inc`).
  static void load(const Store& store, const IncludeSpec& inc, const void* row, ResultSet& out,
                   std::uint32_t slot) {
    using target = typename A::target;
    const auto first = static_cast<std::uint32_t>(out.nodes.size());
    const Table<target>& table = table_of<target>(store);
    if constexpr (model_info<target>::paranoid) {
      // A paranoid target: every row is tested, so the rows go through the general
      // follow-and-skip path of a plan (no bulk copy of a child list).
      for_live_rows<A>(table, row, [&](const void* r) { out.nodes.emplace_back().row = r; });
    } else if constexpr (A::kind == association_kind::belongs_to) {
      // The lookups of belongs_to_row and child_rows, written out: through the helpers GCC
      // stops inlining a nested plan's load into the has_many loop below (W5 through Query<T>:
      // 1180 -> 1301 instructions, bench/instructions.sh).
      if (const auto* v = key_member<typename A::source, A::fk_column>(row)) {
        const auto key = key_code(table, A::target_key, *v);
        const void* r = A::target_key == model_info<target>::pk_index
                            ? table.find_row(key)
                            : table.find_by(A::target_key, key);
        if (r) out.nodes.emplace_back().row = r;
      }
    } else if (const auto* v = key_member<typename A::source, A::source_key>(row)) {
      auto rows = table.children(A::fk_column, key_code(table, A::fk_column, *v));
      if constexpr (A::kind == association_kind::has_one) {
        if (!rows.empty()) out.nodes.emplace_back().row = rows.front();
      } else {
        // Sized once without initialising, then written through a plain pointer:
        // emplace_back per row would store the vector's size and reload its data pointer on
        // every row.
        out.nodes.reserve(out.nodes.size() + rows.size());
        out.nodes.resize(out.nodes.size() + rows.size(), boost::container::default_init);
        ResultNode* node = out.nodes.data() + first;
        for (const void* r : rows) *node++ = ResultNode{r, nullptr, 0, 0};
      }
    }
    const auto end = static_cast<std::uint32_t>(out.nodes.size());
    if constexpr (sizeof...(Nested) > 0) {
      // The nested plans read each row; asking for all of them first lets their cache
      // misses overlap instead of waiting for one row at a time.
      for (std::uint32_t c = first; c < end; ++c) __builtin_prefetch(out.nodes[c].row);
      for (std::uint32_t c = first; c < end; ++c) {
        ResultNode n = out.nodes[c];  // a copy: loading its includes may grow `nodes`
        load_includes<Nested...>(store, inc.query.includes, n.row, n.first_slot, n.slot_count, out);
        out.nodes[c] = n;
      }
    }
    out.slots[slot] = ResultSlot{&inc, first, end - first};
  }
};

/// Loads the includes of `row` with Plans (the k-th plan for includes[k]) into new slots,
/// as the general loader's Loader::load does for plain includes.
template <class... Plans>
void load_includes(const Store& store, const std::vector<IncludeSpec>& includes, const void* row,
                   std::uint32_t& first_slot, std::uint32_t& slot_count, ResultSet& out) {
  first_slot = static_cast<std::uint32_t>(out.slots.size());
  slot_count = sizeof...(Plans);
  if constexpr (sizeof...(Plans) > 0) {
    out.slots.resize(out.slots.size() + sizeof...(Plans));
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (Plans::load(store, includes[K], row, out, first_slot + static_cast<std::uint32_t>(K)), ...);
    }
    (std::index_sequence_for<Plans...>{});
  }
}

/// &load_includes<Plans...> as a value mp_apply can produce.
template <class... Plans>
struct include_loader {
  static constexpr IncludePlan value = &load_includes<Plans...>;
};

/// The plan of include(a, opts...) with options O, or void when it has none.
template <class A, class... O>
struct plan_of_include;

/// Options a plan allows: attributes (JSON only) and nested includes that have plans.
template <class O>
struct plain_option : std::false_type {};
template <class T>
struct plain_option<attributes_t<T>> : std::true_type {};
template <class Source, class Plan>
struct plain_option<include_t<Source, Plan>> : std::bool_constant<!std::is_void_v<Plan>> {};

template <class O>
struct nested_plan {
  using type = boost::mp11::mp_list<>;
};
template <class Source, class Plan>
struct nested_plan<include_t<Source, Plan>> {
  using type = boost::mp11::mp_list<Plan>;
};

/// The plans of the include options among O, in order (mp_list).
template <class... O>
using nested_plans =
    boost::mp11::mp_append<boost::mp11::mp_list<>, typename nested_plan<O>::type...>;

template <class A, class... O>
struct plan_of_include {
  using type = std::conditional_t<
      A::kind != association_kind::belongs_to_many && !A::scoped && (plain_option<O>::value && ...),
      boost::mp11::mp_rename<boost::mp11::mp_push_front<nested_plans<O...>, A>, include_plan>,
      void>;
};

/// The root's options that leave its includes plain: its own where / order / limit /
/// offset / attributes (the executor applies them before the includes) and includes with
/// plans.
template <class O>
struct root_plain_option : std::true_type {};
template <class Source, class Plan>
struct root_plain_option<include_t<Source, Plan>> : std::bool_constant<!std::is_void_v<Plan>> {};

/// &load_includes<Plans...> for a query with options O, or nullptr when one of its
/// includes has no plan.
template <class... O>
constexpr IncludePlan plan_of_query() {
  if constexpr ((root_plain_option<O>::value && ...))
    return boost::mp11::mp_apply<include_loader, nested_plans<O...>>::value;
  else
    return nullptr;
}

}  // namespace relata::detail
