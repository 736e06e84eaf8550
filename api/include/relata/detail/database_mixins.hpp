// Internal: the bodies of Database's association mixins (get / count / has / add / remove /
// set / create of an association) and of the private helpers they and the model operations
// share. database.hpp declares each of them with its contract and includes this file after
// the class; nothing here is part of the API.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "relata/database.hpp"

namespace relata {

namespace detail {

/// True when two key values are equal: integers of any widths by value, strings as strings.
template <class A, class B>
constexpr bool same_key(const A& a, const B& b) noexcept {
  if constexpr (std::is_integral_v<A> && std::is_integral_v<B>)
    return std::cmp_equal(a, b);
  else
    return a == b;
}

}  // namespace detail

template <class R, association A>
auto Database::get(const R& row, const A& a) const {
  static_assert(std::is_same_v<R, typename A::source>,
                "relata: this association starts from another model than the row's");
  using target = typename A::target;
  const auto& t = detail::table_of<target>(store_);
  // A soft-deleted row of a paranoid model is not associated (Sequelize's getters), nor is
  // a row outside the association's scope.
  auto live = [](const auto* r) { return r && detail::live(*r); };
  auto kept = [&](const target* r) {
    return live(r) && detail::in_scope(detail::target_scope(a), r);
  };
  if constexpr (A::kind == association_kind::has_many) {
    auto rows = t.children(A::fk_column, code<target, A::fk_column>(source_key<A>(row)));
    if constexpr (detail::model_info<target>::paranoid || A::scoped) {
      std::vector<const void*> out;
      for (const void* r : rows)
        if (kept(static_cast<const target*>(r))) out.push_back(r);
      return LiveChildren<target>(std::move(out), range_stamp(t, A::fk_column));
    } else {
      return Children<target>(rows, range_stamp(t, A::fk_column));
    }
  } else if constexpr (A::kind == association_kind::has_one) {
    for (const void* r : t.children(A::fk_column, code<target, A::fk_column>(source_key<A>(row))))
      if (kept(static_cast<const target*>(r))) return static_cast<const target*>(r);
    return static_cast<const target*>(nullptr);
  } else if constexpr (A::kind == association_kind::belongs_to) {
    const auto* k = detail::value_ptr(row.*fk_member<A>());
    const auto* r =
        k ? static_cast<const target*>(t.find_by(A::target_key, code<target, A::target_key>(*k)))
          : nullptr;
    return live(r) ? r : nullptr;
  } else {
    using join = typename A::through;
    std::vector<Linked<target, join>> out;
    for (const void* j : detail::table_of<join>(store_).children(
             A::fk_column, code<join, A::fk_column>(source_key<A>(row)))) {
      const join& jr = *static_cast<const join*>(j);
      if (!live(&jr) || !detail::in_scope(detail::through_scope(a), &jr)) continue;
      if (const auto* k = detail::value_ptr(jr.*other_member<A>()))
        if (const auto* r = static_cast<const target*>(
                t.find_by(A::target_key, code<target, A::target_key>(*k)));
            kept(r))
          out.push_back({r, &jr});
    }
    return out;
  }
}

template <association A>
std::size_t Database::count(const typename A::source& row, const A& a) const {
  if constexpr (A::plural)
    return get(row, a).size();
  else
    return get(row, a) ? 1 : 0;
}

template <association A>
bool Database::has(const typename A::source& row, const A& a,
                   const std::vector<key_t<typename A::target>>& keys) const {
  const auto held = associated_keys(row, a);
  for (const auto& k : keys)
    if (std::find(held.begin(), held.end(), k) == held.end()) return false;
  return true;
}

template <association A>
auto Database::add(const typename A::source& row, const A& a,
                   const std::vector<key_t<typename A::target>>& keys) {
  if constexpr (A::kind == association_kind::belongs_to_many)
    return add_keys(row, a, keys, {});
  else
    (void)add_keys(row, a, keys, {});
}

template <association A>
void Database::remove(const typename A::source& row, const A& a,
                      const std::vector<key_t<typename A::target>>& keys) {
  static_assert(A::kind != association_kind::belongs_to,
                "relata: remove() does not apply to belongs_to: use set(row, a, std::nullopt)");
  store_.statement([&] {
    const parent_t<A> parent = source_key<A>(row);
    auto held = associated_keys(row, a);
    for (const auto& k : keys) {
      auto pos = std::find(held.begin(), held.end(), k);
      if (pos == held.end()) continue;
      held.erase(pos);  // a key listed twice is dropped once
      if (still_associated(parent, a, k)) detach(parent, a, k);
    }
  });
}

template <association A>
requires(A::plural) void Database::set(const typename A::source& row, const A& a,
                                       const std::vector<key_t<typename A::target>>& keys,
                                       std::optional<through_values_t<A>> values) {
  store_.statement([&] {
    const auto self = key_of(row);
    const parent_t<A> parent = source_key<A>(row);
    for (const auto& k : associated_keys(row, a))
      if (std::find(keys.begin(), keys.end(), k) == keys.end() && still_associated(parent, a, k))
        detach(parent, a, k);
    (void)add_keys(survivor<A>(self), a, keys,
                   values ? std::span(&*values, 1) : std::span<const through_values_t<A>>());
  });
}

template <association A>
void Database::set_one(const typename A::source& row, const A& a,
                       std::optional<key_t<typename A::target>> key) {
  store_.statement([&] {
    if constexpr (A::kind == association_kind::belongs_to) {
      const auto target = key ? std::optional(target_key_of<A>(*key)) : std::nullopt;
      update<typename A::source>(key_of(row), [&](typename A::source& r) {
        if (target)
          r.*fk_member<A>() = *target;
        else if constexpr (detail::is_optional_v<fk_type<A>>)
          r.*fk_member<A>() = std::nullopt;
        else
          throw_not_nullable<A>();
      });
    } else {
      const auto self = key_of(row);
      const parent_t<A> parent = source_key<A>(row);
      for (const auto& k : associated_keys(row, a))
        if ((!key || k != *key) && still_associated(parent, a, k)) detach(parent, a, k);
      (void)survivor<A>(self);
      if (key)
        update<typename A::target>(*key, [&](typename A::target& c) { attach(a, c, parent); });
    }
  });
}

template <association A>
const typename A::target& Database::create(const typename A::source& row, const A& a,
                                           typename A::target value, through_values_t<A> values) {
  using target = typename A::target;
  return store_.statement([&]() -> const target& {
    if constexpr (A::kind == association_kind::has_many || A::kind == association_kind::has_one) {
      const auto self = key_of(row);
      const parent_t<A> parent = source_key<A>(row);
      attach(a, value, parent);
      if constexpr (A::kind == association_kind::has_one) {
        for (const auto& k : associated_keys(row, a))
          if (still_associated(parent, a, k)) detach(parent, a, k);
        (void)survivor<A>(self);
      }
      return create(std::move(value));
    } else if constexpr (A::kind == association_kind::belongs_to) {
      const target& t = create(std::move(value));
      const auto k = target_key<A>(t);  // a copy: the update below may write the target
      update<typename A::source>(key_of(row),
                                 [&](typename A::source& r) { r.*fk_member<A>() = k; });
      return t;
    } else {
      detail::write_scope(detail::target_scope(a), &value);
      const target& t = create(std::move(value));
      (void)add(row, a, std::vector<key_t<target>>{key_of(t)}, values);
      return t;
    }
  });
}

template <class T, class... N>
const T& Database::create_nested(T row, const N&... nested) {
  (create_parent(row, nested), ...);  // a parent must exist before `row` can point at it
  const T& stored = create(std::move(row));
  (create_children(stored, nested), ...);
  return stored;
}

template <class T, class N>
void Database::create_parent(T& row, const N& n) {
  using A = typename N::association_type;
  if constexpr (A::kind == association_kind::belongs_to)
    row.*fk_member<A>() = target_key<A>(*create_value<typename A::target>(std::get<0>(n.values)));
}

template <class T, class N>
void Database::create_children(const T& stored, const N& n) {
  using A = typename N::association_type;
  if constexpr (A::kind != association_kind::belongs_to) {
    std::optional<through_values_t<A>> through;  // belongs_to_many: the join rows' values
    std::apply([&](const auto&... v) { (create_child(stored, n.association, v, through), ...); },
               n.values);
  }
}

template <class A, class V>
void Database::create_child(const typename A::source& stored, const A& a, const V& value,
                            std::optional<through_values_t<A>>& through) {
  using target = typename A::target;
  // Calls f on each row of `value`: the rows of a vector, else the value itself.
  auto each = [&](auto&& f) {
    if constexpr (std::is_same_v<V, std::vector<target>>)
      for (const auto& one : value) f(one);
    else
      f(value);
  };
  if constexpr (A::kind == association_kind::belongs_to_many) {
    if constexpr (std::is_same_v<V, through_values_t<A>>) {
      through = value;
    } else {
      std::vector<key_t<target>> keys;
      each([&](auto one) {
        detail::write_scope(detail::target_scope(a), &detail::row_of<target>(one));
        keys.push_back(key_of(*create_value<target>(one)));
      });
      (void)add(stored, a, keys, through.value_or(through_values_t<A>{}));
    }
  } else {  // has_many / has_one: the child's key points at the stored row
    each([&](auto child) {
      attach(a, detail::row_of<target>(child), source_key<A>(stored));
      (void)create_value<target>(child);
    });
  }
}

template <class T, class V>
const T* Database::create_value(const V& value) {
  if constexpr (std::is_same_v<V, T>) {
    return &create(value);
  } else if constexpr (std::is_same_v<V, std::vector<T>>) {
    const T* last = nullptr;
    for (const T& one : value) last = &create(one);
    return last;
  } else {  // a node
    return std::apply([&](const auto&... n) { return &create_nested(value.row, n...); },
                      value.nested);
  }
}

template <class A>
auto Database::target_key_of(const key_t<typename A::target>& key) const {
  require_row<typename A::target>(key);
  return target_key<A>(*detail::table_of<typename A::target>(store_).find(key));  // a copy
}

template <class A>
constexpr auto Database::fk_member() {
  if constexpr (A::kind == association_kind::belongs_to)
    return detail::model_info<typename A::source>::template col<A::fk_column>::member;
  else if constexpr (A::kind == association_kind::belongs_to_many)
    return detail::model_info<typename A::through>::template col<A::fk_column>::member;
  else
    return detail::model_info<typename A::target>::template col<A::fk_column>::member;
}

template <class A>
constexpr auto Database::other_member() {
  return detail::model_info<typename A::through>::template col<A::other_column>::member;
}

template <class A>
[[noreturn]] void Database::throw_not_nullable() const {
  const auto& t = detail::table_of<typename A::source>(store_);
  const std::string& column = t.columns()[A::fk_column].name;
  throw ValidationError({FieldError{
      t.name(), column, "NULL", "not_null",
      t.name() + "." + column + " = NULL is not allowed (NOT NULL foreign key)", std::nullopt}});
}

template <association A>
void Database::attach(const A& a, typename A::target& row, const parent_t<A>& parent) {
  row.*fk_member<A>() = parent;
  detail::write_scope(detail::target_scope(a), &row);
}

template <class T>
void Database::require_row(const key_t<T>& key) const {
  if (const auto& t = detail::table_of<T>(store_); !t.find(key)) t.throw_not_found(t.key_text(key));
}

template <association A>
std::vector<key_t<typename A::target>> Database::associated_keys(const typename A::source& row,
                                                                 const A& a) const {
  std::vector<key_t<typename A::target>> out;
  if constexpr (A::kind == association_kind::belongs_to_many) {
    for (const auto& l : get(row, a)) out.push_back(key_of(*l.row));
  } else if constexpr (A::plural) {
    for (const auto& c : get(row, a)) out.push_back(key_of(c));
  } else if (const auto* t = get(row, a)) {
    out.push_back(key_of(*t));
  }
  return out;
}

template <association A>
bool Database::still_associated(const parent_t<A>& parent, const A& a,
                                const key_t<typename A::target>& k) const {
  const auto* t = detail::table_of<typename A::target>(store_).find(k);
  if (!t) return false;
  if constexpr (A::kind == association_kind::belongs_to_many) {
    return true;  // detach() looks the join rows up itself
  } else {
    const auto* v = detail::value_ptr(t->*fk_member<A>());
    return v && detail::same_key(*v, parent) && detail::in_scope(detail::target_scope(a), t);
  }
}

template <association A>
const typename A::source& Database::survivor(const key_t<typename A::source>& self) const {
  using S = typename A::source;
  if (const S* r = detail::table_of<S>(store_).find(self)) return *r;
  const auto& t = detail::table_of<S>(store_);
  const std::string pk = t.key_name();
  throw ForeignKeyConstraintError(t.name(), pk, t.key_text(self),
                                  "foreign key constraint failed: dropping the old rows of " +
                                      std::string(t.name()) + "." + pk + " = " + t.key_text(self) +
                                      " deleted that row itself (ON DELETE of " +
                                      "this statement), so no row can be associated with it");
}

template <association A>
std::vector<const typename A::through*> Database::add_keys(
    const typename A::source& row, const A& a, const std::vector<key_t<typename A::target>>& keys,
    std::span<const through_values_t<A>> values) {
  static_assert(A::plural, "relata: add() needs a has_many or belongs_to_many association");
  return store_.statement([&] {
    std::vector<const typename A::through*> made;
    auto held = associated_keys(row, a);
    const parent_t<A> parent = source_key<A>(row);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const auto& k = keys[i];
      const through_values_t<A>* v = values.empty() ? nullptr : &values[values.size() == 1 ? 0 : i];
      if (std::find(held.begin(), held.end(), k) != held.end()) {
        if constexpr (A::kind == association_kind::belongs_to_many)
          if (v) rewrite_join_rows(parent, a, k, *v);
        continue;
      }
      if constexpr (A::kind == association_kind::has_many) {
        update<typename A::target>(k, [&](typename A::target& c) { attach(a, c, parent); });
      } else {
        auto join = v ? *v : through_values_t<A>{};
        join.*fk_member<A>() = parent;
        join.*other_member<A>() = target_key_of<A>(k);
        detail::write_scope(detail::through_scope(a), &join);
        made.push_back(&create(std::move(join)));
      }
      held.push_back(k);
    }
    return made;
  });
}

