// Internal: the type-erased face of a table, and the undo log every mutation writes to.
//
// The typed façade (Table<T>) is templates; everything that must work across tables without
// knowing their types — referential actions, rollback, JSON, snapshots — talks to this small
// interface instead. Keys cross it as std::int64_t: an integer key is its own value, a
// std::string key its code in its table's KeyDictionary (key_dictionary.hpp).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "relata/detail/child_lists.hpp"
#include "relata/detail/column_type.hpp"
#include "relata/detail/hooks.hpp"
#include "relata/detail/key_dictionary.hpp"
#include "relata/detail/undo_log.hpp"
#include "relata/error.hpp"
#include "relata/schema.hpp"
#include "relata/timestamp.hpp"
#include "relata/value.hpp"

namespace relata::detail {

class TableBase;

/// One validation rule of a column (not_empty, length, min, max or a validator), as
/// TableBase::check_fields applies it; a column's rules keep their declaration order, which is
/// the order of their errors.
struct ColumnRule {
  enum class kind : std::uint8_t { not_empty, length, min, max, custom };
  kind what = kind::not_empty;
  std::size_t min_length = 0, max_length = 0;  ///< length: the bounds, in characters
  Value bound;                                 ///< min / max: the bound, as the column holds it
  std::string_view name;                       ///< custom: the validator's name
  /// custom: true when the row passes (a NULL always does); runs the program's function.
  bool (*passes)(const void* row, WriteContext& cx) = nullptr;
};

/// One column as the compiled machinery sees it.
struct ColumnInfo {
  std::string name;
  column_kind kind = column_kind::int64;
  bool nullable = false, primary_key = false, auto_increment = false, unique = false,
       indexed = false, foreign_key = false, created_at = false, updated_at = false,
       deleted_at = false;
  int precision = 0, scale = 0;       // DECIMAL only
  std::string references_table;       // foreign keys: the referenced table's name
  TableBase* referenced = nullptr;    // foreign keys: resolved when the table is defined
  std::size_t referenced_column = 0;  // foreign keys: the primary key or a unique column
  action on_delete = action::restrict;
  action on_update = action::cascade;
  bool enforced = true;  // foreign keys: false for constraints(false) (never checked, no actions)
  /// The first column of the composite unique constraint (unique("name")) this column is
  /// part of, which names the constraint's index; no_group when none.
  std::size_t unique_group = no_group;
  std::string_view unique_group_name;  // that constraint's name, from the model's declaration
  static constexpr std::size_t no_group = static_cast<std::size_t>(-1);
  Value default_value;            // NULL when the column declares no default
  std::vector<ColumnRule> rules;  // validators, in declaration order
  std::size_t offset = 0;         // the member's place in a row
  std::string_view (*enum_label)(std::int64_t) = nullptr;  // named enums: a value's name
  /// Text keys: the dictionary of their codes, the table's own for its primary key and the
  /// referenced table's for a foreign key (set when the table is defined); else nullptr.
  KeyDictionary* dict = nullptr;

  /// Reads the column of a row.
  [[nodiscard]] Value get(const void* row) const { return get_at(at(row)); }
  /// Sets the column of a row; false when v does not fit the type.
  bool set(void* row, const Value& v) const { return set_at(at(row), v); }
  /// set(), moving a string out of v.
  bool take(void* row, Value& v) const { return take_at(at(row), v); }
  /// True for integer columns (not bool or enum), text primary keys and foreign keys:
  /// key() reads them.
  [[nodiscard]] bool has_key() const noexcept { return key_at != nullptr; }
  /// The value of an integer column as a key (a text key's code: KeyDictionary::absent
  /// when no row has it), nullopt when NULL. The one reader of keys, foreign keys and
  /// referenced columns alike.
  [[nodiscard]] std::optional<std::int64_t> key(const void* row) const {
    if (layout == member_layout::int64) return column_key<std::int64_t>(at(row), dict);
    if (layout == member_layout::optional_int64)
      return column_key<std::optional<std::int64_t>>(at(row), dict);
    return key_at(at(row), dict);
  }
  /// The string of a text column (nullptr when NULL or not text).
  [[nodiscard]] const std::string* text(const void* row) const { return text_at(at(row)); }
  /// True when the row's value is NULL.
  [[nodiscard]] bool null(const void* row) const { return null_at(at(row)); }
  /// True when two rows hold the same value in this key or foreign-key column.
  [[nodiscard]] bool same(const void* a, const void* b) const {
    if (layout == member_layout::int64) return column_same<std::int64_t>(at(a), at(b));
    if (layout == member_layout::optional_int64)
      return column_same<std::optional<std::int64_t>>(at(a), at(b));
    return same_at(at(a), at(b));
  }
  /// The row's value against `bound` (see compare_at).
  [[nodiscard]] int compare(const void* row, const Value& bound) const {
    return compare_at(at(row), bound);
  }
  /// The rule of the column's type the row's value breaks ("not_nan", "timestamp_range",
  /// "enum"), or nullptr; only floating point, timestamp and enum columns have one.
  [[nodiscard]] const char* domain(const void* row) const {
    if (layout == member_layout::timestamp) return column_domain<Timestamp, false>(at(row));
    return domain_at ? domain_at(at(row)) : nullptr;
  }
  /// Sets a timestamp column (created_at, updated_at) to `t`.
  void stamp(void* row, Timestamp t) const {
    if (layout == member_layout::timestamp)
      *static_cast<Timestamp*>(at(row)) = t;
    else
      set(row, t);
  }

