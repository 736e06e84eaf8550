// Internal: Table<T>, the rows of one model in a boost::multi_index_container.
//
// Index layout, derived from the declaration at compile time:
//
//   index 0  hashed_unique  <primary key>            O(1) find by key
//   index 1  ordered_unique <primary key>            iteration in key order
//   index k  ordered_unique <column, primary key>    one per unique / indexed column:
//                                                    equal_range(column) yields the rows in
//                                                    key order; ranges serve the planner
//   index g  ordered_unique <columns..., key>        one per composite unique constraint
//                                                    (unique("name")), named by its first
//                                                    column
//
// Foreign keys are indexed beside the container, by ChildLists (child_lists.hpp): per
// parent key, a contiguous array of row pointers in key order, which is what association
// traversal and eager loading walk.
//
// Secondary indices are unique on (column, key) so they never reject a row: uniqueness of
// `unique` columns is checked by the table before anything changes (NULLs do not collide, as
// in SQL), and that same check produces the typed error. Every mutation goes through
// insert / extract / re-insert of an extracted node and is logged in the UndoLog; modify()
// and replace() are never used (modify() erases the element on a collision, and both are
// more code per model than the node round trip, which each table needs anyway for erase).
//
// The nodes come from the table's own NodePool (node_pool.hpp), not from malloc one by one.
//
// Rows never move. An update replaces the node's value in place; an erase extracts the node
// and the undo log keeps the node handle, so a rollback re-inserts the very same node: every
// reference, pointer and result taken before a failed statement stays valid after it.
// An update re-links only the child lists whose foreign key (or whose row's key) changes,
// and a rollback path never copies a row (it moves the old one back), so it cannot fail for
// want of memory.
#pragma once

#include <array>
#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>
#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "relata/detail/child_lists.hpp"
#include "relata/detail/model_info.hpp"
#include "relata/detail/node_pool.hpp"
#include "relata/detail/referential.hpp"
#include "relata/detail/table_base.hpp"
#include "relata/error.hpp"
#include "relata/timestamp.hpp"

namespace relata::detail {

namespace mi = boost::multi_index;

struct by_hash {};
struct by_key {};
template <auto Member>
struct by_column {};
template <std::size_t Leader>
struct by_group {};

template <class Base, class V>
Base to_column_value(const V& v) {
  if constexpr (is_decimal_v<Base> && std::is_convertible_v<V, std::string_view>)
    return Base(std::string_view(v));
  else if constexpr (is_decimal_v<Base>)
    return Base(v);
  else if constexpr (std::is_same_v<Base, std::string>)
    return std::string(v);
  else
    return static_cast<Base>(v);
}

/// What option `o` of a column of type U declares, written into `ci`: compiled once per
/// (type, option) pair and shared by every model that declares it. A validator is its model's
/// own (Table<T>::passes).
template <class U, class O>
void describe_option(ColumnInfo& ci, const O& o) {
  using B = strip_optional_t<U>;
  if constexpr (references_target<O>::present) {
    using target = typename member_traits<decltype(references_target<O>::key)>::owner;
    ci.references_table.assign(model<target>::table);
    ci.referenced_column = model_info<target>::template index_of<references_target<O>::key>;
  } else if constexpr (is_on_delete_v<O>) {
    ci.on_delete = O::value;
  } else if constexpr (is_on_update_v<O>) {
    ci.on_update = O::value;
  } else if constexpr (std::is_same_v<O, opt::constraints_t>) {
    ci.enforced = o.enforced;
  } else if constexpr (is_default_v<O>) {
    ci.default_value = column_type<B>::to_value(to_column_value<B>(o.value));
  } else if constexpr (std::is_same_v<O, opt::not_empty_t>) {
    ci.rules.emplace_back().what = ColumnRule::kind::not_empty;
  } else if constexpr (std::is_same_v<O, opt::length_t>) {
    ColumnRule& r = ci.rules.emplace_back();
    r.what = ColumnRule::kind::length;
    r.min_length = o.min;
    r.max_length = o.max;
  } else if constexpr (is_bound_v<O>) {
    ColumnRule& r = ci.rules.emplace_back();
    r.what = std::is_same_v<O, opt::min_t<decltype(o.bound)>> ? ColumnRule::kind::min
                                                              : ColumnRule::kind::max;
    r.bound = column_type<B>::to_value(to_column_value<B>(o.bound));
    ci.compare_at = &column_compare<U>;
  }
}

template <class T>
class Table final : public TableBase {
  static_assert(check_model<T>());
  static_assert(std::is_nothrow_move_constructible_v<T> && std::is_nothrow_move_assignable_v<T>,
                "relata: a model must be nothrow movable: a rollback moves rows back and "
                "must not fail");
  static_assert(
      []<std::size_t... I>(std::index_sequence<I...>) {
        return (std::size_t{model_info<T>::template col<I>::is_foreign_key} + ... + 0) <= 64;
      }(typename model_info<T>::seq{}),
      "relata: a model has more than 64 foreign keys");