template <association A>
void Database::rewrite_join_rows(const parent_t<A>& parent, const A& a,
                                 const key_t<typename A::target>& k,
                                 const typename A::through& values) {
  using join = typename A::through;
  for (auto key : join_keys(parent, a, k))
    update<join>(key, [&](join& r) {
      const auto source = r.*fk_member<A>();
      const auto target = r.*other_member<A>();
      overwrite(r, values);
      r.*fk_member<A>() = source;
      r.*other_member<A>() = target;
      detail::write_scope(detail::through_scope(a), &r);
    });
}

template <class T>
void Database::overwrite(T& r, const T& with) const {
  const auto& columns = detail::table_of<T>(store_).columns();
  std::vector<Value> created;
  for (const detail::ColumnInfo& c : columns)
    if (c.created_at) created.push_back(c.get(&r));
  auto key = detail::model_info<T>::key_of(r);
  r = with;
  detail::model_info<T>::set_key(r, key);
  std::size_t i = 0;
  for (const detail::ColumnInfo& c : columns)
    if (c.created_at) (void)c.set(&r, created[i++]);
}

template <association A>
std::vector<key_t<typename A::through>> Database::join_keys(
    const parent_t<A>& parent, const A& a, const key_t<typename A::target>& k) const {
  using join = typename A::through;
  std::vector<key_t<join>> out;
  const auto linked = target_key_of<A>(k);
  for (const void* j :
       detail::table_of<join>(store_).children(A::fk_column, code<join, A::fk_column>(parent))) {
    const join& jr = *static_cast<const join*>(j);
    const auto* other = detail::value_ptr(jr.*other_member<A>());
    if (other && detail::same_key(*other, linked) &&
        detail::in_scope(detail::through_scope(a), &jr))
      out.push_back(key_of(jr));
  }
  return out;
}