  /// The member's type when it is one the readers above call its accessor for directly,
  /// inlined (the common keys and timestamps); `other` goes through the pointers below.
  member_layout layout = member_layout::other;

  // Per member type, shared by every model (column_type.hpp); they take the member's
  // address.
  Value (*get_at)(const void* member) = nullptr;
  bool (*set_at)(void* member, const Value& v) = nullptr;
  bool (*take_at)(void* member, Value& v) = nullptr;
  std::optional<std::int64_t> (*key_at)(const void* member, const KeyDictionary* dict) = nullptr;
  const char* (*domain_at)(const void* member) = nullptr;
  const std::string* (*text_at)(const void* member) = nullptr;
  bool (*null_at)(const void* member) = nullptr;
  /// Columns with a min or max rule: the member against a bound of its type, -1, 0 or 1 (0
  /// when NULL, which passes every rule).
  int (*compare_at)(const void* member, const Value& bound) = nullptr;
  /// Keys and foreign keys: true when two rows' members hold the same value.
  bool (*same_at)(const void* a, const void* b) = nullptr;

 private:
  const void* at(const void* row) const noexcept { return static_cast<const char*>(row) + offset; }
  void* at(void* row) const noexcept { return static_cast<char*>(row) + offset; }
};

/// A rule that another table's column points at this table's primary key.
struct IncomingReference {
  TableBase* from;
  std::size_t column;  // the foreign key in `from`
  action on_delete;
  std::size_t referenced_column;  // the key it references here (primary key or unique)
  action on_update;
};

/// What a table has been asked since the counters were last reset: the in-memory form of
/// "no N+1". A lookup is one index probe (by key, or for one parent's children); a scanned
/// row is a row visited by a full scan. Counting is off until the program turns it on, so
/// the lookup path of a program that does not ask pays one predictable branch; when on, the
/// counters are relaxed atomics, exact under any number of concurrent readers.
struct AccessStats {
  mutable std::atomic<std::size_t> lookups{0};
  mutable std::atomic<std::size_t> rows_scanned{0};
  bool on = false;  // written only by the single writer (Database::track_stats)

