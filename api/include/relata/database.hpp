// relata/database.hpp — the Database: defined models, their rows, and the statements on them.
//
// Contract:
// - Ownership: a Database owns its tables and rows. Pointers and references it returns
//   point into storage: they stay valid until that row is destroyed or updated, or the
//   Database is destroyed or moved from; they never dangle silently into another row.
// - Atomicity: every write is one statement. It checks every constraint before it changes
//   anything and throws a typed relata::Error on failure; a statement that throws (a
//   cascade, or the 50th row of a bulk_create, included) leaves the database exactly as it
//   was, auto-increment counters included.
// - Order: whole-table reads return rows in primary-key order.
// - Threads: not internally locked, like a standard container: any number of concurrent
//   readers (const members), or one writer and no reader.
// - Complexity: find_by_pk is one hash lookup; create/update are O(log n) per index;
//   destroy is one index lookup per referencing table per deleted row.
#pragma once

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <future>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "relata/association.hpp"
#include "relata/change.hpp"
#include "relata/detail/database_support.hpp"
#include "relata/detail/snapshot_io.hpp"
#include "relata/detail/typed_store.hpp"
#include "relata/hooks.hpp"

#ifndef RELATA_CHECK_RANGES
#ifdef NDEBUG
#define RELATA_CHECK_RANGES 0
#else
#define RELATA_CHECK_RANGES 1
#endif
#endif
#include "relata/query.hpp"
#include "relata/result.hpp"
#include "relata/schema.hpp"
#include "relata/snapshot.hpp"
#include "relata/timestamp.hpp"
#include "relata/transaction.hpp"

// After query.hpp, in a block of its own so that include sorting keeps it there: a mistake in
// a query's options is then reported from query.hpp directly, within the first lines.
#include "relata/loaded.hpp"

namespace relata {

/// The primary-key type of model T.
template <class T>
using key_t = typename detail::model_info<T>::key_type;

/// Counters of index lookups and scanned rows, summed over all tables.
struct Stats {
  std::size_t lookups = 0;       ///< index probes: by key, or one parent's children
  std::size_t rows_scanned = 0;  ///< rows visited by full scans
};

namespace detail {
/// What a db.get() range checks before it shows a row: that no load or assignment replaced
/// the tables (the list it views is gone then), and that its list's version has not moved on.
struct RangeStamp {
  const std::uint64_t* replacements;  // Store::replacements()
  std::uint64_t seen_replacements;
  const std::uint64_t* version;  // ChildLists::version(), read only while the tables stand
  std::uint64_t seen_version;
  /// Throws errc::misuse, naming `table`, when the range is stale.
  void verify(std::string_view table) const {
    if (*replacements != seen_replacements) throw_stale_range(table, true);
    if (*version != seen_version) throw_stale_range(table, false);
  }
};
}  // namespace detail

/// The rows a has_many association holds for one parent, in primary-key order: a view of
/// the foreign-key index, zero copy. It goes stale when a row joins or leaves any list of
/// that foreign key (a create, a destroy, a key change; an update of other columns does
/// not), and when a load or an assignment of another database replaces the rows. When
/// RELATA_CHECK_RANGES is 1 (the default unless NDEBUG), using a stale range's iterator
/// throws relata::Error (errc::misuse) instead of showing wrong rows: collect the keys first,
/// then write.
template <class T>
class Children {
 public:
  /// A view of `rows`, stale once the stamp's counters move on.
  Children(std::span<const void* const> rows, const detail::RangeStamp& stamp) noexcept
      : rows_(rows), stamp_(stamp) {}
  /// Random-access iterator over the rows (const T&).
  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;
    iterator() = default;
    iterator(const void* const* p, const detail::RangeStamp& stamp) : p_(p), stamp_(stamp) {}
    const T& operator*() const {
      verify(stamp_);
      return *static_cast<const T*>(*p_);
    }
    const T* operator->() const { return &**this; }
    iterator& operator++() {
      ++p_;
      return *this;
    }
    iterator operator++(int) {
      auto t = *this;
      ++p_;
      return t;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.p_ == b.p_; }

   private:
    const void* const* p_ = nullptr;
    detail::RangeStamp stamp_{};
  };
  /// The first row.
  [[nodiscard]] iterator begin() const noexcept { return iterator(rows_.data(), stamp_); }
  /// Past the last row.
  [[nodiscard]] iterator end() const noexcept {
    return iterator(rows_.data() + rows_.size(), stamp_);
  }
  [[nodiscard]] std::size_t size() const noexcept { return rows_.size(); }  ///< row count
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }       ///< no rows
  /// Row i (0 <= i < size()).
  [[nodiscard]] const T& operator[](std::size_t i) const {
    verify(stamp_);
    return *static_cast<const T*>(rows_[i]);
  }

 private:
  static void verify([[maybe_unused]] const detail::RangeStamp& stamp) {
#if RELATA_CHECK_RANGES
    stamp.verify(model<T>::table);
#endif
  }
  std::span<const void* const> rows_;
  detail::RangeStamp stamp_;
};

/// The rows of a has_many whose target is a paranoid model, without its soft-deleted rows:
/// Children over its own copy of the child list (a move keeps it valid; no copies).
template <class T>
class LiveChildren {
 public:
  /// Owns `rows` (a child list's live rows) and checks staleness with `stamp`.
  LiveChildren(std::vector<const void*> rows, const detail::RangeStamp& stamp)
      : rows_(std::move(rows)), view_(rows_, stamp) {}
  LiveChildren(LiveChildren&&) noexcept = default;        ///< the rows' buffer moves along
  LiveChildren(const LiveChildren&) = delete;             ///< a view of its own buffer
  LiveChildren& operator=(const LiveChildren&) = delete;  ///< a view of its own buffer
  [[nodiscard]] auto begin() const noexcept { return view_.begin(); }       ///< the first row
  [[nodiscard]] auto end() const noexcept { return view_.end(); }           ///< past the last
  [[nodiscard]] std::size_t size() const noexcept { return view_.size(); }  ///< row count
  [[nodiscard]] bool empty() const noexcept { return view_.empty(); }       ///< no rows
  /// Row i (0 <= i < size()).
  [[nodiscard]] const T& operator[](std::size_t i) const { return view_[i]; }

 private:
  std::vector<const void*> rows_;
  Children<T> view_;
};

/// The join model of a belongs_to_many association A (std::monostate for the others): the
/// type of the through-values that add / set / create take.
template <class A>
using through_values_t =
    std::conditional_t<std::is_void_v<typename A::through>, std::monostate, typename A::through>;

/// A row to create together with rows nested under it (see Database::create(row, nested)).
template <class T, class... N>
struct node_t {
  T row;                    ///< the row itself
  std::tuple<N...> nested;  ///< nested_t values: the rows to create with it
};
/// `row` with `nested` rows (relata::nested(...) values) to create with it.
template <class T, class... N>
node_t<T, N...> node(T row, N... nested) {
  return {std::move(row), {std::move(nested)...}};
}