 public:
  using info = model_info<T>;
  using key_type = typename info::key_type;
  static constexpr auto pk = info::pk_member;
  /// True for a std::string primary key: its keys cross the erased interface as codes in
  /// the table's KeyDictionary.
  static constexpr bool text_key = std::is_same_v<key_type, std::string>;
  /// True when keys cross the erased interface as dictionary codes: a text or composite key.
  static constexpr bool coded_key = text_key || info::composite_key;

 private:
  /// The key extractor of column I, for a composite key.
  template <std::size_t I>
  using member_of =
      mi::member<T, typename info::template col<I>::value_type, info::template col<I>::member>;
  /// A composite_key of the extractors Lead..., then the primary key's columns.
  template <class... Lead, std::size_t... K>
  static auto then_key(std::index_sequence<K...>)
      -> mi::composite_key<T, Lead..., member_of<info::pk_indices[K]>...>;
  template <class... Lead>
  using with_key = decltype(then_key<Lead...>(std::make_index_sequence<info::pk_count>{}));
  /// The primary key's extractor: its member, or a composite_key of its columns.
  template <std::size_t... K>
  static auto key_extractor_of(std::index_sequence<K...>) {
    if constexpr (info::composite_key)
      return mi::composite_key<T, member_of<info::pk_indices[K]>...>{};
    else
      return mi::member<T, key_type, pk>{};
  }
  using key_extractor = decltype(key_extractor_of(std::make_index_sequence<info::pk_count>{}));

  template <class Col>
  static auto secondary_index() {
    if constexpr ((Col::is_unique || Col::is_indexed) && !Col::is_primary_key) {
      return boost::mp11::mp_list<
          mi::ordered_unique<mi::tag<by_column<Col::member>>,
                             with_key<mi::member<T, typename Col::value_type, Col::member>>>>{};
    } else {
      return boost::mp11::mp_list<>{};
    }
  }
  /// The index of the composite unique constraint led by column L: its columns, then the
  /// primary key (so that it never rejects a row; check_row reports collisions).
  template <std::size_t L, std::size_t... K>
  static auto group_index(std::index_sequence<K...>)
      -> mi::ordered_unique<mi::tag<by_group<L>>,
                            with_key<member_of<info::template group_members<L>[K]>...>>;
  template <std::size_t I>
  static auto group_index_of() {
    if constexpr (info::group_leader[I] == I)
      return boost::mp11::mp_list<decltype(group_index<I>(
          std::make_index_sequence<info::template group_members<I>.size()>{}))>{};
    else
      return boost::mp11::mp_list<>{};
  }
  template <std::size_t... I>
  static auto all_indices(std::index_sequence<I...>) -> boost::mp11::mp_append<
      boost::mp11::mp_list<mi::hashed_unique<mi::tag<by_hash>, key_extractor>,
                           mi::ordered_unique<mi::tag<by_key>, key_extractor>>,
      decltype(secondary_index<typename info::template col<I>>())...,
      decltype(group_index_of<I>())...>;

 public:
  using container = mi::multi_index_container<
      T, boost::mp11::mp_rename<decltype(all_indices(typename info::seq{})), mi::indexed_by>,
      pool_allocator<T>>;

  Table()
      : TableBase(std::string(model<T>::table), make_columns(), info::pk_index),
        rows_(typename container::ctor_args_list(), pool_allocator<T>(&pool_)) {
    if constexpr (info::has_unique_groups) groups_ = &group_ops;
  }

  /// All rows, for read access through any index.
  [[nodiscard]] const container& rows() const noexcept { return rows_; }
  /// The row with primary key `key`, or nullptr.
  [[nodiscard]] const T* find(const key_type& key) const {
    stats_.lookup();
    auto& h = rows_.template get<by_hash>();
    auto it = h.find(key);
    return it == h.end() ? nullptr : &*it;
  }