  void lookup() const noexcept {
    if (on) lookups.fetch_add(1, std::memory_order_relaxed);
  }
  void scanned(std::size_t n) const noexcept {
    if (on) rows_scanned.fetch_add(n, std::memory_order_relaxed);
  }
};

/// The type-erased interface of a table.
class TableBase {
 public:
  virtual ~TableBase() = default;
  TableBase(const TableBase&) = delete;             // tables are owned by their Store
  TableBase& operator=(const TableBase&) = delete;  // tables are owned by their Store

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const std::vector<ColumnInfo>& columns() const noexcept { return columns_; }
  [[nodiscard]] std::vector<ColumnInfo>& columns() noexcept { return columns_; }
  /// The primary-key column; the first of them for a composite primary key.
  [[nodiscard]] std::size_t pk_column() const noexcept { return pk_column_; }
  /// The primary-key columns in declaration order (one, or several for a composite key).
  [[nodiscard]] std::span<const std::size_t> pk_columns() const noexcept { return pk_columns_; }
  /// True for a composite primary key: its keys cross the int64 interface as codes in
  /// key_dictionary() of the key columns' values together (see encode_key).
  [[nodiscard]] bool composite_key() const noexcept { return composite_; }
  /// The primary key's name as sentences show it: "id", or "(orderId, productId)".
  [[nodiscard]] std::string key_name() const;
  /// Key `key` (as row_key gives it) as sentences show it: 5, "mine", or (1, 2).
  [[nodiscard]] std::string key_text(std::int64_t key) const;
  /// The values of composite key `key`, in key-column order (a code its dictionary gave).
  [[nodiscard]] std::vector<Value> key_parts(std::int64_t key) const;
  /// The code of the composite key whose columns hold `parts` (in key-column order), or
  /// KeyDictionary::absent when no row has used it.
  [[nodiscard]] std::int64_t parts_key(std::span<const Value> parts) const;
  /// A composite key's values as sentences show them: (1, 'a').
  [[nodiscard]] static std::string parts_text(std::span<const Value> parts);
  [[nodiscard]] const std::vector<IncomingReference>& incoming() const noexcept {
    return incoming_;
  }
  void add_incoming(IncomingReference r) { incoming_.push_back(r); }