namespace detail {
template <class V, class T>
inline constexpr bool is_node_of = std::is_same_v<V, T>;
template <class T, class... N>
inline constexpr bool is_node_of<node_t<T, N...>, T> = true;
template <class T>
inline constexpr bool is_node_of<std::vector<T>, T> = true;
/// The row of nested value `v` of model T: the row itself, or a node's row.
template <class T, class V>
T& row_of(V& v) noexcept {
  if constexpr (std::is_same_v<V, T>)
    return v;
  else
    return v.row;
}
}  // namespace detail

/// The rows to create through association A under a row being created (Sequelize's create
/// with `include`): each value is an A::target row, a node(row, nested...) of one, or a
/// std::vector of rows. belongs_to and has_one take exactly one. For a belongs_to_many, a
/// value of the join model gives the through values of the rows after it.
template <association A, class... V>
struct nested_t {
  using association_type = A;  ///< the association the rows are created through
  A association;               ///< the association itself (its scope applies)
  std::tuple<V...> values;     ///< the rows, in creation order
};
/// Rows to create through `a` (see nested_t).
template <association A, class... V>
nested_t<A, V...> nested(const A& a, V... values) {
  static_assert(
      ((detail::is_node_of<V, typename A::target> || std::is_same_v<V, through_values_t<A>>)&&...),
      "relata: nested(a, ...) takes rows of the association's target model (or "
      "node(row, ...) of one, or a std::vector of them)");
  static_assert(A::plural || (sizeof...(V) == 1 &&
                              !(detail::is_node_of<V, std::vector<typename A::target>> || ...)),
                "relata: nested() of a belongs_to or has_one takes exactly one row");
  return {a, {std::move(values)...}};
}

namespace detail {
template <class N>
inline constexpr bool is_nested = false;
template <class A, class... V>
inline constexpr bool is_nested<nested_t<A, V...>> = true;
}  // namespace detail

/// bulk destroy / destroy(key) option: delete a paranoid model's row for good.
struct force_t {};
/// destroy<T>(key, relata::force): see Database::destroy.
inline constexpr force_t force{};

/// A row reached through a belongs_to_many association, with its join row.
template <class T, class J>
struct Linked {
  const T* row;      ///< the associated row
  const J* through;  ///< the join row (through-attributes such as quantity)
};

/// bulk_create's option: skip a record that collides with a stored row.
struct ignore_duplicates_t {};
/// bulk_create(rows, ignore_duplicates): see Database::bulk_create.
inline constexpr ignore_duplicates_t ignore_duplicates{};

/// bulk_create's option: a colliding record writes these columns into the stored row.
template <class T>
struct update_on_duplicate_t {
  std::vector<std::size_t> columns;  ///< column indexes, declaration order of the call
};
/// bulk_create(rows, update_on_duplicate(&T::a, &T::b)): see Database::bulk_create. The
/// primary key cannot be listed (SchemaError): it is what identifies the stored row.
template <class T, class... U>
update_on_duplicate_t<T> update_on_duplicate(U T::*... members) {
  update_on_duplicate_t<T> out{{detail::column_index(members)...}};
  for (std::size_t c : out.columns)
    if (detail::model_info<T>::is_key_column(c))
      throw SchemaError("schema error: update_on_duplicate lists the primary key of " +
                        std::string(model<T>::table) + ": it identifies the row to update");
  return out;
}

/// An in-memory relational database of models declared with relata::model<T>.
class Database {
 public:
  /// An empty database with no tables, whose clock is the system clock.
  Database() = default;
  ~Database() = default;
  Database(Database&&) noexcept = default;  ///< moves every table; the source is left empty
  Database& operator=(Database&&) noexcept = default;  ///< moves every table; source left empty
  Database(const Database&) = delete;  ///< deleted on purpose: copying a world is explicit
  Database& operator=(const Database&) = delete;  ///< deleted on purpose

  /// Creates T's table (like sequelize.define). Tables a model references must be defined
  /// first; throws SchemaError when T or its table name is already defined.
  template <class T>
  void define() {
    detail::define_table<T>(store_);
  }
  /// True when T's table is defined.
  template <class T>
  [[nodiscard]] bool defined() const noexcept {
    return detail::find_table<T>(store_) != nullptr;
  }