  /// The code of key `k` (a text key's in the dictionary: interned before it is stored).
  std::int64_t code_of(const key_type& k) const {
    if constexpr (info::composite_key) {
      return parts_key(key_values(k));
    } else {
      return key_code(*this, info::pk_index, k);
    }
  }
  /// True when `code` can be a key of this table (in the key type's range; for a text key,
  /// a code its dictionary gave).
  bool valid_code(std::int64_t code) const noexcept {
    if constexpr (coded_key)
      return key_dictionary()->holds(code);
    else
      return std::in_range<key_type>(code);
  }
  /// The key of a valid code (a text key's string, by reference).
  decltype(auto) key_of_code(std::int64_t code) const {
    if constexpr (info::composite_key) {
      return [&]<std::size_t... K>(std::index_sequence<K...>) {
        const std::vector<Value> parts = key_parts(code);
        key_type k;
        (column_type<std::tuple_element_t<K, key_type>>::from_value(parts[K], std::get<K>(k)), ...);
        return k;
      }
      (std::make_index_sequence<info::pk_count>{});
    } else if constexpr (text_key) {
      return static_cast<const std::string&>(key_dictionary()->at(code));
    } else {
      return static_cast<key_type>(code);
    }
  }
  /// A composite key's values as the erased side reads them, in key-column order.
  static auto key_values(const key_type& k) requires(info::composite_key) {
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
      return std::array<Value, info::pk_count>{
          column_type<std::tuple_element_t<K, key_type>>::to_value(std::get<K>(k))...};
    }
    (std::make_index_sequence<info::pk_count>{});
  }
  /// A key as an error sentence shows it.
  static std::string key_text(const key_type& k) {
    if constexpr (info::composite_key) {
      return parts_text(key_values(k));
    } else if constexpr (text_key) {
      return to_display(Value(k));  // quoted, as every sentence shows a string
    } else {
      return std::to_string(k);
    }
  }
  /// Makes room for `n` more rows in the primary-key hash, so that a bulk insert of `n`
  /// rows does not rehash as it grows; rows and contents are unchanged.
  void reserve(std::size_t n) { rows_.template get<by_hash>().reserve(rows_.size() + n); }

  /// Checks and inserts a row; throws a typed error (table unchanged) when a check fails.
  const T& insert(T row, WriteContext cx) {
    if constexpr (info::pk_col::template has<opt::auto_increment_t>) {
      if (row.*pk == 0) {
        if (exhausted_) throw_exhausted(std::to_string(max_key));
        row.*pk = next_id_;
      }
    }
    run_hooks(hook::before_validate, &row, cx);
    run_hooks(hook::before_create, &row, cx);
    prepare_new(&row, cx);
    intern_keys(&row, &cx.log);
    check_row(row, nullptr, cx);
    run_hooks(hook::after_validate, &row, cx);
    cx.log.reserve_one();
    const std::int64_t code = code_of(info::key_of(row));  // interned above; may allocate
    // Hinted at the end of the key order: ascending keys (auto-increment, a bulk load) go in
    // without descending the tree; another key falls back to an ordinary insert.
    auto& ordered = rows_.template get<by_key>();
    const std::size_t before = rows_.size();
    const auto it = ordered.insert(ordered.end(), std::move(row));
    if (rows_.size() == before) throw_duplicate_key(&*it);  // `it` is the stored duplicate
    try {
      link(&*it);
    } catch (...) {
      unlink(&*it);
      auto& h = rows_.template get<by_hash>();
      h.extract(h.iterator_to(*it));  // frees the node (the removal path erase() uses)
      throw;
    }
    const counter_type previous_next = next_id_;
    const bool previous_exhausted = exhausted_;
    advance_past(*it);
    cx.log.push({.table = this,
                 .what = UndoEntry::kind::inserted,
                 .previous_exhausted = previous_exhausted,
                 .key = code,
                 .previous_next_id = static_cast<std::int64_t>(previous_next),
                 .row = nullptr,
                 .stored = &*it});
    run_hooks(hook::after_create, const_cast<T*>(&*it), cx);  // hooks see it as const
    return *it;
  }