  /// Number of rows.
  [[nodiscard]] virtual std::size_t size() const noexcept = 0;
  /// The id auto_increment would assign next (one past the largest key ever stored).
  [[nodiscard]] virtual std::int64_t next_id() const noexcept = 0;
  /// Throws NotFoundError for primary key `key` (as text): the sentence of every statement
  /// on a row that is not there.
  [[noreturn]] void throw_not_found(const std::string& key) const;
  /// True when a row has primary key `key`.
  [[nodiscard]] virtual bool contains(std::int64_t key) const = 0;
  /// Appends the keys of rows whose foreign key `column` equals `key`, in key order.
  void referencing(std::size_t column, std::int64_t key, std::vector<std::int64_t>& out) const {
    for (const void* r : children_[column].find(key)) out.push_back(row_key(r));
  }
  /// The rows whose foreign key `column` equals `key`, in key order, appended to `out`
  /// (counts nothing).
  void referencing_rows(std::size_t column, std::int64_t key, std::vector<const void*>& out) const {
    const auto rows = children_[column].find(key);
    out.insert(out.end(), rows.begin(), rows.end());
  }
  /// Erases the row with primary key `key` (which must exist), logging it.
  virtual void erase(std::int64_t key, UndoLog& log) = 0;
  /// Sets foreign key `column` of row `key` to `value` (a key that exists) or to NULL
  /// (nullopt; the column must be optional), logging it. ON DELETE SET NULL, ON UPDATE.
  virtual void set_reference(std::int64_t key, std::size_t column,
                             std::optional<std::int64_t> value, UndoLog& log) = 0;
  /// The row with primary key `key`, or nullptr (one lookup).
  [[nodiscard]] virtual const void* find_row(std::int64_t key) const = 0;
  /// The rows whose foreign key `column` equals `key`, in primary-key order (one lookup).
  /// Valid until the next write to this table.
  [[nodiscard]] std::span<const void* const> children(std::size_t column, std::int64_t key) const {
    stats_.lookup();
    return children_[column].find(key);
  }
  /// Every row in primary-key order (a scan: counts each row).
  virtual void scan(std::vector<const void*>& out) const = 0;
  /// Rows whose indexed (unique / indexed) `column` lies in [lo, hi] (a NULL bound is open;
  /// the flags make a bound exclusive), in primary-key order (one lookup).
  virtual void index_range(std::size_t column, const Value& lo, bool lo_open, const Value& hi,
                           bool hi_open, std::vector<const void*>& out) const = 0;
  /// The row whose integer `column` (the primary key or a unique column) equals `key`, or
  /// nullptr (one lookup).
  [[nodiscard]] virtual const void* find_by(std::size_t column, std::int64_t key) const = 0;
  /// A stored row holding `row`'s values in every column of one of the model's composite
  /// unique constraints (unique("name")), or nullptr (one lookup per constraint).
  [[nodiscard]] const void* unique_group_match(const void* row) const {
    return groups_ ? groups_->match(*this, row) : nullptr;
  }
  /// The value of integer `column` of a row (a key, a foreign key, a referenced column);
  /// nullopt when NULL or when the column is not an integer.
  [[nodiscard]] std::optional<std::int64_t> key_value(const void* row, std::size_t column) const {
    const ColumnInfo& c = columns_[column];
    return c.has_key() ? c.key(row) : std::nullopt;
  }
  /// The primary key of a row of this table (as an int64: see key_less and key_as_value).
  [[nodiscard]] std::int64_t row_key(const void* row) const noexcept {
    if (composite_) [[unlikely]]
      return composite_row_key(row);
    return *columns_[pk_column_].key(row);
  }
  /// a < b for two primary keys as row_key gives them, in the key column's own order (a
  /// text key compares its strings; no integer key is past INT64_MAX).
  [[nodiscard]] bool key_less(std::int64_t a, std::int64_t b) const noexcept {
    return detail::key_less(keys_.get(), a, b);
  }
  /// `key`, as the int64 interface carries it, as a Value of key `column`'s kind (a text
  /// key's string; NULL for a code no row has).
  [[nodiscard]] Value key_as_value(std::int64_t key, std::size_t column) const {
    const ColumnInfo& c = columns_[column];
    if (c.dict) return c.dict->holds(key) ? Value(c.dict->at(key)) : Value{};
    if (c.kind == column_kind::uint64) return static_cast<std::uint64_t>(key);
    return key;
  }
  /// Value `v` of key `column` (an integer, or a text key's string) as the int64 interface
  /// carries it; nullopt for a value of another kind.
  [[nodiscard]] std::optional<std::int64_t> value_key(std::size_t column, const Value& v) const {
    if (const KeyDictionary* d = columns_[column].dict) {
      if (const auto* s = std::get_if<std::string>(&v)) return d->find(*s);
      return std::nullopt;
    }
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (const auto* u = std::get_if<std::uint64_t>(&v)) return static_cast<std::int64_t>(*u);
    return std::nullopt;
  }
  /// The dictionary of a text or composite primary key's codes; nullptr for an integer key.
  [[nodiscard]] KeyDictionary* key_dictionary() const noexcept { return keys_.get(); }
  /// Makes unique text `column` a key another table references (Sequelize's targetKey):
  /// gives it a dictionary of codes, holding the values of the rows stored now, and a key
  /// reader. Once per column; the Store calls it when it defines the referencing table.
  void make_text_key(std::size_t column);
  /// True for a paranoid model's table (one with a deleted_at column).
  [[nodiscard]] bool paranoid() const noexcept { return paranoid_; }
  /// True when `row` is soft-deleted: its deleted_at column is set (never for a table that
  /// is not paranoid). Finders and includes skip such rows unless asked otherwise.
  [[nodiscard]] bool is_deleted(const void* row) const {
    return paranoid() &&
           !std::holds_alternative<std::monostate>(columns_[deleted_column_].get(row));
  }
  /// The table's hooks (see hooks.hpp).
  [[nodiscard]] const HookList& hooks() const noexcept { return *hooks_; }
  [[nodiscard]] HookList& hooks() noexcept { return *hooks_; }
  /// Makes this table use `other`'s hook list (the same list, not a copy).
  void share_hooks(const TableBase& other) noexcept { hooks_ = other.hooks_; }
  /// Runs the hooks of moment `h` on `arg` as program callbacks (no writes inside).
  void run_hooks(hook h, void* arg, WriteContext& cx) const {
    if (hooks_->any) run_hook(h, arg, cx);  // the test inline: most tables have no hooks
  }

  /// Access counters (see AccessStats).
  [[nodiscard]] const AccessStats& stats() const noexcept { return stats_; }
  /// Resets the access counters.
  void reset_stats() const noexcept {
    stats_.lookups.store(0, std::memory_order_relaxed);
    stats_.rows_scanned.store(0, std::memory_order_relaxed);
  }
  /// Turns counting on or off (the single writer only).
  void track_stats(bool on) noexcept { stats_.on = on; }

  /// True when auto_increment has used the largest key (Table<T>::max_key).
  [[nodiscard]] virtual bool exhausted() const noexcept = 0;

  // ---- the trusted bulk build of a snapshot load (snapshot.cpp): rows arrive in key
  // order into an empty table of a fresh Store, nothing is logged, and the Store's check()
  // verifies every constraint once all tables are built.

