// Internal: Table<T>, the rows of one model in a boost::multi_index_container.
//
// Index layout, derived from the declaration at compile time:
//
//   index 0  hashed_unique  <primary key>            O(1) find by key
//   index 1  ordered_unique <primary key>            iteration in key order
//   index k  ordered_unique <column, primary key>    one per unique / indexed column:
//                                                    equal_range(column) yields the rows in
//                                                    key order; ranges serve the planner
//
// Foreign keys are indexed beside the container, by ChildLists (child_lists.hpp): per
// parent key, a contiguous array of row pointers in key order, which is what association
// traversal and eager loading walk.
//
// Secondary indices are unique on (column, key) so they never reject a row: uniqueness of
// `unique` columns is checked by the table before anything changes (NULLs do not collide, as
// in SQL), and that same check produces the typed error. Every mutation goes through
// insert / erase / modify-with-rollback and is logged in the UndoLog; bare modify() is never
// used, because on a collision it erases the element.
#pragma once

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>
#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "relata/detail/child_lists.hpp"
#include "relata/detail/model_info.hpp"
#include "relata/detail/table_base.hpp"
#include "relata/error.hpp"
#include "relata/timestamp.hpp"

namespace relata::detail {

namespace mi = boost::multi_index;

struct by_hash {};
struct by_key {};
template <auto Member>
struct by_column {};

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

/// Number of UTF-8 code points in s.
inline std::size_t utf8_length(const std::string& s) noexcept {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

template <class T>
class Table final : public TableBase {
  static_assert(check_model<T>());

 public:
  using info = model_info<T>;
  using key_type = typename info::key_type;
  static constexpr auto pk = info::pk_member;

 private:
  template <class Col>
  static auto secondary_index() {
    if constexpr ((Col::is_unique || Col::is_indexed) && !Col::is_primary_key) {
      return boost::mp11::mp_list<mi::ordered_unique<
          mi::tag<by_column<Col::member>>,
          mi::composite_key<T, mi::member<T, typename Col::value_type, Col::member>,
                            mi::member<T, key_type, pk>>>>{};
    } else {
      return boost::mp11::mp_list<>{};
    }
  }
  template <std::size_t... I>
  static auto all_indices(std::index_sequence<I...>) -> boost::mp11::mp_append<
      boost::mp11::mp_list<mi::hashed_unique<mi::tag<by_hash>, mi::member<T, key_type, pk>>,
                           mi::ordered_unique<mi::tag<by_key>, mi::member<T, key_type, pk>>>,
      decltype(secondary_index<typename info::template col<I>>())...>;

 public:
  using container = mi::multi_index_container<
      T, boost::mp11::mp_rename<decltype(all_indices(typename info::seq{})), mi::indexed_by>>;

  Table()
      : TableBase(std::string(model<T>::table), make_columns(), info::pk_index),
        children_(info::size) {}

  /// All rows, for read access through any index.
  [[nodiscard]] const container& rows() const noexcept { return rows_; }
  /// The row with primary key `key`, or nullptr.
  [[nodiscard]] const T* find(key_type key) const {
    ++stats_.lookups;
    auto& h = rows_.template get<by_hash>();
    auto it = h.find(key);
    return it == h.end() ? nullptr : &*it;
  }

  /// Checks and inserts a row; throws a typed error (table unchanged) when a check fails.
  const T& insert(T row, const Clock& clock, UndoLog& log) {
    const key_type previous_next = next_id_;
    if constexpr (info::pk_col::template has<opt::auto_increment_t>) {
      if (row.*pk == 0) row.*pk = next_id_;
    }
    prepare_new(row, clock);
    check_row(row, nullptr);
    log.reserve_one();
    auto [it, inserted] = rows_.insert(std::move(row));
    if (!inserted) throw_duplicate_key(*it);
    try {
      link(*it);
    } catch (...) {
      unlink(*it);
      rows_.erase(it);
      throw;
    }
    if ((*it).*pk >= next_id_) next_id_ = (*it).*pk + 1;
    log.push({this, UndoEntry::kind::inserted, static_cast<std::int64_t>((*it).*pk),
              static_cast<std::int64_t>(previous_next), nullptr});
    return *it;
  }

  /// Applies `mutate` to a copy of row `key`, checks it, and replaces the row.
  template <class F>
  const T& update(key_type key, F&& mutate, const Clock& clock, UndoLog& log) {
    auto& h = rows_.template get<by_hash>();
    auto it = h.find(key);
    if (it == h.end()) throw_not_found(key);
    T updated = *it;
    std::forward<F>(mutate)(updated);
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr (C::template has<opt::updated_at_t>) updated.*(C::member) = clock();
    });
    check_row(updated, &*it);
    const key_type new_key = updated.*pk;
    check_not_referenced(*it, updated);
    const key_type previous_next = next_id_;
    auto copy = std::make_unique<typed_copy>(*it);
    log.reserve_one();
    const T& old = copy->row;
    unlink(*it);
    const bool modified = rows_.modify(
        it, [&](T& r) { r = std::move(updated); }, [&](T& r) { r = old; });
    relink(*it);
    if (!modified) throw_duplicate_key(updated);
    if (new_key >= next_id_) next_id_ = new_key + 1;
    log.push({this, UndoEntry::kind::updated, static_cast<std::int64_t>(new_key),
              static_cast<std::int64_t>(previous_next), std::move(copy)});
    return *it;
  }