  /// Applies `mutate` to a copy of row `key`, checks it, and replaces the row in place.
  /// With `hooks` false, no validate or update hook runs (a soft delete or a restore, whose
  /// hooks are the destroy hooks or none).
  template <class F>
  const T& update(const key_type& key, F&& mutate, WriteContext cx, bool hooks = true) {
    auto& h = rows_.template get<by_hash>();
    auto it = h.find(key);
    if (it == h.end()) throw_not_found(key_text(key));
    const T& stored = *it;  // the row keeps its address through the replace below
    T updated = stored;
    cx.callback([&] { std::forward<F>(mutate)(updated); });
    touch(&updated, cx);
    if (hooks) {
      run_hooks(hook::before_validate, &updated, cx);
      run_hooks(hook::before_update, &updated, cx);
    }
    intern_keys(&updated, &cx.log);
    check_row(updated, &stored, cx);
    if (hooks) run_hooks(hook::after_validate, &updated, cx);
    // A referenced column is the primary key or a unique one: when none changed, no
    // incoming reference can be affected and the referencing tables are not asked.
    const bool same_keys = same_index_keys(stored, updated);
    const LinkSet moved = changed_links(&stored, &updated);
    if (cx.sole && same_keys && !moved && !(hooks && this->hooks().any)) {
      // In place, with no undo entry: the row keeps its place in every index and child list,
      // nothing after this line can fail (no key change to apply, no after_update hook), and
      // no transaction, mark or listener will read the entry.
      const_cast<T&>(stored) = std::move(updated);  // the node's value is not a const object
      return stored;
    }
    const std::vector<KeyChange> changes =
        same_keys ? std::vector<KeyChange>{} : plan_key_changes(*this, &stored, &updated);
    replace(it, std::move(updated), cx.log, same_keys, moved);
    if (!changes.empty()) apply_key_changes(changes, cx.log);
    if (hooks) run_hooks(hook::after_update, const_cast<T*>(&stored), cx);  // hooks see it as const
    return stored;
  }

  // --- the type-erased interface

  std::size_t size() const noexcept override { return rows_.size(); }

  std::int64_t next_id() const noexcept override { return static_cast<std::int64_t>(next_id_); }

  bool contains(std::int64_t key) const override { return probe(key) != nullptr; }

  void erase(std::int64_t key, UndoLog& log) override {
    auto& h = rows_.template get<by_hash>();
    auto it = h.find(key_of_code(key));
    // Owned as the log owns it: a unique_ptr of a model's own type would be more code per
    // model for nothing.
    std::unique_ptr<RowCopy> holder(new extracted);
    log.reserve_one();
    unlink(&*it);
    static_cast<extracted&>(*holder).node = h.extract(it);
    log.push({.table = this,
              .what = UndoEntry::kind::erased,
              .previous_exhausted = exhausted_,
              .key = key,
              .previous_next_id = static_cast<std::int64_t>(next_id_),
              .row = std::move(holder)});
  }

  void set_reference(std::int64_t key, std::size_t column, std::optional<std::int64_t> value,
                     UndoLog& log) override {
    auto& h = rows_.template get<by_hash>();
    auto it = h.find(key_of_code(key));
    T updated = *it;
    columns()[column].set(&updated, value ? key_as_value(*value, column) : Value{});
    // The column may be part of the row's own key (a composite key's column, a text key that
    // is also a foreign key): the new key needs its code before the row moves to it.
    intern_keys(&updated, &log);
    const bool same_keys = same_index_keys(*it, updated);
    const LinkSet moved = changed_links(&*it, &updated);  // before `updated` moves
    replace(it, std::move(updated), log, same_keys, moved);
  }

  const void* logged_row(const UndoEntry& e) const noexcept override {
    switch (e.what) {
      case UndoEntry::kind::erased:
        return &static_cast<const extracted&>(*e.row).node.value();
      case UndoEntry::kind::updated:
        return &static_cast<const typed_copy&>(*e.row).row;
      case UndoEntry::kind::inserted:
      case UndoEntry::kind::interned:
        break;
    }
    return nullptr;
  }