  /// Inserts a row and returns it as stored. A primary key of 0 on an auto_increment column
  /// gets the next id; an explicit free id is kept. Sets created_at/updated_at and defaults.
  template <class T>
  const T& create(T row) {
    auto& table = detail::table_of<T>(store_);
    return store_.statement(
        [&]() -> const T& { return table.insert(std::move(row), store_.context()); });
  }
  /// Creates `row` and the rows nested under it, at any depth, in one statement (Sequelize's
  /// create with include): a belongs_to's row is created first and `row` points at it; then
  /// `row`; then each has_many / has_one row with its key filled in, and each belongs_to_many
  /// row with a join row. Returns `row` as stored; all rows or none.
  ///   db.create(Order{...}, relata::nested(items, relata::node(OrderItem{.quantity = 2},
  ///             relata::nested(product, Product{...}))));
  template <class T, class... N>
  requires(sizeof...(N) > 0 && (detail::is_nested<std::remove_cvref_t<N>> &&
                                ...)) const T& create(T row, N&&... nested) {
    static_assert(
        (std::is_same_v<typename std::remove_cvref_t<N>::association_type::source, T> && ...),
        "relata: a nested() association starts from another model than the created row's");
    return store_.statement(
        [&]() -> const T& { return create_nested(std::move(row), std::as_const(nested)...); });
  }
  /// Inserts all rows or none; returns the stored rows in the order given. A ValidationError
  /// names every failing field of every failing record (FieldError::record), not the first.
  /// The rows are copied into the table one by one (the vector itself is not copied); pass
  /// an rvalue to move them instead.
  template <class T>
  std::vector<const T*> bulk_create(const std::vector<T>& rows) {
    return bulk_write<T>(rows, false, nullptr);
  }
  /// bulk_create, moving the rows into the table.
  template <class T>
  std::vector<const T*> bulk_create(std::vector<T>&& rows) {
    return bulk_write<T>(rows, false, nullptr);
  }
  /// bulk_create where a record that collides with a stored row (on its primary key, not a 0
  /// on an auto_increment key, on a unique column or on a composite unique constraint), or
  /// with an earlier record of the same call, is skipped and the stored row returned in its place
  /// (Sequelize's ignoreDuplicates).
  template <class T>
  std::vector<const T*> bulk_create(const std::vector<T>& rows, ignore_duplicates_t) {
    return bulk_write<T>(rows, true, nullptr);
  }
  /// bulk_create(rows, ignore_duplicates), moving the rows into the table.
  template <class T>
  std::vector<const T*> bulk_create(std::vector<T>&& rows, ignore_duplicates_t) {
    return bulk_write<T>(rows, true, nullptr);
  }
  /// bulk_create where a record that collides (see ignore_duplicates) writes the listed
  /// columns into the stored row instead, with every check of an update (Sequelize's
  /// updateOnDuplicate); the stored row is returned in its place.
  template <class T>
  std::vector<const T*> bulk_create(const std::vector<T>& rows,
                                    const update_on_duplicate_t<T>& opt) {
    return bulk_write<T>(rows, false, &opt.columns);
  }
  /// bulk_create(rows, update_on_duplicate(...)), moving the rows into the table.
  template <class T>
  std::vector<const T*> bulk_create(std::vector<T>&& rows, const update_on_duplicate_t<T>& opt) {
    return bulk_write<T>(rows, false, &opt.columns);
  }
  /// The row with primary key `key`, or nullptr.
  template <class T, class K = key_t<T>>
  [[nodiscard]] const T* find_by_pk(const K& key) const {
    static_assert(detail::operand_for<key_t<T>, K>,
                  "relata: find_by_pk<T>(key) takes a value of the primary key's type");
    if (!detail::integer_fits<key_t<T>>(key)) return nullptr;  // no key of T's type is it
    const T* row = detail::table_of<T>(store_).find(static_cast<key_t<T>>(key));
    if (row && !detail::live(*row)) return nullptr;  // soft-deleted
    if (!scopes_.entries.empty() && row)  // the default scope applies to a find by key too
      if (const auto* s = scopes_.find(detail::type_slot<T>(), ""); s && !detail::matches(**s, row))
        return nullptr;
    return row;
  }
  /// The rows of T matching the options (where, order_by, limit, offset, attributes,
  /// include), or a prepared relata::Query<T>; primary-key order by default.
  template <class T, class... O>
  [[nodiscard]] Rows<T> find_all(O&&... opts) const {
    (void)detail::table_of<T>(store_);
    return Rows<T>(store_, spec_of<T>(std::forward<O>(opts)...));
  }
  /// The first row find_all would return, or an empty Result.
  template <class T, class... O>
  [[nodiscard]] Result<T> find_one(O&&... opts) const {
    (void)detail::table_of<T>(store_);
    auto spec = std::make_shared<detail::QuerySpec>(*spec_of<T>(std::forward<O>(opts)...));
    spec->limit = 1;
    return Result<T>(store_, std::move(spec), std::nullopt);
  }
  /// Row `key` with the options' includes (and attributes), or an empty Result.
  template <class T, class K = key_t<T>, class... O>
  requires(sizeof...(O) > 0 && !detail::kept_prepared_query<T, O...>)
      [[nodiscard]] Result<T> find_by_pk(const K& key, O&&... opts) const {
    static_assert(detail::operand_for<key_t<T>, K>,
                  "relata: find_by_pk<T>(key) takes a value of the primary key's type");
    const auto& table = detail::table_of<T>(store_);
    auto spec = spec_of<T>(std::forward<O>(opts)...);
    if (!detail::integer_fits<key_t<T>>(key))  // no key of T's type is it: nothing found
      return Result<T>(store_, std::move(spec), static_cast<const T*>(nullptr));
    if (detail::plain_key_query(*spec)) {  // the common case, compiled: Table<T>'s own lookup
      const T* row = table.find(static_cast<key_t<T>>(key));
      if (row && !spec->with_deleted && !detail::live(*row)) row = nullptr;
      return Result<T>(store_, std::move(spec), row);
    }
    return Result<T>(store_, std::move(spec), table.code_of(key_t<T>(key)));
  }
  /// Row `key` with the includes of prepared query `q` held in their types (see
  /// relata/loaded.hpp), or an empty Loaded; `q` must outlive the result.
  template <class T, class K = key_t<T>, class... Plans>
  [[nodiscard]] Loaded<T, Plans...> find_by_pk(const K& key,
                                               const PreparedQuery<T, Plans...>& q) const {
    static_assert(detail::operand_for<key_t<T>, K>,
                  "relata: find_by_pk<T>(key) takes a value of the primary key's type");
    const auto& table = detail::table_of<T>(store_);
    return Loaded<T, Plans...>(store_, *q.spec(), [&](Loaded<T, Plans...>& out) {
      if (!detail::integer_fits<key_t<T>>(key)) return;  // no key of T's type is it
      const auto k = static_cast<key_t<T>>(key);
      if (scopes_.entries.empty() && detail::loaded_access::plain(q))
        detail::loaded_access::find(store_, q, table.find(k), out);
      else  // a root where, offset or limit, or a scope: the executor picks the row
        detail::loaded_access::run(store_, spec_of<T>(q), table.code_of(k), out);
    });
  }
  /// The number of rows of T (of a paranoid model, those not soft-deleted; with a default
  /// scope, those it admits).
  template <class T>
  [[nodiscard]] std::size_t count() const {
    if (detail::model_info<T>::paranoid || !scopes_.entries.empty())
      return detail::count_rows(store_, detail::type_slot<T>(), *spec_of<T>());
    return detail::table_of<T>(store_).size();
  }
  /// The number of root rows matching the options: includes filter (when required) but
  /// never multiply rows; limit and offset are ignored.
  template <class T, class... O>
  requires(sizeof...(O) > 0) [[nodiscard]] std::size_t count(O&&... opts) const {
    (void)detail::table_of<T>(store_);
    return detail::count_rows(store_, detail::type_slot<T>(),
                              *spec_of<T>(std::forward<O>(opts)...));
  }
  /// How find_all would reach the rows, as text: the root's access path ("products: index
  /// categoryId = ?", "products: scan", ...), then one line per include.
  template <class T, class... O>
  [[nodiscard]] std::string explain(O&&... opts) const {
    (void)detail::table_of<T>(store_);
    return detail::explain(store_, detail::type_slot<T>(), *spec_of<T>(std::forward<O>(opts)...),
                           false);
  }