  // --- the type-erased interface

  std::size_t size() const noexcept override { return rows_.size(); }

  std::int64_t next_id() const noexcept override { return static_cast<std::int64_t>(next_id_); }

  bool contains(std::int64_t key) const override {
    return rows_.template get<by_hash>().count(static_cast<key_type>(key)) != 0;
  }

  void referencing(std::size_t column, std::int64_t key,
                   std::vector<std::int64_t>& out) const override {
    for (const void* r : children_[column].find(key)) out.push_back(row_key(r));
  }

  void erase(std::int64_t key, UndoLog& log) override {
    auto& h = rows_.template get<by_hash>();
    auto it = h.find(static_cast<key_type>(key));
    auto copy = std::make_unique<typed_copy>(*it);
    log.reserve_one();
    unlink(*it);
    h.erase(it);
    log.push(
        {this, UndoEntry::kind::erased, key, static_cast<std::int64_t>(next_id_), std::move(copy)});
  }

  void set_null(std::int64_t key, std::size_t column, UndoLog& log) override {
    auto& h = rows_.template get<by_hash>();
    auto it = h.find(static_cast<key_type>(key));
    auto copy = std::make_unique<typed_copy>(*it);
    log.reserve_one();
    const T& old = copy->row;
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr (C::nullable) {
        if (I == column) {
          unlink(*it);
          rows_.modify(
              it, [](T& r) { (r.*(C::member)).reset(); }, [&](T& r) { r = old; });
          relink(*it);
        }
      }
    });
    log.push({this, UndoEntry::kind::updated, key, static_cast<std::int64_t>(next_id_),
              std::move(copy)});
  }

  void undo(UndoEntry& e) noexcept override {
    auto& h = rows_.template get<by_hash>();
    switch (e.what) {
      case UndoEntry::kind::inserted: {
        auto it = h.find(static_cast<key_type>(e.key));
        unlink(*it);
        h.erase(it);
        break;
      }
      case UndoEntry::kind::erased:
        relink(*rows_.insert(std::move(static_cast<typed_copy&>(*e.row).row)).first);
        break;
      case UndoEntry::kind::updated: {
        auto it = h.find(static_cast<key_type>(e.key));
        T& before = static_cast<typed_copy&>(*e.row).row;
        T current = *it;
        unlink(*it);
        rows_.modify(
            it, [&](T& r) { r = std::move(before); }, [&](T& r) { r = current; });
        relink(*it);
        break;
      }
    }
    next_id_ = static_cast<key_type>(e.previous_next_id);
  }

  void for_each_row(const std::function<void(const void*)>& f) const override {
    for (const T& r : rows_.template get<by_key>()) f(&r);
  }

  const void* find_row(std::int64_t key) const override { return find(static_cast<key_type>(key)); }

  std::span<const void* const> children(std::size_t column, std::int64_t key) const override {
    ++stats_.lookups;
    return children_[column].find(key);
  }

  void scan(std::vector<const void*>& out) const override {
    const auto& idx = rows_.template get<by_key>();
    out.reserve(out.size() + idx.size());
    for (const T& r : idx) out.push_back(&r);
    stats_.rows_scanned += idx.size();
  }

  void index_range(std::size_t column, const Value& lo, bool lo_open, const Value& hi, bool hi_open,
                   std::vector<const void*>& out) const override {
    ++stats_.lookups;
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
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
              [](const void* a, const void* b) {
                return static_cast<const T*>(a)->*pk < static_cast<const T*>(b)->*pk;
              });
  }

  const void* find_by(std::size_t column, std::int64_t key) const override {
    if (column == pk_column()) return find_row(key);
    const void* out = nullptr;
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      using U = typename C::value_type;
      if constexpr (C::is_unique && !C::is_primary_key && std::is_integral_v<U>) {
        if (I != column) return;
        ++stats_.lookups;
        const auto& idx = rows_.template get<by_column<C::member>>();
        auto it = idx.lower_bound(std::make_tuple(static_cast<U>(key)));
        if (it != idx.end() && static_cast<std::int64_t>((*it).*(C::member)) == key) out = &*it;
      }
    });
    return out;
  }

  std::optional<std::int64_t> key_value(const void* row, std::size_t column) const override {
    std::optional<std::int64_t> out;
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      using B = typename C::base_type;
      if constexpr (std::is_integral_v<B> && !std::is_same_v<B, bool>) {
        if (I != column) return;
        if (const auto* v = value_ptr(static_cast<const T*>(row)->*(C::member)))
          out = static_cast<std::int64_t>(*v);
      }
    });
    return out;
  }

  std::int64_t row_key(const void* row) const noexcept override {
    return static_cast<std::int64_t>(static_cast<const T*>(row)->*pk);
  }

  std::optional<std::int64_t> foreign_key(const void* row, std::size_t column) const override {
    std::optional<std::int64_t> out;
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr (C::is_foreign_key) {
        if (I != column) return;
        if (const auto* v = value_ptr(static_cast<const T*>(row)->*(C::member)))
          out = static_cast<std::int64_t>(*v);
      }
    });
    return out;
  }

 private:
  struct typed_copy final : RowCopy {
    explicit typed_copy(const T& r) : row(r) {}
    T row;
  };

  template <class F>
  static void for_each_column(F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (f.template operator()<I>(), ...);
    }
    (typename info::seq{});
  }

  static std::vector<ColumnInfo> make_columns() {
    std::vector<ColumnInfo> out;
    out.reserve(info::size);
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      using U = typename C::value_type;
      using base = typename C::base_type;
      const auto& c = std::get<I>(model<T>::columns);
      ColumnInfo ci;
      ci.name = std::string(c.name);
      ci.kind = column_type<U>::kind;
      ci.nullable = C::nullable;
      ci.primary_key = C::is_primary_key;
      ci.auto_increment = C::template has<opt::auto_increment_t>;
      ci.unique = C::is_unique;
      ci.indexed = C::is_indexed;
      ci.foreign_key = C::is_foreign_key;
      ci.created_at = C::template has<opt::created_at_t>;
      ci.updated_at = C::template has<opt::updated_at_t>;
      if constexpr (is_decimal_v<base>) {
        ci.precision = base::precision;
        ci.scale = base::scale;
      }
      ci.on_delete = C::nullable ? action::set_null : action::restrict;
      std::apply(
          [&](const auto&... o) {
            (
                [&](const auto& option) {
                  using O = std::remove_cvref_t<decltype(option)>;
                  if constexpr (references_target<O>::present) {
                    using target =
                        typename member_traits<decltype(references_target<O>::key)>::owner;
                    ci.references_table = std::string(model<target>::table);
                    ci.referenced_column =
                        model_info<target>::template index_of<references_target<O>::key>;
                  } else if constexpr (is_on_delete_v<O>) {
                    ci.on_delete = O::value;
                  } else if constexpr (is_default_v<O>) {
                    ci.default_value =
                        column_type<base>::to_value(to_column_value<base>(option.value));
                  }
                }(o),
                ...);
          },
          c.options);
      ci.get = +[](const void* row) -> Value {
        return column_type<U>::to_value(static_cast<const T*>(row)->*(C::member));
      };
      ci.set = +[](void* row, const Value& v) -> bool {
        return column_type<U>::from_value(v, static_cast<T*>(row)->*(C::member));
      };
      out.push_back(std::move(ci));
    });
    return out;
  }

  std::string display(const T& row, std::size_t column) const {
    return to_display(columns()[column].get(&row));
  }

  /// Timestamps and defaults of a row about to be created.
  void prepare_new(T& row, const Clock& clock) const {
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr (C::template has<opt::created_at_t> || C::template has<opt::updated_at_t>) {
        row.*(C::member) = clock();
      }
      if constexpr (C::nullable) {
        std::apply(
            [&](const auto&... o) {
              (
                  [&](const auto& option) {
                    if constexpr (is_default_v<std::remove_cvref_t<decltype(option)>>) {
                      if (!(row.*(C::member)))
                        row.*(C::member) = to_column_value<typename C::base_type>(option.value);
                    }
                  }(o),
                  ...);
            },
            std::get<I>(model<T>::columns).options);
      }
    });
  }

  /// Every check a row must pass before it is written: validators (all failures collected),
  /// then uniqueness, then foreign keys. `self` is the row being replaced, if any.
  void check_row(const T& row, const T* self) const {
    std::vector<FieldError> errors;
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      const auto& c = std::get<I>(model<T>::columns);
      const auto* v = value_ptr(row.*(C::member));
      if (!v) return;  // validators do not run on NULL
      std::apply([&](const auto&... o) { (validate(row, I, c.name, *v, o, errors), ...); },
                 c.options);
    });
    if (!errors.empty()) throw ValidationError(std::move(errors));

    if (!self || self->*pk != row.*pk) {
      if (find(row.*pk)) throw_duplicate_key(row);
    }
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr (C::is_unique && !C::is_primary_key) {
        const auto* v = value_ptr(row.*(C::member));
        if (!v) return;
        auto& idx = rows_.template get<by_column<C::member>>();
        auto [lo, hi] = idx.equal_range(std::make_tuple(*v));
        for (; lo != hi; ++lo) {
          if (&*lo != self) throw UniqueConstraintError(name(), columns()[I].name, display(row, I));
        }
      }
    });
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr (C::is_foreign_key) {
        const auto* v = value_ptr(row.*(C::member));
        if (!v) return;
        if (self && value_ptr(self->*(C::member)) && *value_ptr(self->*(C::member)) == *v)
          return;  // unchanged: the referenced row exists by invariant
        const ColumnInfo& ci = columns()[I];
        const auto key = static_cast<std::int64_t>(*v);
        if (ci.referenced == this && key_value(&row, ci.referenced_column) == key) return;
        if (!ci.referenced->find_by(ci.referenced_column, key)) {
          throw ForeignKeyConstraintError(name(), ci.name, display(row, I),
                                          "foreign key constraint failed: " + name() + "." +
                                              ci.name + " = " + display(row, I) +
                                              " references no row of " + ci.references_table);
        }
      }
    });
  }

  template <class V, class O>
  void validate(const T& row, std::size_t column, std::string_view col_name, const V& v,
                const O& option, std::vector<FieldError>& errors) const {
    auto fail = [&](std::string validator, std::string what) {
      std::string shown = display(row, column);
      errors.push_back({name(), std::string(col_name), shown, std::move(validator),
                        name() + "." + std::string(col_name) + " = " + shown + " " + what});
    };
    if constexpr (std::is_same_v<O, opt::not_empty_t>) {
      if (v.empty()) fail("not_empty", "must not be empty");
    } else if constexpr (std::is_same_v<O, opt::length_t>) {
      std::size_t n = utf8_length(v);
      if (n < option.min || n > option.max)
        fail("length", "must be " + std::to_string(option.min) + " to " +
                           std::to_string(option.max) + " characters long");
    } else if constexpr (is_bound_v<O>) {
      auto bound = to_column_value<V>(option.bound);
      bool is_min = std::is_same_v<O, opt::min_t<decltype(option.bound)>>;
      if (is_min ? v < bound : bound < v)
        fail(is_min ? "min" : "max",
             std::string(is_min ? "is less than the minimum " : "is greater than the maximum ") +
                 to_display(column_type<V>::to_value(bound)));
    } else if constexpr (is_validator_v<O>) {
      if (!option.check(v))
        fail(std::string(option.name), "failed validator " + std::string(option.name));
    }
  }

  /// Refuses to change a key (the primary key, or a unique column) that other rows still
  /// reference.
  void check_not_referenced(const T& before, const T& after) const {
    std::vector<std::int64_t> refs;
    for (const IncomingReference& in : incoming()) {
      const auto old_key = key_value(&before, in.referenced_column);
      const auto new_key = key_value(&after, in.referenced_column);
      if (!old_key || old_key == new_key) continue;
      refs.clear();
      in.from->referencing(in.column, *old_key, refs);
      if (!refs.empty()) {
        const std::string& key_name = columns()[in.referenced_column].name;
        throw ForeignKeyConstraintError(
            name(), key_name, std::to_string(*old_key),
            "foreign key constraint failed: cannot change " + name() + "." + key_name + " from " +
                std::to_string(*old_key) + " to " +
                (new_key ? std::to_string(*new_key) : std::string("NULL")) + ": " +
                std::to_string(refs.size()) + " row(s) of " + in.from->name() +
                " reference it through " + in.from->name() + "." +
                in.from->columns()[in.column].name);
      }
    }
  }

  [[noreturn]] void throw_duplicate_key(const T& row) const {
    throw UniqueConstraintError(name(), columns()[pk_column()].name, display(row, pk_column()));
  }
  [[noreturn]] void throw_not_found(key_type key) const {
    throw NotFoundError(name(), columns()[pk_column()].name, std::to_string(key));
  }

  static std::int64_t key_of(const void* row) noexcept {
    return static_cast<std::int64_t>(static_cast<const T*>(row)->*pk);
  }

  /// Adds a stored row to the child list of each non-null foreign key.
  void link(const T& row) {
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr (C::is_foreign_key) {
        if (const auto* v = value_ptr(row.*(C::member)))
          children_[I].add(static_cast<std::int64_t>(*v), &row, key_of(&row), key_of);
      }
    });
  }
  /// link() on a path that restores a row (after modify, or in undo), which cannot report
  /// failure: running out of memory there terminates, as it would in any rollback.
  void relink(const T& row) noexcept { link(row); }
  /// Removes a stored row from the child lists of its foreign keys.
  void unlink(const T& row) noexcept {
    for_each_column([&]<std::size_t I>() {
      using C = typename info::template col<I>;
      if constexpr (C::is_foreign_key) {
        if (const auto* v = value_ptr(row.*(C::member)))
          children_[I].remove(static_cast<std::int64_t>(*v), &row, key_of(&row), key_of);
      }
    });
  }

  container rows_;
  std::vector<ChildLists> children_;  // per column; used for foreign keys only
  key_type next_id_ = 1;
};

}  // namespace relata::detail