  void undo(UndoEntry& e) noexcept override {
    auto& h = rows_.template get<by_hash>();
    switch (e.what) {
      case UndoEntry::kind::interned:
        interned_dictionary(static_cast<std::size_t>(e.previous_next_id)).pop(e.key);
        return;  // no row changed, nor the counter
      case UndoEntry::kind::inserted: {
        auto it = h.iterator_to(*static_cast<const T*>(e.stored));
        unlink(&*it);
        h.extract(it);  // the node handle frees the node: one removal path, erase()'s
        break;
      }
      case UndoEntry::kind::erased: {
        // The very node the erase extracted: the row comes back at its old address.
        auto r = rows_.insert(std::move(static_cast<extracted&>(*e.row).node));
        relink(&*r.position);
        break;
      }
      case UndoEntry::kind::updated: {
        auto it = h.iterator_to(*static_cast<const T*>(e.stored));
        const T& stored = *it;  // rewrite() keeps the node
        T& before = static_cast<typed_copy&>(*e.row).row;
        const LinkSet moved = changed_links(&stored, &before);
        unlink(&stored, moved);
        // A move cannot allocate, and the old values fitted every index before the change.
        rewrite(it, before, same_index_keys(stored, before));
        relink(&stored, moved);
        break;
      }
    }
    next_id_ = static_cast<counter_type>(e.previous_next_id);
    exhausted_ = e.previous_exhausted;
  }

  bool exhausted() const noexcept override { return exhausted_; }

  std::unique_ptr<TableBase> make_empty() const override {
    return std::unique_ptr<TableBase>(new Table());
  }

  void load_reserve(std::size_t rows) override { rows_.template get<by_hash>().reserve(rows); }

  void load_row(std::span<Value> values, std::span<const std::uint8_t> given) override {
    static_assert(std::is_default_constructible_v<T>,
                  "relata: a model must be default-constructible to be loaded from a snapshot");
    T row{};
    fill_row(&row, values, given);
    intern_keys(&row, nullptr, true);
    auto& ordered = rows_.template get<by_key>();
    if (!ordered.empty()) {
      // Rows arrive in key order (the format says so): then the hint below is exact, and
      // each row is the last of its child lists.
      const T& last = *std::prev(ordered.end());
      if (!(info::key_of(last) < info::key_of(row))) throw_out_of_order(&last, &row);
    }
    auto it = ordered.insert(ordered.end(), std::move(row));
    append_links(&*it);  // key order: the last of each list
    advance_past(*it);
  }

  void load_counter(std::int64_t next_id, bool exhausted) override {
    if constexpr (!coded_key) {
      if (exhausted) exhausted_ = true;
      if (std::in_range<key_type>(next_id) && static_cast<key_type>(next_id) > next_id_)
        next_id_ = static_cast<key_type>(next_id);
    }
  }

  void for_each_row(const std::function<void(const void*)>& f) const override {
    for (const T& r : rows_.template get<by_key>()) f(&r);
  }

  const void* find_row(std::int64_t key) const override {
    if (!valid_code(key)) return nullptr;
    return find(key_of_code(key));
  }

  /// The counter of changes to the child lists of foreign key `column` (see ChildLists).
  [[nodiscard]] const std::uint64_t& list_version(std::size_t column) const noexcept {
    return children_[column].version();
  }

  void scan(std::vector<const void*>& out) const override {
    const auto& idx = rows_.template get<by_key>();
    out.reserve(out.size() + idx.size());
    for (const T& r : idx) out.push_back(&r);
    stats_.scanned(idx.size());
  }