  /// Grouped aggregates over the rows of T matching the options (where, required includes,
  /// paranoid) with group_by(...) and relata::fn aggregates: see relata/aggregate.hpp.
  template <class T, class... O>
  [[nodiscard]] Groups aggregate(O&&... opts) const {
    (void)detail::table_of<T>(store_);
    Groups out;
    auto spec = Query<T>(std::forward<O>(opts)...).spec();
    if (!scopes_.entries.empty() || spec->names_scope)
      spec = detail::apply_scopes(scopes_, store_, detail::type_slot<T>(), std::move(spec));
    detail::aggregate(store_, detail::type_slot<T>(), *spec, out);
    return out;
  }
  /// Sum of a numeric column over the matching rows (NULLs skipped); empty when no value was
  /// summed. Widened as SQL's SUM is (detail::sum_of): an int32_t column sums to an int64_t,
  /// a Decimal<P,S> to a Decimal<18,S>; a total that does not fit even that is a
  /// ValidationError (rule "overflow"), never a wrapped number.
  template <class T, class U, class... O>
  [[nodiscard]] std::optional<detail::sum_t<detail::strip_optional_t<U>>> sum(U T::*member,
                                                                              O&&... opts) const {
    using R = detail::sum_t<detail::strip_optional_t<U>>;
    const auto [total, n] = total_of(member, std::forward<O>(opts)...);
    if (n == 0) return std::nullopt;
    if constexpr (std::is_floating_point_v<R>) {
      return total;
    } else {
      bool fits = false;  // in R: a 64-bit integer, or 18 digits of Decimal units
      if constexpr (is_decimal_v<R>)
        fits = total < detail::pow10(18) && total > -detail::pow10(18);
      else
        fits = total >= std::numeric_limits<R>::min() && total <= std::numeric_limits<R>::max();
      if (!fits)
        detail::throw_sum_overflow(detail::table_of<T>(store_), detail::column_index(member),
                                   "sum");
      if constexpr (is_decimal_v<R>)
        return R::from_units(static_cast<std::int64_t>(total));
      else
        return static_cast<R>(total);
    }
  }
  /// Smallest value of a column over the matching rows; empty when none.
  template <class T, class U, class... O>
  [[nodiscard]] std::optional<detail::strip_optional_t<U>> min(U T::*member, O&&... opts) const {
    return extreme(member, std::less<>{}, std::forward<O>(opts)...);
  }
  /// Largest value of a column over the matching rows; empty when none.
  template <class T, class U, class... O>
  [[nodiscard]] std::optional<detail::strip_optional_t<U>> max(U T::*member, O&&... opts) const {
    return extreme(member, std::greater<>{}, std::forward<O>(opts)...);
  }
  /// Mean of a numeric column over the matching rows; empty when none. The total is exact
  /// (it cannot overflow); a Decimal mean is a Decimal rounded half away from zero, other
  /// numbers give a double.
  template <class T, class U, class... O>
  [[nodiscard]] auto avg(U T::*member, O&&... opts) const {
    using V = detail::strip_optional_t<U>;
    const auto [total, count] = total_of(member, std::forward<O>(opts)...);
    if constexpr (is_decimal_v<V>) {
      if (count == 0) return std::optional<V>{};
      const auto n = static_cast<detail::wide_int>(count);
      const detail::wide_int q = total / n, r = total % n;
      const detail::wide_int rounded = q + ((r < 0 ? -r : r) * 2 >= n ? (total < 0 ? -1 : 1) : 0);
      return std::optional<V>(V::from_units(static_cast<std::int64_t>(rounded)));
    } else {
      return count ? std::optional<double>(static_cast<double>(total) / static_cast<double>(count))
                   : std::optional<double>{};
    }
  }

  /// Verifies every table against its indexes, like SQLite's integrity_check and
  /// foreign_key_check together: each row reachable through every index, each index in
  /// order, child lists complete and sorted, unique columns unique, every foreign key
  /// pointing at a row, auto-increment counters past every key. Returns one sentence per
  /// problem; empty when the database is sound. O(n log n) in the rows; a reader.
  [[nodiscard]] std::vector<std::string> check() const { return store_.check(); }

  // ---- scopes (Sequelize's defaultScope / addScope)

  /// Sets model T's default scope: a condition every finder, count, aggregate, write by
  /// where and include of T applies, unless the query names scope(...)s or is unscoped().
  /// Lazy accessors (db.get) are index views and apply no scope. A write: not while a
  /// statement runs.
  template <class T>
  void default_scope(where_t<T> w) {
    store_.require_quiet("default_scope");
    scopes_.set(detail::type_slot<T>(), model<T>::table, "", w.condition.node);
  }
  /// Adds model T's scope `name`, applied by the option relata::scope(name) instead of the
  /// default scope (SchemaError when T already has a scope of that name).
  template <class T>
  void add_scope(std::string name, where_t<T> w) {
    store_.require_quiet("add_scope");
    scopes_.set(detail::type_slot<T>(), model<T>::table, std::move(name), w.condition.node);
  }

  // ---- hooks

  /// The hooks of model T, to register with: db.hooks<Product>().before_create(...)
  /// (see relata/hooks.hpp for when each runs). A write: not while a statement runs.
  template <class T>
  [[nodiscard]] Hooks<T> hooks() {
    return Hooks<T>(detail::table_of<T>(store_).hooks());
  }

  // ---- change events

  /// Calls `f` with each committed change to a row of T — created, updated (before and
  /// after), destroyed, cascades included — in the order the changes were made, once the
  /// statement commits, or the transaction, savepoint or mark that holds it is committed
  /// or released as the oldest one. Rolled-back work is never delivered; a load delivers
  /// nothing. Row pointers are valid during the call only. `f` may read the database but not
  /// write it (errc::misuse); an exception from `f` reaches the caller of the write that
  /// committed, after every listener has been called, and the data stays committed.
  /// Returns an id for off_change().
  template <class T>
  std::uint64_t on_change(std::function<void(const Change<T>&)> f) {
    (void)detail::table_of<T>(store_);
    return store_.listen(detail::type_slot<T>(), [f = std::move(f)](change kind, const void* before,
                                                                    const void* after) {
      f(Change<T>{kind, static_cast<const T*>(before), static_cast<const T*>(after)});
    });
  }
  /// Stops the listener `id` returned by on_change() at once, also from inside a listener
  /// (it hears no more of the commit being delivered); no-op when unknown.
  void off_change(std::uint64_t id) noexcept { store_.unlisten(id); }

  // ---- snapshots (docs/snapshot-format.md)

  /// Writes every table to `file` atomically: a temporary file in the same directory,
  /// fsync, rename over `file`, fsync of the directory. Throws SnapshotError and leaves the
  /// old file as it was (and no temporary file) on any failure. A reader of the database.
  void save(const std::filesystem::path& file, const SaveOptions& options = {}) const {
    detail::write_snapshot_file(file, detail::encode_snapshot(store_), options);
  }
  /// Writes the snapshot to a stream (for programs that keep saves elsewhere).
  void save(std::ostream& out) const {
    detail::write_snapshot_stream(out, detail::encode_snapshot(store_));
  }
  /// Encodes the snapshot on this thread (the time the data takes to copy), then writes the
  /// file as save() does on another thread; the handle waits and reports errors. The
  /// database may be written again as soon as this returns.
  [[nodiscard]] SaveHandle save_async(std::filesystem::path file, SaveOptions options = {}) const {
    return SaveHandle(std::async(std::launch::async,
                                 [bytes = detail::encode_snapshot(store_), file = std::move(file),
                                  options] { detail::write_snapshot_file(file, bytes, options); }));
  }
  /// Replaces every table's rows by the snapshot in `file`, matching tables and columns by
  /// name (see LoadOptions). The frame, checksums, every value and every constraint are
  /// checked first: on any failure this throws SnapshotError and the database is exactly as
  /// it was. Every reference to a row of the old contents is invalid afterwards. Refused
  /// (errc::misuse) while a transaction, savepoint or mark is open.
  void load(const std::filesystem::path& file, const LoadOptions& options = {}) {
    store_.require_quiet("load");
    detail::load_snapshot(store_, detail::read_snapshot_file(file), options);
  }
  /// load() from a stream holding exactly one snapshot.
  void load(std::istream& in, const LoadOptions& options = {}) {
    store_.require_quiet("load");
    detail::load_snapshot(store_, detail::read_snapshot_stream(in), options);
  }

