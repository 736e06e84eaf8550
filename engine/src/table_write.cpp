// The parts of a write that need no row type, compiled once for every model: error
// sentences, the foreign-key check, a snapshot row's column-by-column fill and the key sort.
// Table<T> keeps only what must see T (its indices, its validators' comparisons) and calls
// these with the row as `const void*`, reading columns through ColumnInfo.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "relata/detail/column_type.hpp"
#include "relata/detail/table_base.hpp"

namespace relata::detail {

namespace {

std::string display(const TableBase& t, std::size_t column, const void* row) {
  return to_display(t.columns()[column].get(row));
}

const char* domain_sentence(std::string_view rule) noexcept {
  if (rule == "not_nan") return "is not a number: NaN is never stored";
  if (rule == "timestamp_range")
    return "is outside the supported range 0001-01-01T00:00:00.000Z .. "
           "9999-12-31T23:59:59.999999Z";
  if (rule == "key_range")
    return "is past the largest key, 9223372036854775807 (keys are 64-bit signed integers, as "
           "SQL's)";
  return "is not one of the enum's declared values";
}

/// Number of UTF-8 code points in s.
std::size_t utf8_length(const std::string& s) noexcept {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

void TableBase::add_field_error(std::vector<FieldError>& errors, std::size_t column,
                                const void* row, std::string_view rule,
                                std::string_view what) const {
  const std::string& col = columns_[column].name;
  std::string shown = display(*this, column, row);
  std::string message = name_ + "." + col + " = " + shown + " ";
  message += what;
  errors.push_back({name_, col, std::move(shown), std::string(rule), std::move(message), {}});
}

void TableBase::add_bound_error(std::vector<FieldError>& errors, std::size_t column,
                                const void* row, bool is_min, const Value& bound) const {
  add_field_error(
      errors, column, row, is_min ? "min" : "max",
      std::string(is_min ? "is less than the minimum " : "is greater than the maximum ") +
          to_display(bound));
}

void TableBase::add_length_error(std::vector<FieldError>& errors, std::size_t column,
                                 const void* row, std::size_t min, std::size_t max) const {
  add_field_error(
      errors, column, row, "length",
      "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters long");
}

bool TableBase::check_domain(std::size_t column, const void* row,
                             std::vector<FieldError>& errors) const {
  const ColumnInfo& c = columns_[column];
  const char* rule = c.domain(row);
  if (!rule) return true;
  add_field_error(errors, column, row, rule, domain_sentence(rule));
  return false;
}

void TableBase::check_references(const void* row, const void* self) const {
  for (const std::size_t i : enforced_keys_) {
    const ColumnInfo& ci = columns_[i];
    const std::optional<std::int64_t> key = ci.key(row);
    if (!key) continue;
    bool missing = false;
    if (ci.referenced == this && key_value(row, ci.referenced_column) == key) {
      // the row is its own parent, as it will be stored
    } else if (ci.referenced == this && self && key_value(self, ci.referenced_column) == key) {
      // it points at its own old key, which this update changes: ON UPDATE CASCADE / SET
      // NULL will rewrite it; RESTRICT leaves it pointing at nothing
      missing = ci.on_update == action::restrict;
    } else if (self && ci.key(self) == key) {
      // unchanged: the referenced row exists by invariant
    } else if (!children_[i].find(*key).empty()) {
      // a stored row already references it, so it exists (every stored reference holds):
      // the probe of the parent's table, a cache miss in a bulk load, is not needed
    } else {
      missing = !ci.referenced->find_by(ci.referenced_column, *key);
    }
    if (missing) {
      std::string shown = display(*this, i, row);
      throw ForeignKeyConstraintError(name_, ci.name, shown,
                                      "foreign key constraint failed: " + name_ + "." + ci.name +
                                          " = " + shown + " references no row of " +
                                          ci.references_table);
    }
  }
}

void TableBase::throw_unique(std::size_t column, const void* row) const {
  throw UniqueConstraintError(name_, columns_[column].name, display(*this, column, row));
}

void TableBase::throw_unique_group(std::span<const std::size_t> columns, const void* row) const {
  std::string names = "(", values = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) names += ", ", values += ", ";
    names += columns_[columns[i]].name;
    values += display(*this, columns[i], row);
  }
  throw UniqueConstraintError(name_, names + ")", values + ")");
}

void TableBase::throw_duplicate_key(const void* row) const {
  if (composite_) throw_unique_group(pk_columns_, row);
  throw_unique(pk_column_, row);
}

void TableBase::throw_not_found(const std::string& key) const {
  throw NotFoundError(name_, key_name(), key);
}

void TableBase::throw_exhausted(const std::string& largest) const {
  throw Error(errc::key_exhausted, "auto_increment exhausted: " + name_ + "." +
                                       columns_[pk_column_].name +
                                       " has used the largest key it can hold, " + largest +
                                       "; create rows with explicit ids");
}

void TableBase::fill_row(void* row, std::span<Value> values,
                         std::span<const std::uint8_t> given) const {
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const ColumnInfo& ci = columns_[i];
    const Value& v = given[i] ? values[i] : ci.default_value;
    if (!given[i] && std::holds_alternative<std::monostate>(v)) continue;
    bool fits = false;
    try {
      fits = given[i] ? ci.take(row, values[i]) : ci.set(row, v);
    } catch (const Error& e) {  // a type's own limit, such as a DECIMAL's digits
      throw SnapshotError(name_ + "." + ci.name + ": " + e.what(), SnapshotError::npos, name_,
                          ci.name);
    }
    if (!fits)
      throw SnapshotError(name_ + "." + ci.name + " = " + to_display(v) +
                              " does not fit the model's " + kind_name(ci.kind) + " member",
                          SnapshotError::npos, name_, ci.name);
    check_domain(i, row, errors);
  }
  if (!errors.empty())
    throw SnapshotError(errors.front().message, SnapshotError::npos, name_, errors.front().column);
}