template <association A>
void Database::detach(const parent_t<A>& parent, const A& a, const key_t<typename A::target>& k) {
  using target = typename A::target;
  if constexpr (A::kind == association_kind::belongs_to_many) {
    for (const auto& d : join_keys(parent, a, k)) destroy<typename A::through>(d);
  } else if constexpr (detail::is_optional_v<fk_type<A>>) {
    update<target>(k, [](target& c) { c.*fk_member<A>() = std::nullopt; });
  } else {
    destroy<target>(k);
  }
}

template <class T, class U, class V>
detail::strip_optional_t<U> Database::step_of(U T::*member, const V& by) const {
  using B = detail::strip_optional_t<U>;
  static_assert(detail::operand_for<B, V>,
                "relata: increment / decrement takes a step of the column's type (an integer "
                "for an integer or Decimal column, a number for a double)");
  if constexpr (std::is_integral_v<B> && std::is_integral_v<V>) {
    if (!detail::integer_fits<B>(by)) {  // converted, it would wrap to another step
      const auto& t = detail::table_of<T>(store_);
      const std::string& name = t.columns()[detail::column_index(member)].name;
      throw ValidationError({FieldError{t.name(), name, std::to_string(by), "type_range",
                                        t.name() + "." + name + " stepped by " +
                                            std::to_string(by) + ", which its type cannot hold",
                                        std::nullopt}});
    }
  }
  return detail::to_column_value<B>(by);
}