  void index_range(std::size_t column, const Value& lo, bool lo_open, const Value& hi, bool hi_open,
                   std::vector<const void*>& out) const override {
    stats_.lookup();
    const std::size_t first = out.size();
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr ((C::is_unique || C::is_indexed) && !C::is_primary_key) {
        if (I != column) return;
        using U = typename C::value_type;
        const auto& idx = rows_.template get<by_column<C::member>>();
        auto begin = idx.begin(), end = idx.end();
        U bound{};
        if (!std::holds_alternative<std::monostate>(lo) && column_type<U>::from_value(lo, bound))
          begin = lo_open ? idx.upper_bound(std::make_tuple(bound))
                          : idx.lower_bound(std::make_tuple(bound));
        else if constexpr (C::nullable)
          begin = idx.upper_bound(std::make_tuple(U{}));  // NULLs never match a comparison
        if (!std::holds_alternative<std::monostate>(hi) && column_type<U>::from_value(hi, bound))
          end = hi_open ? idx.lower_bound(std::make_tuple(bound))
                        : idx.upper_bound(std::make_tuple(bound));
        for (auto it = begin; it != end; ++it) out.push_back(&*it);
      }
    });
    sort_by_key(out, first);
  }

  const void* find_by(std::size_t column, std::int64_t key) const override {
    if (column == pk_column()) return find_row(key);
    const void* out = nullptr;
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      using U = typename C::value_type;
      if constexpr (C::is_unique && !C::is_primary_key && std::is_integral_v<U>) {
        if (I != column) return;
        stats_.lookup();
        const auto& idx = rows_.template get<by_column<C::member>>();
        auto it = idx.lower_bound(std::make_tuple(static_cast<U>(key)));
        if (it != idx.end() && static_cast<std::int64_t>((*it).*(C::member)) == key) out = &*it;
      } else if constexpr (C::is_unique && !C::is_primary_key && std::is_same_v<U, std::string>) {
        if (I != column) return;
        const KeyDictionary* d = columns()[I].dict;  // a referenced text column has one
        if (!d || !d->holds(key)) return;
        stats_.lookup();
        const auto& idx = rows_.template get<by_column<C::member>>();
        auto it = idx.lower_bound(std::make_tuple(d->at(key)));
        if (it != idx.end() && (*it).*(C::member) == d->at(key)) out = &*it;
      }
    });
    return out;
  }

  const void* probe(std::int64_t key) const override {
    if (!valid_code(key)) return nullptr;
    const auto& h = rows_.template get<by_hash>();
    auto it = h.find(key_of_code(key));
    return it == h.end() ? nullptr : &*it;
  }

  void index_order(std::size_t column, std::vector<const void*>& out) const override {
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr ((C::is_unique || C::is_indexed) && !C::is_primary_key) {
        if (I != column) return;
        for (const T& r : rows_.template get<by_column<C::member>>()) out.push_back(&r);
      }
    });
  }

 private:
  struct typed_copy final : RowCopy {
    explicit typed_copy(const T& r) : row(r) {}
    T row;
  };
  /// An erased row: the node itself, so that undo puts back the same address.
  struct extracted final : RowCopy {
    typename container::node_type node;
  };
  using hashed_iterator = typename container::template index<by_hash>::type::iterator;

  /// Replaces the stored row `it` by `next` (already checked), logging the old row. Only the
  /// child lists whose entry changes are touched; their room is reserved before anything
  /// changes, so nothing after the first change can throw. rewrite() keeps the node (the
  /// row's address) and leaves the row as it was when it fails.
  /// `same_keys`: same_index_keys(*it, next), and `moved`: changed_links(&*it, &next), which
  /// the caller has already asked.
  void replace(hashed_iterator it, T next, UndoLog& log, bool same_keys, LinkSet moved) {
    const T& stored = *it;                                  // rewrite() keeps the node
    std::unique_ptr<RowCopy> copy(new typed_copy(stored));  // as the log owns it
    log.reserve_one();
    reserve_links(&next, moved);
    const std::int64_t new_key = code_of(info::key_of(next));
    unlink(&stored, moved);
    const bool replaced = rewrite(it, next, same_keys);
    relink(&stored, moved);  // the new row's entries, or the old row's back when refused
    if (!replaced) throw_duplicate_key(&next);
    const counter_type previous_next = next_id_;
    const bool previous_exhausted = exhausted_;
    if constexpr (!coded_key) advance_next_id(static_cast<key_type>(new_key));
    log.push({.table = this,
              .what = UndoEntry::kind::updated,
              .previous_exhausted = previous_exhausted,
              .key = new_key,
              .previous_next_id = static_cast<std::int64_t>(previous_next),
              .row = std::move(copy),
              .stored = &stored});
  }

  /// Writes `next` into stored row `it`, keeping its node (the row's address). With
  /// `same_keys` (no index of the container reads a changed column) the row is written where
  /// it is, with no index walk; else the node leaves the container and comes back, which
  /// sorts it into every index. False when `next` collides in an index: the row is then as
  /// it was and `next` holds the refused values. Allocates nothing (the node goes back where
  /// a row was a moment ago).
  bool rewrite(hashed_iterator it, T& next, bool same_keys) noexcept {
    if (same_keys) {
      const_cast<T&>(*it) = std::move(next);  // the node's value is not a const object
      return true;
    }
    using std::swap;
    auto node = rows_.template get<by_hash>().extract(it);
    swap(node.value(), next);
    auto put = rows_.insert(std::move(node));
    if (put.inserted) return true;
    swap(put.node.value(), next);  // the old values, which fitted every index just now
    rows_.insert(std::move(put.node));
    return false;
  }

  /// True when two versions of a row agree on every column an index of the container
  /// reads (the primary key, each unique or indexed column): the row keeps its place in
  /// every index, and no reference to it (they name the primary key or a unique column)
  /// can be affected.
  static bool same_index_keys(const T& a, const T& b) noexcept {
    bool same = info::same_key(a, b);
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr (((C::is_unique || C::is_indexed) && !C::is_primary_key) ||
                    info::group_leader[I] != info::size)
        same = same && a.*(C::member) == b.*(C::member);
    });
    return same;
  }
  /// True when two versions of a row hold the same value in every foreign-key column.
  static bool same_references(const T& a, const T& b) noexcept {
    bool same = true;
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr (C::is_foreign_key) same = same && a.*(C::member) == b.*(C::member);
    });
    return same;
  }
  /// Moves the auto-increment counter past `key`; at the largest key (max_key) every id is
  /// taken, and the counter says so instead of wrapping.
  void advance_next_id(const key_type& key) noexcept {
    if constexpr (!coded_key) {
      if (exhausted_ || key < next_id_) return;
      if (key >= max_key)
        exhausted_ = true;
      else
        next_id_ = static_cast<key_type>(key + 1);
    }
  }
  /// advance_next_id for a stored row's key (nothing for a text or composite key).
  void advance_past(const T& row) noexcept {
    if constexpr (!coded_key) advance_next_id(row.*pk);
  }
  /// The auto-increment counter's type: the key's, or for a text key (which has none) int64.
  using counter_type = std::conditional_t<coded_key, std::int64_t, key_type>;
  static constexpr counter_type max_key = largest_key<counter_type>;

  template <class F>
  static void for_each_column(F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (f.template operator()<I>(), ...);
    }
    (typename info::seq{});
  }

  /// Option K of column I, written into its ColumnInfo.
  template <std::size_t I, std::size_t K>
  static void describe(ColumnInfo& ci) {
    const auto& option = std::get<K>(std::get<I>(model<T>::columns).options);
    if constexpr (is_validator_v<std::remove_cvref_t<decltype(option)>>) {
      ColumnRule& r = ci.rules.emplace_back();
      r.what = ColumnRule::kind::custom;
      r.name = option.name;
      r.passes = &passes<I, K>;
    } else {
      describe_option<typename info::template col<I>::value_type>(ci, option);
    }
  }
  /// Validator K of column I, as a ColumnRule runs it: true for NULL, else the program's
  /// function on the value.
  template <std::size_t I, std::size_t K>
  static bool passes(const void* row, WriteContext& cx) {
    const auto* v = value_ptr(static_cast<const T*>(row)->*(info::template col<I>::member));
    return !v || cx.callback(
                     [&] { return std::get<K>(std::get<I>(model<T>::columns).options).check(*v); });
  }

  static std::vector<ColumnInfo> make_columns() {
    const T probe{};  // where each member lies in a row
    std::vector<ColumnInfo> out;
    out.reserve(info::size);
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      using U = typename C::value_type;
      using base = typename C::base_type;
      const auto& c = std::get<I>(model<T>::columns);
      ColumnInfo& ci = out.emplace_back();
      ci.name.assign(c.name);
      ci.kind = column_type<U>::kind;
      ci.nullable = C::nullable;
      ci.primary_key = C::is_primary_key;
      ci.auto_increment = C::template has<opt::auto_increment_t>;
      ci.unique = C::is_unique;
      if constexpr (info::group_leader[I] != info::size) {
        ci.unique_group = info::group_leader[I];
        ci.unique_group_name = unique_group_name(c);
      }
      ci.indexed = C::is_indexed;
      ci.foreign_key = C::is_foreign_key;
      ci.created_at = C::template has<opt::created_at_t>;
      ci.updated_at = C::template has<opt::updated_at_t>;
      ci.deleted_at = C::template has<opt::deleted_at_t>;
      if constexpr (is_decimal_v<base>) {
        ci.precision = base::precision;
        ci.scale = base::scale;
      }
      ci.on_delete = C::nullable ? action::set_null : action::restrict;
      [&]<std::size_t... K>(std::index_sequence<K...>) {
        (describe<I, K>(ci), ...);
      }
      (std::make_index_sequence<std::tuple_size_v<decltype(c.options)>>{});
      ci.offset = static_cast<std::size_t>(reinterpret_cast<const char*>(&(probe.*(C::member))) -
                                           reinterpret_cast<const char*>(&probe));
      if constexpr (named_enum<base>) ci.enum_label = &enum_label_of<base>;
      ci.layout = layout_of<U>();
      ci.get_at = &column_get<U>;
      ci.set_at = &column_set<U>;
      ci.take_at = &column_take<U>;
      ci.null_at = &column_null<U>;
      ci.text_at = &column_text<U>;
      if constexpr ((std::is_integral_v<base> && !std::is_same_v<base, bool>) ||
                    C::is_foreign_key || C::is_primary_key)
        ci.key_at = &column_key<U>;
      constexpr bool key = C::is_primary_key || C::is_foreign_key;
      if constexpr (has_rule<base, key>) ci.domain_at = &column_domain<U, key>;
      if constexpr (key) ci.same_at = &column_same<U>;
    });
    return out;
  }

  /// Every check a row must pass before it is written: validators (all failures collected),
  /// then uniqueness, then foreign keys. `self` is the row being replaced, if any.
  void check_row(const T& row, const T* self, WriteContext& cx) const {
    check_fields(&row, cx);

    if (!self || !info::same_key(*self, row)) {
      if (find(info::key_of(row))) throw_duplicate_key(&row);
    }
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr (C::is_unique && !C::is_primary_key) {
        const auto* v = value_ptr(row.*(C::member));
        if (!v) return;
        auto& idx = rows_.template get<by_column<C::member>>();
        auto [lo, hi] = idx.equal_range(std::make_tuple(*v));
        for (; lo != hi; ++lo) {
          if (&*lo != self) throw_unique(I, &row);
        }
      }
    });
    if constexpr (info::has_unique_groups) {
      for_each_column([&]<std::size_t I>() {
        if constexpr (info::group_leader[I] == I)
          if (const T* other = group_match<I>(row, self))
            throw_unique_group(info::template group_members<I>, other);
      });
    }
    // An update that keeps every foreign key, the primary key and each unique column holds
    // only references that held before, and breaks none to itself: nothing to probe.
    if (!self || !same_references(row, *self) || !same_index_keys(row, *self))
      check_references(&row, self);
  }

  /// TableBase::unique_group_match and group_order for this model (see GroupOps).
  static const void* group_match_any(const TableBase& table, const void* row) {
    const auto& self = static_cast<const Table&>(table);
    const T* out = nullptr;
    for_each_column([&]<std::size_t I>() {
      if constexpr (info::group_leader[I] == I)
        if (!out) out = self.template group_match<I>(*static_cast<const T*>(row), nullptr);
    });
    return out;
  }
  static void group_rows(const TableBase& table, std::size_t leader,
                         std::vector<const void*>& out) {
    const auto& self = static_cast<const Table&>(table);
    for_each_column([&]<std::size_t I>() {
      if constexpr (info::group_leader[I] == I) {
        if (I != leader) return;
        for (const T& r : self.rows_.template get<by_group<I>>()) out.push_back(&r);
      }
    });
  }
  static constexpr GroupOps group_ops{&group_match_any, &group_rows};

  /// A stored row other than `self` holding `row`'s values in every column of the
  /// composite unique constraint led by column L, or nullptr (a NULL in one never matches).
  template <std::size_t L>
  const T* group_match(const T& row, const T* self) const {
    constexpr auto& members = info::template group_members<L>;
    return [&]<std::size_t... K>(std::index_sequence<K...>)->const T* {
      const auto values =
          std::make_tuple(value_ptr(row.*(info::template col<members[K]>::member))...);
      if (((std::get<K>(values) == nullptr) || ...)) return nullptr;
      auto& idx = rows_.template get<by_group<L>>();
      auto [lo, hi] = idx.equal_range(std::make_tuple(*std::get<K>(values)...));
      for (; lo != hi; ++lo)
        if (&*lo != self) return &*lo;
      return nullptr;
    }
    (std::make_index_sequence<members.size()>{});
  }

  /// link() on a path that restores a row (after a refused replace, or in undo), which
  /// cannot report failure: running out of memory there terminates, as it would in any
  /// rollback.
  void relink(const void* row, LinkSet which = all_links) noexcept { link(row, which); }

  NodePool pool_;  // the rows' memory: declared first, so it outlives their nodes
  container rows_;
  counter_type next_id_ = 1;
  bool exhausted_ = false;  // the largest key is taken: no id left to assign
};

}  // namespace relata::detail