void TableBase::make_text_key(std::size_t column) {
  ColumnInfo& c = columns_[column];
  auto keys = std::make_unique<KeyDictionary>();
  for_each_row([&](const void* r) { keys->intern(std::get<std::string>(c.get(r))); });
  column_keys_.reserve(column_keys_.size() + 1);  // nothing below throws
  c.dict = keys.get();
  c.key_at = &column_key<std::string>;
  column_keys_.push_back(std::move(keys));
}

void TableBase::throw_out_of_order(const void* last, const void* row) const {
  const std::string column = key_name();
  throw SnapshotError(name_ + "." + column + " = " + key_text(row_key(row)) +
                          (row_key(last) == row_key(row) ? " is stored twice"
                                                         : " follows " + key_text(row_key(last)) +
                                                               ": rows are not in key order"),
                      SnapshotError::npos, name_, column);
}

void TableBase::sort_by_key(std::vector<const void*>& out, std::size_t first) const {
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
            [&](const void* a, const void* b) { return key_less(row_key(a), row_key(b)); });
}

void TableBase::prepare_columns(void* row, WriteContext& cx) const {
  std::optional<Timestamp> now;
  for (const std::size_t i : prepared_) {
    const ColumnInfo& c = columns_[i];
    if (c.created_at || c.updated_at) {
      if (!now) now = cx.now();
      c.stamp(row, *now);
    }
    if (c.nullable && !std::holds_alternative<std::monostate>(c.default_value) && c.null(row))
      c.set(row, c.default_value);
  }
}

void TableBase::run_hook(hook h, void* arg, WriteContext& cx) const {
  if (hooks_->has(h)) cx.callback([&] { hooks_->run(h, arg); });
}

void TableBase::touch_columns(void* row, WriteContext& cx) const {
  const Timestamp now = cx.now();
  for (const std::size_t i : touched_) columns_[i].stamp(row, now);
}