  /// Turns the access counters of stats() on (off by default: the lookup path then pays one
  /// predictable branch). Counting is exact under concurrent readers. A write: call it while
  /// no reader runs.
  void track_stats(bool on = true) noexcept { store_.track_stats(on); }

  /// Index lookups and scanned rows since the last reset_stats(), summed over every table
  /// (zero unless track_stats() turned counting on).
  [[nodiscard]] Stats stats() const noexcept {
    Stats s;
    for (const auto* t : store_.tables()) {
      s.lookups += t->stats().lookups.load(std::memory_order_relaxed);
      s.rows_scanned += t->stats().rows_scanned.load(std::memory_order_relaxed);
    }
    return s;
  }
  /// Sets the counters of stats() to zero.
  void reset_stats() const noexcept {
    for (const auto* t : store_.tables()) t->reset_stats();
  }

  // ---- lazy loading: the association mixins (Sequelize's getX / setX / addX / ...)

  /// The rows association `a` holds for `row`: Children<Target> (has_many, zero copy, key
  /// order), const Target* (belongs_to, has_one; nullptr when none), or
  /// std::vector<Linked<Target, Join>> (belongs_to_many, in join-row key order).
  template <class R, association A>
  [[nodiscard]] auto get(const R& row, const A& a) const;
  /// The number of rows association `a` holds for `row`.
  template <association A>
  [[nodiscard]] std::size_t count(const typename A::source& row, const A& a) const;
  /// True when every row of `keys` is associated with `row` through `a`.
  template <association A>
  [[nodiscard]] bool has(const typename A::source& row, const A& a,
                         const std::vector<key_t<typename A::target>>& keys) const;
  /// True when `target` is associated with `row` through `a`.
  template <association A>
  [[nodiscard]] bool has(const typename A::source& row, const A& a,
                         const typename A::target& target) const {
    return has(row, a, std::vector<key_t<typename A::target>>{key_of(target)});
  }

  /// Associates the rows `keys` with `row` (rows already associated are fine). For
  /// belongs_to_many, returns the join rows created, in the order of `keys`.
  template <association A>
  auto add(const typename A::source& row, const A& a,
           const std::vector<key_t<typename A::target>>& keys);
  /// belongs_to_many: add() whose new join rows are `values` with both keys filled in, and
  /// whose already associated pairs get `values` too (their join rows keep their keys and
  /// createdAt), as Sequelize's add with `through`. Returns the join rows created.
  template <association A>
  std::vector<const typename A::through*> add(const typename A::source& row, const A& a,
                                              const std::vector<key_t<typename A::target>>& keys,
                                              const through_values_t<A>& values) {
    return add_keys(row, a, keys, std::span(&values, 1));
  }
  /// belongs_to_many: add() where each target has its own through values (Sequelize's add of
  /// many instances, each with its `through`); one statement. Returns the join rows created.
  template <association A>
  requires(A::kind == association_kind::belongs_to_many)
      std::vector<const typename A::through*> add(
          const typename A::source& row, const A& a,
          const std::vector<std::pair<key_t<typename A::target>, typename A::through>>& each) {
    std::vector<key_t<typename A::target>> keys;
    std::vector<typename A::through> values;
    for (const auto& [key, v] : each) keys.push_back(key), values.push_back(v);
    return add_keys(row, a, keys, std::span<const typename A::through>(values));
  }
  /// Associates one row with `row` (see add of many).
  template <association A>
  auto add(const typename A::source& row, const A& a, const typename A::target& target) {
    return add(row, a, std::vector<key_t<typename A::target>>{key_of(target)});
  }
  /// Associates one row with `row` through a join row of `values` (see add of many).
  template <association A>
  std::vector<const typename A::through*> add(const typename A::source& row, const A& a,
                                              const typename A::target& target,
                                              const through_values_t<A>& values) {
    return add(row, a, std::vector<key_t<typename A::target>>{key_of(target)}, values);
  }

  /// Dissociates the rows `keys` from `row`. has_many / has_one: a dropped child's key is set
  /// to NULL when optional, and the child is destroyed when the key is NOT NULL (Sequelize v7).
  /// belongs_to_many: deletes the join rows only.
  template <association A>
  void remove(const typename A::source& row, const A& a,
              const std::vector<key_t<typename A::target>>& keys);
  /// Dissociates one row from `row` (see remove of many).
  template <association A>
  void remove(const typename A::source& row, const A& a, const typename A::target& target) {
    remove(row, a, std::vector<key_t<typename A::target>>{key_of(target)});
  }

  /// Replaces the rows associated with `row` by exactly `keys` (has_many, belongs_to_many):
  /// rows no longer listed are dropped as by remove(), new ones added as by add().
  template <association A>
  requires(A::plural) void set(const typename A::source& row, const A& a,
                               const std::vector<key_t<typename A::target>>& keys,
                               std::optional<through_values_t<A>> values = std::nullopt);
  /// Sets the single row of a belongs_to or has_one association to the target row with
  /// primary key `key` (std::nullopt, or an empty optional, clears it; a has_one's previous
  /// row is dropped as by remove()). A key no row has, also one the key's type cannot hold,
  /// is a NotFoundError.
  template <association A, class K = key_t<typename A::target>>
  requires(!A::plural) void set(const typename A::source& row, const A& a, const K& key) {
    using Key = key_t<typename A::target>;
    if constexpr (std::is_same_v<K, std::nullopt_t>) {
      set_one(row, a, std::nullopt);
    } else if constexpr (detail::is_optional_v<K>) {
      if (key)
        set(row, a, *key);
      else
        set_one(row, a, std::nullopt);
    } else {
      static_assert(detail::operand_for<Key, K>,
                    "relata: set(row, a, key) takes the target's primary key, of its type, or "
                    "std::nullopt");
      set_one(row, a, std::optional<Key>(existing_key<typename A::target>(key)));
    }
  }