  /// An empty table of the same model.
  [[nodiscard]] virtual std::unique_ptr<TableBase> make_empty() const = 0;
  /// Makes room for `rows` rows in every index.
  virtual void load_reserve(std::size_t rows) = 0;
  /// Adds one row: values in column order; a column whose `given` entry is 0 keeps its
  /// default. Throws SnapshotError when a value does not fit its member, breaks its type's
  /// domain or repeats a primary key.
  virtual void load_row(std::span<Value> values, std::span<const std::uint8_t> given) = 0;
  /// Restores the auto-increment counter saved with the rows (never below their keys).
  virtual void load_counter(std::int64_t next_id, bool exhausted) = 0;
  /// After every table is built: appends one sentence per unique column (or composite
  /// unique constraint) holding a value twice and per foreign key pointing at no row (the indices
  /// themselves were just built by the container, so check()'s walk of them is not needed).
  /// Compiled once (table_check.cpp).
  void load_check(std::vector<std::string>& problems) const;

  /// The row an undo entry of this table keeps: an erased row, or an updated row's previous
  /// value; nullptr for an insert.
  [[nodiscard]] virtual const void* logged_row(const UndoEntry& e) const noexcept = 0;

  /// The dictionary an `interned` undo entry of this table names by `column`: that column's,
  /// or the table's key dictionary for columns().size() (a composite key's code).
  [[nodiscard]] KeyDictionary& interned_dictionary(std::size_t column) const noexcept {
    return column == columns_.size() ? *keys_ : *columns_[column].dict;
  }

  /// Reverts one logged change of this table.
  virtual void undo(UndoEntry& e) noexcept = 0;
  /// Calls f for each row, in primary-key order.
  virtual void for_each_row(const std::function<void(const void*)>& f) const = 0;
  /// Appends one sentence per broken invariant of this table's indexes to `problems`: every
  /// row reachable through every index, each index in order, child lists complete and
  /// sorted, unique columns and composite unique constraints unique, every foreign key pointing at
  /// a row, the auto-increment counter past every key. Compiled once (table_check.cpp), over the
  /// two typed primitives below.
  void check(std::vector<std::string>& problems) const;

  /// The stored row whose primary key reads as `key` (row_key's value), through the hash
  /// index, or nullptr; counts nothing (for check()). May allocate for a composite key of
  /// long strings (its values are decoded to look it up).
  [[nodiscard]] virtual const void* probe(std::int64_t key) const = 0;
  /// The rows of unique / indexed `column`'s index in its order (value, then primary key).
  virtual void index_order(std::size_t column, std::vector<const void*>& out) const = 0;
  /// The rows of the composite unique constraint led by column `leader`, in its index's order
  /// (the constraint's values in column order, then primary key).
  void group_order(std::size_t leader, std::vector<const void*>& out) const {
    if (groups_) groups_->order(*this, leader, out);
  }

 protected:
  TableBase(std::string name, std::vector<ColumnInfo> columns, std::size_t pk_column)
      : name_(std::move(name)),
        columns_(std::move(columns)),
        pk_column_(pk_column),
        children_(columns_.size()) {
    for (std::size_t i = 0; i < columns_.size(); ++i)
      if (columns_[i].primary_key) pk_columns_.push_back(i);
    composite_ = pk_columns_.size() > 1;
    if (composite_ || columns_[pk_column_].kind == column_kind::string) {
      keys_ = std::make_unique<KeyDictionary>();
      if (!composite_) columns_[pk_column_].dict = keys_.get();
      for (ChildLists& c : children_) c.order_by(keys_.get());
    }
    while (deleted_column_ < columns_.size() && !columns_[deleted_column_].deleted_at)
      ++deleted_column_;
    paranoid_ = deleted_column_ != columns_.size();
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      const ColumnInfo& c = columns_[i];
      if (c.foreign_key && c.enforced && c.has_key()) enforced_keys_.push_back(i);
      if (c.foreign_key) fk_columns_.push_back(i);
      if (c.domain_at) checks_.push_back({i, nullptr});
      for (const ColumnRule& r : c.rules) checks_.push_back({i, &r});
      if (c.created_at || c.updated_at ||
          (c.nullable && !std::holds_alternative<std::monostate>(c.default_value)))
        prepared_.push_back(i);
      if (c.updated_at) touched_.push_back(i);
      if (c.kind == column_kind::string &&
          ((c.primary_key && !composite_) || c.unique || c.foreign_key))
        interned_.push_back(i);
    }
  }