void TableBase::check_fields(const void* row, WriteContext& cx) const {
  std::vector<FieldError> errors;
  std::size_t broken = columns_.size();  // a column whose type rule failed
  for (const FieldCheck& check : checks_) {
    const std::size_t i = check.column;
    if (i == broken) continue;  // its validators do not run
    const ColumnInfo& c = columns_[i];
    if (!check.rule) {  // check_domain's test, inline: it runs on every write
      if (const char* rule = c.domain(row)) {
        add_field_error(errors, i, row, rule, domain_sentence(rule));
        broken = i;
      }
      continue;
    }
    const ColumnRule& r = *check.rule;
    switch (r.what) {
      case ColumnRule::kind::not_empty:
        if (const std::string* s = c.text(row); s && s->empty())
          add_field_error(errors, i, row, "not_empty", "must not be empty");
        break;
      case ColumnRule::kind::length:
        if (const std::string* s = c.text(row)) {
          const std::size_t n = utf8_length(*s);
          if (n < r.min_length || n > r.max_length)
            add_length_error(errors, i, row, r.min_length, r.max_length);
        }
        break;
      case ColumnRule::kind::min:
      case ColumnRule::kind::max: {
        const bool is_min = r.what == ColumnRule::kind::min;
        const int order = c.compare(row, r.bound);  // 0 for NULL, which validators skip
        if (is_min ? order < 0 : order > 0) add_bound_error(errors, i, row, is_min, r.bound);
        break;
      }
      case ColumnRule::kind::custom:
        if (!r.passes(row, cx))
          add_field_error(errors, i, row, r.name, "failed validator " + std::string(r.name));
        break;
    }
  }
  if (!errors.empty()) throw ValidationError(std::move(errors));
}

void TableBase::intern_columns(const void* row, UndoLog* log, bool all) {
  auto intern = [&](std::size_t column, std::string_view s) {
    KeyDictionary& d = interned_dictionary(column);
    if (!log) {
      d.intern(s);
      return;
    }
    log->reserve_one();
    const std::size_t before = d.size();
    const std::int64_t code = d.intern(s);
    if (d.size() != before)
      log->push({.table = this,
                 .what = UndoEntry::kind::interned,
                 .previous_exhausted = false,
                 .key = code,
                 .previous_next_id = static_cast<std::int64_t>(column),
                 .row = nullptr});
  };
  if (composite_) {
    std::string encoded;
    encode_key(row, encoded);
    intern(columns_.size(), encoded);  // the table's key dictionary (interned_dictionary)
  } else if (keys_) {
    intern(pk_column_, *columns_[pk_column_].text(row));
  }
  for (const std::size_t i : interned_) {
    const ColumnInfo& c = columns_[i];
    if (c.unique && !c.primary_key && !c.nullable && c.dict)
      intern(i, *c.text(row));  // a referenced unique column
    if (c.foreign_key && (all || !c.enforced)) {
      if (const std::string* s = c.text(row)) intern(i, *s);
    }
  }
}

TableBase::LinkSet TableBase::changed_links(const void* a, const void* b) const noexcept {
  if (!columns_[pk_column_].same(a, b)) return all_links;  // every entry moves
  if (composite_)
    for (const std::size_t i : pk_columns_)
      if (!columns_[i].same(a, b)) return all_links;
  LinkSet out = 0;
  for (std::size_t k = 0; k < fk_columns_.size(); ++k)
    if (!columns_[fk_columns_[k]].same(a, b)) out |= LinkSet{1} << k;
  return out;
}

void TableBase::reserve_links(const void* row, LinkSet which) {
  if (!which) return;
  for (std::size_t k = 0; k < fk_columns_.size(); ++k) {
    if (!(which >> k & 1)) continue;
    const std::size_t i = fk_columns_[k];
    if (const auto parent = columns_[i].key(row)) children_[i].reserve(*parent);
  }
}

void TableBase::link(const void* row, LinkSet which) {
  if (!which || fk_columns_.empty()) return;
  const std::int64_t key = row_key(row);
  for (std::size_t k = 0; k < fk_columns_.size(); ++k) {
    if (!(which >> k & 1)) continue;
    const std::size_t i = fk_columns_[k];
    if (const auto parent = columns_[i].key(row)) children_[i].add(*parent, row, key);
  }
}

void TableBase::unlink(const void* row, LinkSet which) noexcept {
  if (!which || fk_columns_.empty()) return;
  const std::int64_t key = row_key(row);
  for (std::size_t k = 0; k < fk_columns_.size(); ++k) {
    if (!(which >> k & 1)) continue;
    const std::size_t i = fk_columns_[k];
    if (const auto parent = columns_[i].key(row)) children_[i].remove(*parent, row, key);
  }
}

void TableBase::append_links(const void* row) {
  if (fk_columns_.empty()) return;
  const std::int64_t key = row_key(row);
  for (const std::size_t i : fk_columns_)
    if (const auto parent = columns_[i].key(row)) children_[i].append(*parent, row, key);
}

}  // namespace relata::detail