  /// Creates a row associated with `row`: has_many / has_one fill the new row's foreign key;
  /// belongs_to creates the target and points `row` at it; belongs_to_many creates the
  /// target and a join row made of `values`. Returns the new target row.
  template <association A>
  const typename A::target& create(const typename A::source& row, const A& a,
                                   typename A::target value, through_values_t<A> values = {});
  /// Applies `mutate(T&)` to a copy of row `key`, checks it and stores it (updated_at set).
  /// Changing a key other rows reference (the primary key, or a referenced unique column)
  /// applies each reference's ON UPDATE in the same statement: cascade rewrites them, set_null
  /// clears them, restrict refuses. Throws NotFoundError when no row has `key`.
  template <class T, class K = key_t<T>, class F>
  requires(!detail::is_where_v<K>) const T& update(const K& key, F&& mutate) {
    static_assert(std::is_invocable_v<F&, T&>,
                  "relata: update<T>(key, mutate) calls mutate(T&): it must take the model's row");
    static_assert(!std::is_invocable_v<F&, T&&>, RELATA_DETAIL_MUTATOR_BY_REFERENCE);
    auto& table = detail::table_of<T>(store_);
    const key_t<T> k = existing_key<T>(key);
    return store_.statement([&]() -> const T& {
      detail::WriteContext cx = store_.context();
      cx.sole = store_.unwatched();  // the statement is this one update
      return table.update(k, std::forward<F>(mutate), cx);
    });
  }
  /// Deletes row `key` and applies each reference's ON DELETE action (cascade, set null,
  /// restrict) in the same statement. Throws NotFoundError when no row has `key`. A
  /// paranoid model's row is soft-deleted instead: its deleted_at (and updated_at) set, the
  /// destroy hooks run, no ON DELETE action (the row stays); again on a soft-deleted row, it
  /// keeps its first deleted_at.
  template <class T, class K = key_t<T>>
  requires(!detail::is_where_v<K>) void destroy(const K& key) {
    const key_t<T> k = existing_key<T>(key);
    if constexpr (detail::model_info<T>::paranoid)
      store_.statement([&] { soft_destroy<T>(k); });
    else
      destroy_row(detail::table_of<T>(store_), k);
  }
  /// Deletes row `key` for good, soft-deleted or not, with the ON DELETE actions
  /// (Sequelize's destroy({ force: true })).
  template <class T, class K = key_t<T>>
  requires(!detail::is_where_v<K>) void destroy(const K& key, force_t) {
    destroy_row(detail::table_of<T>(store_), existing_key<T>(key));
  }
  /// Clears the deleted_at of soft-deleted row `key` of a paranoid model (updated_at set; a
  /// row that is not deleted is left as it is). Throws NotFoundError when no row has `key`.
  template <class T, class K = key_t<T>>
  requires(!detail::is_where_v<K>) const T& restore(const K& key) {
    static_assert(detail::model_info<T>::paranoid,
                  "relata: restore() needs a paranoid model (one with a deleted_at column)");
    const key_t<T> k = existing_key<T>(key);
    return store_.statement(
        [&]() -> const T& { return set_deleted(existing<T>(k), std::nullopt); });
  }
  /// Restores every soft-deleted row matching `w`, as one statement; returns how many.
  template <class T>
  std::size_t restore(where_t<T> w) {
    static_assert(detail::model_info<T>::paranoid,
                  "relata: restore() needs a paranoid model (one with a deleted_at column)");
    return store_.statement([&] {
      std::size_t n = 0;
      for (const auto& r : find_all<T>(std::move(w), paranoid(false)))
        if (!detail::live(*r)) {
          set_deleted(*r, std::nullopt);
          ++n;
        }
      return n;
    });
  }

  // ---- find-or-create, upsert, find-and-count (Sequelize's model operations)

  /// The first row matching `w` (primary-key order) and false; when none matches, `row`
  /// created and true, in one statement (Sequelize's findOrCreate: its `defaults` and the
  /// where's values are both written into `row` here).
  template <class T>
  std::pair<const T&, bool> find_or_create(where_t<T> w, T row) {
    return store_.statement([&]() -> std::pair<const T&, bool> {
      const Result<T> found = find_one<T>(std::move(w));
      if (found) return {*found, false};
      return {create(std::move(row)), true};
    });
  }
  /// Inserts `row`, or overwrites the row it collides with and returns false: the row with
  /// its primary key (not a 0 on an auto_increment key), else the row holding the value of
  /// one of its unique columns, else the row holding its values of a composite unique
  /// constraint. The overwritten row keeps its primary key and its
  /// created_at; its updated_at is set (Sequelize's upsert). One statement.
  template <class T>
  std::pair<const T&, bool> upsert(T row) {
    auto& table = detail::table_of<T>(store_);
    return store_.statement([&]() -> std::pair<const T&, bool> {
      const void* existing = detail::upsert_target(table, &row);
      if (!existing) return {create(std::move(row)), true};
      const auto key = detail::model_info<T>::key_of(*static_cast<const T*>(existing));
      const T& stored = update<T>(key, [&](T& r) { overwrite(r, row); });
      return {stored, false};
    });
  }
  /// The rows find_all(opts...) returns and the number of root rows matching without limit
  /// and offset (Sequelize's findAndCountAll; required includes filter the count).
  template <class T>
  struct Counted {
    std::size_t count;  ///< matching rows, ignoring limit and offset
    Rows<T> rows;       ///< the rows of the page
  };
  /// find_all and count in one call: see Counted.
  template <class T, class... O>
  [[nodiscard]] Counted<T> find_and_count_all(O&&... opts) const {
    (void)detail::table_of<T>(store_);
    auto spec = spec_of<T>(std::forward<O>(opts)...);
    const std::size_t n = detail::count_rows(store_, detail::type_slot<T>(), *spec);
    return Counted<T>{n, Rows<T>(store_, std::move(spec))};
  }

  // ---- writes by where (Sequelize's Model.update / destroy / increment with a where)

  /// Applies `mutate(T&)` to every row matching `w`, as one statement (all rows or none);
  /// returns the number of rows updated. Rows are written in place; a row whose key does not
  /// change keeps its place in every child list.
  template <class T, class F>
  std::size_t update(where_t<T> w, F&& mutate) {
    static_assert(
        std::is_invocable_v<F&, T&>,
        "relata: update(where, mutate) calls mutate(T&) on each row of the where's model");
    static_assert(!std::is_invocable_v<F&, T&&>, RELATA_DETAIL_MUTATOR_BY_REFERENCE);
    auto& table = detail::table_of<T>(store_);
    return store_.statement([&] {
      std::vector<key_t<T>> keys = matching_keys<T>(std::move(w));
      auto cx = store_.context();
      table.run_hooks(detail::hook::before_bulk_update, &keys, cx);
      std::optional<Timestamp> now;  // one time for every row, read at the first
      cx.statement_time = &now;
      for (key_t<T> k : keys) table.update(k, mutate, cx);
      table.run_hooks(detail::hook::after_bulk_update, &keys, cx);
      return keys.size();
    });
  }
  /// Deletes every row matching `w` with the ON DELETE actions, as one statement; returns the
  /// number of matching rows deleted (rows an earlier cascade of the same statement removed
  /// are not counted twice). A paranoid model's rows are soft-deleted (see destroy(key)).
  template <class T>
  std::size_t destroy(where_t<T> w) {
    return destroy_where(std::move(w), detail::model_info<T>::paranoid);
  }
  /// Deletes every row matching `w` for good, soft-deleted rows included (a paranoid model's
  /// destroy({ where, force: true })).
  template <class T>
  std::size_t destroy(where_t<T> w, force_t) {
    return destroy_where(std::move(w), false);
  }
  /// Adds `by` to column `member` of every row matching `w` (a NULL stays NULL), as one
  /// statement with every check; an integer that would overflow is a ValidationError (rule
  /// "overflow"). Returns the number of rows updated.
  template <class T, class U, class V>
  std::size_t increment(U T::*member, const V& by, where_t<T> w) {
    return add_to(member, step_of(member, by), false, std::move(w));
  }
  /// Subtracts `by` from column `member` of every row matching `w` (see increment).
  template <class T, class U, class V>
  std::size_t decrement(U T::*member, const V& by, where_t<T> w) {
    return add_to(member, step_of(member, by), true, std::move(w));
  }