  // ---- the column work of a write, compiled once (table_write.cpp): each function reads
  // and writes the row through ColumnInfo, so no model compiles its own copy.

  /// A set of foreign keys: bit k stands for the k-th foreign-key column (a model has at most
  /// 64; Table<T> checks).
  using LinkSet = std::uint64_t;
  static constexpr LinkSet all_links = ~LinkSet{0};
  /// Sets a new row's created_at / updated_at columns to the statement's time (read once)
  /// and each NULL column that declares a default to its default.
  void prepare_new(void* row, WriteContext& cx) const {
    if (!prepared_.empty()) prepare_columns(row, cx);
  }
  /// Sets a row's updated_at columns to the statement's time.
  void touch(void* row, WriteContext& cx) const {
    if (!touched_.empty()) touch_columns(row, cx);
  }
  /// Applies each column's type rule and then its validators to `row` (a NULL passes every
  /// validator); throws ValidationError naming every failing field.
  void check_fields(const void* row, WriteContext& cx) const;
  /// Gives codes to the text keys `row` will store: its text primary key, its unique text
  /// columns that another table references, and the values of its weak text references
  /// (which may name a key no row has yet), or with `all` every text foreign key (a snapshot
  /// load, whose referenced rows may come later). Before any check, so that no two distinct
  /// strings read as `absent` to them. Each new code is logged in `log` (a statement's;
  /// nullptr for a load, whose tables a failure drops), so a refused row's codes go with it.
  /// Strong guarantee.
  void intern_keys(const void* row, UndoLog* log, bool all = false) {
    if (composite_ || !interned_.empty()) intern_columns(row, log, all);
  }
  /// The foreign keys whose child-list entry differs between two versions of a row: another
  /// parent, or another position because the row's own key differs.
  [[nodiscard]] LinkSet changed_links(const void* a, const void* b) const noexcept;
  /// Makes room in the child lists of `which` that `row` will join (may throw; changes
  /// nothing visible).
  void reserve_links(const void* row, LinkSet which);
  /// Links a stored row into the child lists of the non-null foreign keys in `which`. Cannot
  /// fail when their room was reserved (or the row held it a moment ago).
  void link(const void* row, LinkSet which = all_links);
  /// Unlinks a stored row from the child lists of the foreign keys in `which`.
  void unlink(const void* row, LinkSet which = all_links) noexcept;
  /// link() for a snapshot load, whose rows arrive in key order: each is the last of its
  /// lists.
  void append_links(const void* row);

  // ---- the parts of a write that need no row type, compiled once (table_write.cpp)

  /// Appends "table.column = value <what>" under rule `rule` to `errors`.
  void add_field_error(std::vector<FieldError>& errors, std::size_t column, const void* row,
                       std::string_view rule, std::string_view what) const;
  /// add_field_error for a min / max bound `bound` that `row`'s value passes.
  void add_bound_error(std::vector<FieldError>& errors, std::size_t column, const void* row,
                       bool is_min, const Value& bound) const;
  /// add_field_error for a length rule of `min` to `max` characters.
  void add_length_error(std::vector<FieldError>& errors, std::size_t column, const void* row,
                        std::size_t min, std::size_t max) const;
  /// The rule of `column`'s type that `row` breaks (ColumnInfo::domain), appended to
  /// `errors`; false when one was broken (the column's validators then do not run).
  bool check_domain(std::size_t column, const void* row, std::vector<FieldError>& errors) const;
  /// Every non-null foreign key of `row` points at a row (or at `row` itself); `self` is the
  /// stored row being replaced, if any. Throws ForeignKeyConstraintError.
  void check_references(const void* row, const void* self) const;
  /// Throws UniqueConstraintError for `row`'s value of unique `column`.
  [[noreturn]] void throw_unique(std::size_t column, const void* row) const;
  /// Throws UniqueConstraintError for the values `row` (the stored row it collides with)
  /// holds in `columns`, a composite unique constraint: "table.(a, b) = (1, 2)".
  [[noreturn]] void throw_unique_group(std::span<const std::size_t> columns, const void* row) const;
  /// Throws UniqueConstraintError for `row`'s primary key.
  [[noreturn]] void throw_duplicate_key(const void* row) const;
  /// Throws key_exhausted: auto_increment has used `largest` (as text).
  [[noreturn]] void throw_exhausted(const std::string& largest) const;
  /// load_row's first half: sets each column of the default-constructed `row` from
  /// `values` (or its default where `given` is 0) and checks its type's domain. Throws
  /// SnapshotError naming the column.
  void fill_row(void* row, std::span<Value> values, std::span<const std::uint8_t> given) const;
  /// Throws SnapshotError: `row` does not follow `last`, the previous row loaded.
  [[noreturn]] void throw_out_of_order(const void* last, const void* row) const;
  /// Sorts out[first..] by primary key.
  void sort_by_key(std::vector<const void*>& out, std::size_t first) const;

