// relata/schema.hpp — declaring a model: its table, its columns and their constraints.
//
// Contract: a model is an ordinary aggregate struct T plus a specialisation of
// relata::model<T> with `static constexpr std::string_view table` and
// `static constexpr auto columns = relata::columns(...)`. The declaration is checked at
// compile time when the model is first used (Database::define<T>()): a mistake stops the
// build with a static_assert that names it. Everything here is constexpr data; nothing
// allocates or runs at startup.
//
//   template <> struct relata::model<Product> {
//     static constexpr std::string_view table = "products";
//     static constexpr auto columns = relata::columns(
//         relata::column<&Product::id>("id", relata::primary_key, relata::auto_increment),
//         relata::column<&Product::name>("name", relata::not_empty),
//         relata::column<&Product::categoryId>("categoryId", relata::references<&Category::id>),
//         relata::created_at<&Product::createdAt>(), relata::updated_at<&Product::updatedAt>());
//   };
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "relata/detail/column_type.hpp"

namespace relata {

/// Specialise for each model type: `table` (its name) and `columns` (from relata::columns).
template <class T>
struct model {};

/// Referential actions, as in SQL's ON DELETE.
enum class action : std::uint8_t {
  restrict,  ///< refuse to delete a row that is still referenced
  cascade,   ///< delete the referencing rows too (recursively)
  set_null,  ///< set the referencing key to NULL (needs an optional key)
};

/// Option types; users write the constants below rather than these names.
namespace opt {
struct primary_key_t {};
struct auto_increment_t {};
/// A composite unique constraint's membership: the columns naming the same group.
struct unique_group_t {
  std::string_view name;
};
struct unique_t {
  /// unique("name"): this column is part of the composite unique constraint `name` (every
  /// column declared with the same name; Sequelize's `unique: "name"`).
  constexpr unique_group_t operator()(std::string_view name) const noexcept { return {name}; }
};
struct indexed_t {};
struct not_empty_t {};
struct created_at_t {};
struct updated_at_t {};
struct deleted_at_t {};
template <auto Key>
struct references_t {};
template <action A>
struct action_t {
  static constexpr action value = A;
};
template <action A>
struct on_delete_t {
  static constexpr action value = A;
};
template <action A>
struct on_update_t {
  static constexpr action value = A;
};
template <class V>
struct min_t {
  V bound;
};
template <class V>
struct max_t {
  V bound;
};
struct length_t {
  std::size_t min, max;
};
template <class V>
struct default_t {
  V value;
};
template <class F>
struct validator_t {
  std::string_view name;
  F check;
};
struct constraints_t {
  bool enforced;
};
}  // namespace opt

inline constexpr opt::primary_key_t primary_key{};        ///< the row's identity (one per model)
inline constexpr opt::auto_increment_t auto_increment{};  ///< a key of 0 on create gets the next id
/// No two rows share a non-null value; unique("name") instead groups the columns naming the
/// same constraint: no two rows share all of their values (a row with a NULL in one never
/// collides).
inline constexpr opt::unique_t unique{};
inline constexpr opt::indexed_t indexed{};      ///< an ordered index (ranges, order_by)
inline constexpr opt::not_empty_t not_empty{};  ///< a string must not be ""
/// A foreign key to `Key`, the primary key of another (or the same) model; indexed.
template <auto Key>
inline constexpr opt::references_t<Key> references{};
inline constexpr opt::action_t<action::restrict> restrict {};  ///< ON DELETE RESTRICT
inline constexpr opt::action_t<action::cascade> cascade{};     ///< ON DELETE CASCADE
inline constexpr opt::action_t<action::set_null> set_null{};   ///< ON DELETE SET NULL
/// What deleting a referenced row does to rows whose `references` column points at it.
/// Default: set_null for an optional key, restrict for a NOT NULL one.
template <action A>
constexpr opt::on_delete_t<A> on_delete(opt::action_t<A>) noexcept {
  return {};
}
/// What changing a referenced key (the primary key, or the unique column a references<>
/// names) does to the rows whose `references` column holds it. Default: cascade (Sequelize's):
/// they follow the new key; set_null clears them; restrict refuses the change.
template <action A>
constexpr opt::on_update_t<A> on_update(opt::action_t<A>) noexcept {
  return {};
}
/// constraints(false) on a references<> column makes it a weak reference (Sequelize's
/// `constraints: false`): indexed and followed by associations, but never checked and
/// with no ON DELETE / ON UPDATE action; a row may point at no row. constraints(true) is
/// the default.
constexpr opt::constraints_t constraints(bool enforced) noexcept {
  return {enforced};
}
/// Values must be >= bound (integers, doubles, Decimals; a Decimal bound may be a string).
template <class V>
constexpr opt::min_t<V> min(V bound) noexcept {
  return {bound};
}
/// Values must be <= bound (integers, doubles, Decimals; a Decimal bound may be a string).
template <class V>
constexpr opt::max_t<V> max(V bound) noexcept {
  return {bound};
}
/// A string's length in characters (UTF-8 code points) must lie in [min, max].
constexpr opt::length_t length(std::size_t min, std::size_t max) noexcept {
  return {min, max};
}
/// The value an optional column takes when it is created NULL (and a snapshot lacks it).
template <class V>
constexpr opt::default_t<V> default_value(V value) noexcept {
  return {value};
}
/// A custom validator: `check(value)` returns true when the value is acceptable.
template <class F>
constexpr opt::validator_t<F> validator(std::string_view name, F check) noexcept {
  return {name, check};
}

namespace detail {
template <class M>
struct member_traits;
template <class C, class U>
struct member_traits<U C::*> {
  using owner = C;
  using value_type = U;
};
template <class M>
struct member_traits<const M> : member_traits<M> {};

template <class O>
inline constexpr bool is_references_v = false;
template <auto K>
inline constexpr bool is_references_v<opt::references_t<K>> = true;
template <class O>
inline constexpr bool is_on_delete_v = false;
template <action A>
inline constexpr bool is_on_delete_v<opt::on_delete_t<A>> = true;
template <class O>
inline constexpr bool is_on_update_v = false;
template <action A>
inline constexpr bool is_on_update_v<opt::on_update_t<A>> = true;
template <class O>
inline constexpr bool is_bound_v = false;
template <class V>
inline constexpr bool is_bound_v<opt::min_t<V>> = true;
template <class V>
inline constexpr bool is_bound_v<opt::max_t<V>> = true;
template <class O>
inline constexpr bool is_default_v = false;
template <class V>
inline constexpr bool is_default_v<opt::default_t<V>> = true;
template <class O>
inline constexpr bool is_option_v =
    std::is_same_v<O, opt::primary_key_t> || std::is_same_v<O, opt::auto_increment_t> ||
    std::is_same_v<O, opt::unique_t> || std::is_same_v<O, opt::unique_group_t> ||
    std::is_same_v<O, opt::indexed_t> || std::is_same_v<O, opt::not_empty_t> ||
    std::is_same_v<O, opt::created_at_t> || std::is_same_v<O, opt::updated_at_t> ||
    std::is_same_v<O, opt::length_t> || std::is_same_v<O, opt::deleted_at_t> ||
    std::is_same_v<O, opt::constraints_t> || is_references_v<O> || is_on_delete_v<O> ||
    is_on_update_v<O> || is_bound_v<O> || is_default_v<O>;
template <class O>
inline constexpr bool is_validator_v = false;
template <class F>
inline constexpr bool is_validator_v<opt::validator_t<F>> = true;

template <class O>
struct references_target {
  static constexpr bool present = false;
};
template <auto K>
struct references_target<opt::references_t<K>> {
  static constexpr bool present = true;
  static constexpr auto key = K;
};
}  // namespace detail

/// One column: the member `Member` of the model, its name and its options.
template <auto Member, class... Opts>
struct column_t {
  static_assert(std::is_member_object_pointer_v<decltype(Member)>,
                "relata: column<&T::member> needs a pointer to a data member");
  using owner = typename detail::member_traits<decltype(Member)>::owner;            ///< the model
  using value_type = typename detail::member_traits<decltype(Member)>::value_type;  ///< member
  using base_type = detail::strip_optional_t<value_type>;  ///< member type without optional
  static constexpr auto member = Member;                   ///< the member pointer