template <class T, class U, class B>
std::size_t Database::add_to(U T::*member, const B& step, bool subtract, where_t<T> w) {
  auto apply = [&](B& x) {
    if constexpr (std::is_integral_v<B>) {
      B out{};
      const bool overflow =
          subtract ? __builtin_sub_overflow(x, step, &out) : __builtin_add_overflow(x, step, &out);
      if (overflow) throw_overflow<T>(detail::column_index(member), x, step, subtract);
      x = out;
    } else {
      x = subtract ? x - step : x + step;
    }
  };
  return update<T>(std::move(w), [&](T& r) {
    if constexpr (detail::is_optional_v<U>) {
      if (r.*member) apply(*(r.*member));
    } else {
      apply(r.*member);
    }
  });
}

template <class T, class B>
[[noreturn]] void Database::throw_overflow(std::size_t column, const B& x, const B& step,
                                           bool subtract) const {
  const auto& t = detail::table_of<T>(store_);
  const std::string& name = t.columns()[column].name;
  const std::string shown = std::to_string(x);
  throw ValidationError(
      {FieldError{t.name(), name, shown, "overflow",
                  t.name() + "." + name + " = " + shown + (subtract ? " - " : " + ") +
                      std::to_string(step) + " overflows its type",
                  std::nullopt}});
}