 private:
  std::string name_;
  std::vector<ColumnInfo> columns_;
  std::size_t pk_column_;
  std::vector<std::size_t> pk_columns_;     // every primary-key column, in order
  bool composite_ = false;                  // several primary-key columns
  std::size_t deleted_column_ = 0;          // the deleted_at column; columns_.size() when none
  bool paranoid_ = false;                   // a deleted_at column exists (read on every query)
  std::vector<std::size_t> enforced_keys_;  // the foreign keys check_references tests
  std::vector<std::size_t> fk_columns_;     // every foreign key, in column order (LinkSet bits)
  /// One check of check_fields: column `column`'s type rule (rule nullptr) or one of its
  /// validators, in column order and then declaration order.
  struct FieldCheck {
    std::size_t column;
    const ColumnRule* rule;  // into columns_[column].rules, which never change
  };
  std::vector<FieldCheck> checks_;
  std::vector<std::size_t> prepared_;  // timestamps, and nullable columns with a default
  std::vector<std::size_t> touched_;   // updated_at columns
  std::vector<std::size_t> interned_;  // text keys, unique text columns, text references

  void prepare_columns(void* row, WriteContext& cx) const;       // prepare_new's work
  void touch_columns(void* row, WriteContext& cx) const;         // touch's work
  void intern_columns(const void* row, UndoLog* log, bool all);  // intern_keys' work
  void run_hook(hook h, void* arg, WriteContext& cx) const;      // run_hooks' work
  /// Appends the order-preserving encoding of `row`'s composite key to `out`: byte strings
  /// compare as the key tuples do (composite_key.cpp).
  void encode_key(const void* row, std::string& out) const;
  std::int64_t composite_row_key(const void* row) const noexcept;  // row_key's composite case
  std::vector<IncomingReference> incoming_;
  std::shared_ptr<HookList> hooks_ = std::make_shared<HookList>();
  std::unique_ptr<KeyDictionary> keys_;  // a text primary key's codes; nullptr otherwise
  std::vector<std::unique_ptr<KeyDictionary>> column_keys_;  // referenced unique text columns

 protected:
  /// The typed lookups of a model's composite unique constraints, set by Table<T> only for a
  /// model that has some (no code per model otherwise).
  struct GroupOps {
    const void* (*match)(const TableBase& table, const void* row);
    void (*order)(const TableBase& table, std::size_t leader, std::vector<const void*>& out);
  };
  const GroupOps* groups_ = nullptr;
  mutable AccessStats stats_;
  std::vector<ChildLists> children_;  // per column; used for foreign keys only
};

/// Key value `v` (of key `column` of `table`) as the type-erased interface carries it: an
/// integer as itself, a string as its code (KeyDictionary::absent when no row has it).
template <class V>
std::int64_t key_code(const TableBase& table, std::size_t column, const V& v) noexcept {
  if constexpr (std::is_same_v<V, std::string>)
    return table.columns()[column].dict->find(v);
  else
    return static_cast<std::int64_t>(v);
}

/// Key `key` of column `from`, as column `to` carries it (see key_code): itself for integers
/// and for text columns sharing a dictionary (a foreign key and the key it references); else
/// the code `to`'s dictionary gives the same string, KeyDictionary::absent when it has none
/// (the polymorphic pattern over text keys: a weak reference matched against another model's
/// key).
inline std::int64_t carry_key(const ColumnInfo& from, std::int64_t key,
                              const ColumnInfo& to) noexcept {
  if (from.dict == to.dict || !from.dict || !to.dict) return key;
  return from.dict->holds(key) ? to.dict->find(from.dict->at(key)) : KeyDictionary::absent;
}

}  // namespace relata::detail