  /// True when the options include O.
  template <class O>
  static constexpr bool has = (std::is_same_v<O, Opts> || ...);
  static constexpr bool is_primary_key = has<opt::primary_key_t>;                 ///< primary key
  static constexpr bool is_foreign_key = (detail::is_references_v<Opts> || ...);  ///< references
  static constexpr bool is_unique = has<opt::unique_t>;                           ///< unique
  static constexpr bool in_unique_group = has<opt::unique_group_t>;    ///< unique("name")
  static constexpr bool is_indexed = has<opt::indexed_t>;              ///< ordered index
  static constexpr bool nullable = detail::is_optional_v<value_type>;  ///< NULL allowed
  /// True when the table keeps a secondary index on this column.
  static constexpr bool has_index = is_foreign_key || is_unique || is_indexed;

  std::string_view name;        ///< the column's name in queries, JSON and snapshots
  std::tuple<Opts...> options;  ///< the options, in declaration order
};

/// Declares the column for `Member` named `name` with constraints and options `opts`.
template <auto Member, class... Opts>
constexpr column_t<Member, Opts...> column(std::string_view name, Opts... opts) {
  using def = column_t<Member, Opts...>;
  using base = typename def::base_type;
  static_assert(detail::column_type<typename def::value_type>::supported,
                "relata: unsupported column type: use an integer, double, bool, std::string, "
                "relata::Decimal, relata::Timestamp, an enum, or std::optional of one");
  static_assert(((detail::is_option_v<Opts> || detail::is_validator_v<Opts>)&&...),
                "relata: an argument of column() is not a column option");
  static_assert(!def::is_primary_key ||
                    (std::is_integral_v<typename def::value_type> &&
                     !std::is_same_v<typename def::value_type, bool>) ||
                    std::is_same_v<typename def::value_type, std::string>,
                "relata: the primary key must be a non-optional integer or std::string column");
  static_assert(!def::template has<opt::auto_increment_t> || def::is_primary_key,
                "relata: auto_increment applies only to the primary key");
  static_assert(!def::template has<opt::auto_increment_t> || std::is_integral_v<base>,
                "relata: auto_increment needs an integer primary key (a std::string key is "
                "given by the program)");
  static_assert(!def::is_foreign_key || (std::is_integral_v<base> && !std::is_same_v<base, bool>) ||
                    std::is_same_v<base, std::string>,
                "relata: a references<> column must be an integer or std::string (or an optional "
                "one)");
  static_assert(!(def::template has<opt::not_empty_t> || def::template has<opt::length_t>) ||
                    std::is_same_v<base, std::string>,
                "relata: not_empty and length apply only to string columns");
  static_assert(
      !(detail::is_bound_v<Opts> || ...) || (std::is_arithmetic_v<base> || is_decimal_v<base>),
      "relata: min and max apply only to numeric and Decimal columns");
  static_assert(!(detail::is_default_v<Opts> || ...) || def::nullable,
                "relata: default_value applies only to an optional column: a NOT NULL "
                "member's default is its initializer in the struct (std::int32_t stock = 100;)");
  static_assert(!(detail::is_on_delete_v<Opts> || ...) || def::is_foreign_key,
                "relata: on_delete applies only to a references<> column");
  static_assert(!(detail::is_on_update_v<Opts> || ...) || def::is_foreign_key,
                "relata: on_update applies only to a references<> column");
  static_assert(!def::template has<opt::constraints_t> || def::is_foreign_key,
                "relata: constraints(false) applies only to a references<> column");
  static_assert(!(std::is_same_v<Opts, opt::on_update_t<action::set_null>> || ...) || def::nullable,
                "relata: on_update(set_null) needs an optional foreign key (std::optional)");
  static_assert(!(std::is_same_v<Opts, opt::on_delete_t<action::set_null>> || ...) || def::nullable,
                "relata: on_delete(set_null) needs an optional foreign key (std::optional)");
  return def{name, {opts...}};
}

/// The created_at timestamp column, set when a row is created.
template <auto Member>
constexpr column_t<Member, opt::created_at_t> created_at(std::string_view name = "createdAt") {
  static_assert(std::is_same_v<typename column_t<Member>::value_type, Timestamp>,
                "relata: created_at needs a relata::Timestamp member");
  return {name, {}};
}

/// The updated_at timestamp column, set when a row is created or updated.
template <auto Member>
constexpr column_t<Member, opt::updated_at_t> updated_at(std::string_view name = "updatedAt") {
  static_assert(std::is_same_v<typename column_t<Member>::value_type, Timestamp>,
                "relata: updated_at needs a relata::Timestamp member");
  return {name, {}};
}

/// The deleted_at timestamp column of a paranoid model (Sequelize's `paranoid: true`):
/// destroy() sets it instead of deleting the row, and finders, includes and lazy accessors
/// skip rows where it is set unless asked with paranoid(false). At most one per model.
template <auto Member>
constexpr column_t<Member, opt::deleted_at_t> deleted_at(std::string_view name = "deletedAt") {
  static_assert(std::is_same_v<typename column_t<Member>::value_type, std::optional<Timestamp>>,
                "relata: deleted_at needs a std::optional<relata::Timestamp> member");
  return {name, {}};
}

/// The list of a model's columns, in declaration order (the order of JSON and snapshots).
template <class... Cols>
constexpr std::tuple<Cols...> columns(Cols... cols) {
  return {cols...};
}

}  // namespace relata