  // ---- transactions and marks (see relata/transaction.hpp for the contract)

  /// Opens a transaction: statements until commit() form one unit; destroying it open
  /// rolls back. Transactions nest (an inner one behaves as a savepoint).
  [[nodiscard]] Transaction begin() { return Transaction(store_); }
  /// Runs f(Transaction&), or f() when f takes nothing, as one transaction: commits when f
  /// returns (unless f already committed or rolled back), rolls back and rethrows when f
  /// throws. Returns f's result.
  template <class F>
  decltype(auto) transaction(F&& f) {
    constexpr bool with_tx = std::is_invocable_v<F&, Transaction&>;
    static_assert(with_tx || std::is_invocable_v<F&>,
                  "relata: transaction(f) calls f(relata::Transaction&) or f()");
    Transaction tx = begin();
    auto body = [&]() -> decltype(auto) {
      if constexpr (with_tx)
        return f(tx);
      else
        return f();
    };
    if constexpr (std::is_void_v<decltype(body())>) {
      body();
      if (tx.active()) tx.commit();
    } else {
      decltype(auto) r = body();
      if (tx.active()) tx.commit();
      return r;
    }
  }
  /// A point to rewind to (an in-memory savepoint: no I/O, O(1)). Changes since the
  /// oldest open mark are kept in memory until it is released.
  [[nodiscard]] Mark mark() { return {store_.open_hold()}; }
  /// Undoes every change since `m` (rows come back at their old addresses); `m` stays
  /// open, marks taken after it are released.
  void rewind(const Mark& m) { store_.rollback_to_hold(m.id); }
  /// Forgets `m`, keeping every change (later marks stay open).
  void release(const Mark& m) { store_.release_hold(m.id, false); }

  /// Replaces the clock that stamps created_at / updated_at.
  void set_clock(Clock clock) { store_.set_clock(std::move(clock)); }
  /// The current time of the database's clock.
  [[nodiscard]] Timestamp now() const { return store_.clock()(); }

  /// The engine under this database (for relata's own layers; not a stable API).
  [[nodiscard]] const detail::Store& store() const noexcept { return store_; }

 private:
  // Defined in detail/database_mixins.hpp.

  /// The primary key of a row of T.
  template <class T>
  static key_t<T> key_of(const T& row) {
    return detail::model_info<T>::key_of(row);
  }
  /// Key value `v` of column I of model M as the type-erased tables carry it: an integer as
  /// itself, a text key as its code (KeyDictionary::absent when no row has it).
  template <class M, std::size_t I, class V>
  std::int64_t code(const V& v) const noexcept {
    if constexpr (std::is_same_v<V, std::string>)  // an integer needs no table lookup
      return detail::key_code(detail::table_of<M>(store_), I, v);
    else
      return static_cast<std::int64_t>(v);
  }
  /// What a db.get() range over the child lists of foreign key `column` of `t` checks.
  template <class M>
  detail::RangeStamp range_stamp(const detail::Table<M>& t, std::size_t column) const noexcept {
    return {&store_.replacements(), store_.replacements(), &t.list_version(column),
            t.list_version(column)};
  }
  /// The value of `row`'s key that A's foreign key holds (sourceKey: primary key or unique).
  template <class A>
  static const auto& source_key(const typename A::source& row) noexcept {
    using S = typename A::source;
    return row.*(detail::model_info<S>::template col<A::source_key>::member);
  }
  /// The value of a target row's key that A's foreign key holds (targetKey).
  template <class A>
  static const auto& target_key(const typename A::target& row) noexcept {
    using T = typename A::target;
    return row.*(detail::model_info<T>::template col<A::target_key>::member);
  }
  /// The type of A's source key (the value its foreign key holds).
  template <class A>
  using parent_t =
      std::remove_cvref_t<decltype(source_key<A>(std::declval<const typename A::source&>()))>;
  /// target_key() of the target row with primary key `key`, copied; NotFoundError when absent.
  template <class A>
  auto target_key_of(const key_t<typename A::target>& key) const;
  /// The foreign-key member of association A (in its target, source or join model).
  template <class A>
  static constexpr auto fk_member();
  /// The join model's member that holds the target's key (belongs_to_many).
  template <class A>
  static constexpr auto other_member();
  /// The type of A's foreign-key member.
  template <class A>
  using fk_type = typename detail::member_traits<decltype(fk_member<A>())>::value_type;
  /// Throws the ValidationError of clearing A's NOT NULL foreign key.
  template <class A>
  [[noreturn]] void throw_not_nullable() const;
  /// has_many / has_one: points target `row` at the source key value `parent` and writes
  /// a's scope into it (every write that links a child goes through here).
  template <association A>
  static void attach(const A& a, typename A::target& row, const parent_t<A>& parent);
  /// Throws NotFoundError when T has no row `key`.
  template <class T>
  void require_row(const key_t<T>& key) const;
  /// `key` as T's key type, for a statement on row `key`; a key that type cannot hold is no
  /// row's key (NotFoundError naming it): converted, it would name another row.
  template <class T, class K>
  key_t<T> existing_key(const K& key) const {
    static_assert(detail::operand_for<key_t<T>, K>,
                  "relata: a row is named by a value of its primary key's type");
    if constexpr (std::is_same_v<key_t<T>, std::string> || detail::model_info<T>::composite_key) {
      return key_t<T>(key);
    } else {
      if (!detail::integer_fits<key_t<T>>(key) ||
          std::cmp_greater(key, detail::largest_key<key_t<T>>))
        detail::table_of<T>(store_).throw_not_found(std::to_string(key));
      return static_cast<key_t<T>>(key);
    }
  }
  /// Deletes row `key` of `table` with its ON DELETE actions; NotFoundError when absent
  /// (Store::destroy's own lookup, but for a string no row ever had: it has no code).
  template <class T>
  void destroy_row(detail::Table<T>& table, const key_t<T>& key) {
    const std::int64_t code = table.code_of(key);
    if (!table.valid_code(code)) table.throw_not_found(table.key_text(key));
    store_.destroy(table, code);
  }
  /// set() of a belongs_to / has_one to `key` (nullopt: none), as one statement.
  template <association A>
  void set_one(const typename A::source& row, const A& a,
               std::optional<key_t<typename A::target>> key);