template <class T, class... O>
std::vector<key_t<T>> Database::matching_keys(where_t<T> w, O&&... opts) const {
  std::vector<key_t<T>> keys;
  for (auto r : find_all<T>(std::move(w), std::forward<O>(opts)...))
    keys.push_back(detail::model_info<T>::key_of(*r));
  return keys;
}

template <class T>
std::size_t Database::destroy_where(where_t<T> w, bool soft) {
  auto& table = detail::table_of<T>(store_);
  return store_.statement([&] {
    // A deletion for good also takes soft-deleted rows.
    std::vector<key_t<T>> keys =
        soft ? matching_keys<T>(std::move(w)) : matching_keys<T>(std::move(w), paranoid(false));
    auto cx = store_.context();
    table.run_hooks(detail::hook::before_bulk_destroy, &keys, cx);
    std::size_t n = 0;
    for (const key_t<T>& k : keys) {
      if (!table.find(k)) continue;  // an earlier cascade took it
      if constexpr (detail::model_info<T>::paranoid) {
        if (soft) {
          soft_destroy<T>(k);
          ++n;
          continue;
        }
      }
      store_.destroy(table, table.code_of(k));
      ++n;
    }
    table.run_hooks(detail::hook::after_bulk_destroy, &keys, cx);
    return n;
  });
}

template <class T>
void Database::soft_destroy(key_t<T> key) {
  auto& table = detail::table_of<T>(store_);
  const T& row = existing<T>(key);
  if (!detail::live(row)) return;  // already soft-deleted: it keeps its first time
  auto cx = store_.context();
  table.run_hooks(detail::hook::before_destroy, const_cast<T*>(&row), cx);
  const T& after = set_deleted(row, cx.now());
  table.run_hooks(detail::hook::after_destroy, const_cast<T*>(&after), cx);
}