  /// The keys of the rows associated with `row` through `a`, in key order of the link.
  template <association A>
  std::vector<key_t<typename A::target>> associated_keys(const typename A::source& row,
                                                         const A& a) const;

  /// True when target row `k` is still associated with the source row whose key value is
  /// `parent` (an earlier step of the same statement, a cascade, may have removed it).
  template <association A>
  bool still_associated(const parent_t<A>& parent, const A&,
                        const key_t<typename A::target>& k) const;

  /// The source row with primary key `self` after the first steps of a mixin; throws
  /// ForeignKeyConstraintError when those steps' own cascade deleted it.
  template <association A>
  const typename A::source& survivor(const key_t<typename A::source>& self) const;

  /// add()'s body: links each key not yet associated; for belongs_to_many with `values`,
  /// also rewrites the join rows of pairs already associated. `values` is empty (none), one
  /// join row (for every key) or one per key. Returns the join rows created.
  template <association A>
  std::vector<const typename A::through*> add_keys(
      const typename A::source& row, const A& a, const std::vector<key_t<typename A::target>>& keys,
      std::span<const through_values_t<A>> values);
  /// Gives the join rows linking `parent` to target `k` the through values `values` (their
  /// primary key, both foreign keys and created_at columns are kept).
  template <association A>
  void rewrite_join_rows(const parent_t<A>& parent, const A&, const key_t<typename A::target>& k,
                         const typename A::through& values);
  /// Assigns `with` to the stored row `r`, keeping r's primary key and created_at columns.
  template <class T>
  void overwrite(T& r, const T& with) const;

  /// The keys of the join rows in a's through scope linking source key value `parent` to
  /// target row `k` (one child-list lookup in the join table).
  template <association A>
  std::vector<key_t<typename A::through>> join_keys(const parent_t<A>& parent, const A& a,
                                                    const key_t<typename A::target>& k) const;
  /// Drops target row `k` from the association of the source row whose key value is
  /// `parent` (see remove()).
  template <association A>
  void detach(const parent_t<A>& parent, const A&, const key_t<typename A::target>& k);

  /// increment / decrement's step `by` as the column's type: a double for an integer or
  /// Decimal column does not compile; an integer the type cannot hold is a ValidationError.
  template <class T, class U, class V>
  detail::strip_optional_t<U> step_of(U T::*member, const V& by) const;
  /// increment / decrement: member ± step on every matching row, integers checked.
  template <class T, class U, class B>
  std::size_t add_to(U T::*member, const B& step, bool subtract, where_t<T> w);
  /// Throws the ValidationError of an increment that overflows column `column`.
  template <class T, class B>
  [[noreturn]] void throw_overflow(std::size_t column, const B& x, const B& step,
                                   bool subtract) const;

  /// bulk_create's body: inserts each record; one that collides with a stored row is skipped
  /// (`ignore`) or writes `update_columns` into it (when given), else fails as a create.
  /// Rows of a `const` vector (V = const std::vector<T>) are copied, others moved; a
  /// before_bulk_create hook gets a vector it may change (a copy when `rows` is const).
  template <class T, class V>
  std::vector<const T*> bulk_write(V& rows, bool ignore,
                                   const std::vector<std::size_t>* update_columns);

  /// create(row, nested...) inside its statement: parents, the row, then children.
  template <class T, class... N>
  const T& create_nested(T row, const N&... nested);
  /// Creates nested value `n`'s row when it is a belongs_to's and points `row` at it.
  template <class T, class N>
  void create_parent(T& row, const N& n);
  /// Creates nested value `n`'s rows when it is a has_many / has_one / belongs_to_many's,
  /// linked to `stored`.
  template <class T, class N>
  void create_children(const T& stored, const N& n);
  /// Creates one value of association A's nested list under `stored`: its rows with their
  /// key set, or (belongs_to_many) its targets and join rows; a join-model value is kept
  /// in `through` for the targets after it.
  template <class A, class V>
  void create_child(const typename A::source& stored, const A& a, const V& value,
                    std::optional<through_values_t<A>>& through);
  /// Creates one nested value (a row, a node, or each row of a vector) of target model T.
  template <class T, class V>
  const T* create_value(const V& value);
  /// The primary keys of the rows matching `w` and `opts`, in key order (read before
  /// writing).
  template <class T, class... O>
  std::vector<key_t<T>> matching_keys(where_t<T> w, O&&... opts) const;
  /// destroy(where): soft-deletes (`soft`) or deletes the matching rows; a deletion for good
  /// also matches soft-deleted rows.
  template <class T>
  std::size_t destroy_where(where_t<T> w, bool soft);
  /// A paranoid model's destroy(key): deleted_at and updated_at set, destroy hooks around it.
  template <class T>
  void soft_destroy(key_t<T> key);
  /// Sets stored `row`'s deleted_at to `when` (and its updated_at), with no hooks; unchanged
  /// when `when` is empty and the row is not deleted.
  template <class T>
  const T& set_deleted(const T& row, std::optional<Timestamp> when);
  /// The stored row with primary key `key`; throws NotFoundError when there is none.
  template <class T>
  const T& existing(key_t<T> key) const;
  /// The query spec of find_all<T>(opts...) (a Query<T> passed whole is reused).
  template <class T, class... O>
  std::shared_ptr<const detail::QuerySpec> spec_of(O&&... opts) const;

  /// The value of `member` that `first(a, b)` ranks first among the matching rows.
  template <class T, class U, class F, class... O>
  std::optional<detail::strip_optional_t<U>> extreme(U T::*member, F first, O&&... opts) const;
  /// The total of the non-null values of numeric column `member` among the matching rows,
  /// and their count: what sum and avg share. Exact for integers and Decimals (units, in
  /// 128 bits: it cannot overflow before 2^64 rows), a double for doubles.
  template <class T, class U, class... O>
  auto total_of(U T::*member, O&&... opts) const {
    using V = detail::strip_optional_t<U>;
    static_assert(detail::summable_v<V>, "relata: sum and avg need a numeric column");
    using Total = std::conditional_t<std::is_floating_point_v<V>, double, detail::wide_int>;
    std::pair<Total, std::size_t> out{};
    for_values(
        member,
        [&](const V& v) {
          if constexpr (is_decimal_v<V>)
            out.first += v.units();
          else
            out.first += static_cast<Total>(v);
          ++out.second;
        },
        std::forward<O>(opts)...);
    return out;
  }
  /// Calls f on each non-null value of `member` among the matching rows.
  template <class T, class U, class F, class... O>
  void for_values(U T::*member, F&& f, O&&... opts) const;

  detail::Store store_;
  detail::Scopes scopes_;  // model scopes, applied by spec_of
};

}  // namespace relata

#include "relata/detail/database_mixins.hpp"