template <class T>
const T& Database::set_deleted(const T& row, std::optional<Timestamp> when) {
  if (!when && detail::live(row)) return row;
  using info = detail::model_info<T>;
  return detail::table_of<T>(store_).update(
      info::key_of(row), [&](T& r) { r.*info::template col<info::deleted_index>::member = when; },
      store_.context(), false);
}

template <class T>
const T& Database::existing(key_t<T> key) const {
  const T* row = detail::table_of<T>(store_).find(key);
  if (!row) require_row<T>(key);  // throws NotFoundError
  return *row;
}

template <class T, class... O>
std::shared_ptr<const detail::QuerySpec> Database::spec_of(O&&... opts) const {
  static_assert(!(detail::is_aggregate_option<std::remove_cvref_t<O>> || ...),
                "relata: group_by and fn:: aggregates are options of db.aggregate<T>(...)");
  std::shared_ptr<const detail::QuerySpec> spec;
  if constexpr (sizeof...(O) == 1 && (std::is_base_of_v<Query<T>, std::remove_cvref_t<O>> && ...)) {
    spec = (opts.spec(), ...);
  } else {
    spec = Query<T>(std::forward<O>(opts)...).spec();
  }
  if (scopes_.entries.empty() && !spec->names_scope) return spec;  // the common case, inline
  return detail::apply_scopes(scopes_, store_, detail::type_slot<T>(), std::move(spec));
}

template <class T, class U, class F, class... O>
std::optional<detail::strip_optional_t<U>> Database::extreme(U T::*member, F first,
                                                             O&&... opts) const {
  std::optional<detail::strip_optional_t<U>> out;
  for_values(
      member,
      [&](const auto& v) {
        if (!out || first(v, *out)) out = v;
      },
      std::forward<O>(opts)...);
  return out;
}

template <class T, class U, class F, class... O>
void Database::for_values(U T::*member, F&& f, O&&... opts) const {
  for (const auto& r : find_all<T>(std::forward<O>(opts)...))
    if (const auto* v = detail::value_ptr((*r).*member)) f(*v);
}

template <class T, class V>
std::vector<const T*> Database::bulk_write(V& rows, bool ignore,
                                           const std::vector<std::size_t>* update_columns) {
  auto& table = detail::table_of<T>(store_);
  if constexpr (std::is_const_v<V>) {
    if (table.hooks().has(detail::hook::before_bulk_create)) {
      std::vector<T> copy(rows);  // the hook may change, add or remove rows
      return bulk_write<T>(copy, ignore, update_columns);
    }
  }
  return store_.statement([&] {
    auto cx = store_.context();
    if constexpr (!std::is_const_v<V>) table.run_hooks(detail::hook::before_bulk_create, &rows, cx);
    std::optional<Timestamp> now;  // one clock read: every record gets the same timestamps
    cx.statement_time = &now;
    std::vector<const T*> out;
    out.reserve(rows.size());
    table.reserve(rows.size());  // no rehash and no log growth while the rows go in
    cx.log.reserve(rows.size());
    std::vector<FieldError> failed;  // every failing field of every failing record
    for (std::size_t i = 0; i < rows.size(); ++i) {
      try {
        const void* stored =
            ignore || update_columns ? detail::upsert_target(table, &rows[i]) : nullptr;
        if (!stored) {
          if constexpr (std::is_const_v<V>)
            out.push_back(&table.insert(rows[i], cx));  // copied straight into its node
          else
            out.push_back(&table.insert(std::move(rows[i]), cx));
        } else if (ignore) {
          out.push_back(static_cast<const T*>(stored));
        } else {
          const auto key = detail::model_info<T>::key_of(*static_cast<const T*>(stored));
          const auto& columns = table.columns();
          out.push_back(&table.update(
              key,
              [&](T& r) {
                for (std::size_t c : *update_columns)
                  (void)columns[c].set(&r, columns[c].get(&rows[i]));
              },
              cx));
        }
      } catch (const ValidationError& e) {
        for (FieldError f : e.errors()) {
          f.record = i;
          f.message = "record " + std::to_string(i) + ": " + f.message;
          failed.push_back(std::move(f));
        }
      }
    }
    if (!failed.empty()) throw ValidationError(std::move(failed));
    table.run_hooks(detail::hook::after_bulk_create, &out, cx);
    return out;
  });
}

}  // namespace relata
