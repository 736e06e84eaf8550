// relata/association.hpp — associations between models, declared as constexpr values.
//
// Contract: an association is a small constexpr value naming a foreign-key member and an
// alias (Sequelize's `as`). The member pointer carries both models, so every use is checked
// by the compiler: using an association on a row of another model does not compile. The
// foreign key must be a `references<>` column; its ON DELETE action is declared on that
// column (one source of truth for the engine), not on the association. The alias, and a
// scope's string constant, are viewed, not copied: a temporary std::string does not compile.
//
//   inline constexpr auto products = relata::has_many<&Product::categoryId>("products");
//   inline constexpr auto category = relata::belongs_to<&Product::categoryId>("category");
//   inline constexpr auto profile  = relata::has_one<&Profile::userId>("profile");
//   inline constexpr auto ordered  = relata::belongs_to_many<&OrderItem::orderId,
//                                                            &OrderItem::productId>("products");
//
// Self-associations (a parentId referencing the same model) and several associations
// between the same two models under different aliases are ordinary declarations. A scope
// restricts an association to rows holding fixed values, and a key argument starts it from
// another model than the referenced one (the polymorphic pattern, over a constraints(false)
// reference):
//
//   inline constexpr auto post_comments =
//       relata::has_many<&Comment::commentableId, &Post::id>("comments")
//           .scope<&Comment::commentableType>("post");
#pragma once

#include <array>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "relata/detail/model_info.hpp"

// The sentence of a scope's string constant made from a temporary (aliases: alias_text).
#define RELATA_DETAIL_SCOPE_TEXT_DANGLES                                                    \
  "relata: a scope's string constant is viewed, not copied: a temporary std::string would " \
  "leave it dangling; give a string literal, or a string that outlives the association"

namespace relata {

/// The four kinds of association of the Sequelize guide.
enum class association_kind : unsigned char { has_many, has_one, belongs_to, belongs_to_many };

}  // namespace relata

#include "relata/detail/association_traits.hpp"  // builds on association_kind

namespace relata {

/// Association A restricted to the target rows (and, for a belongs_to_many, the join rows)
/// whose columns hold fixed values: Sequelize's association `scope` and `through.scope`.
/// get, count, has, remove, set and include see only those rows (an include stays optional);
/// add, set and create write the values into the rows they link (has_many, has_one) or into
/// the new join rows (through_scope); a belongs_to_many's create writes its target scope
/// into the new target. A scope's string constant is viewed, not copied: give a literal.
template <class A>
struct scoped_t : A {
  static constexpr bool scoped = true;                       ///< this association has a scope
  static constexpr std::size_t capacity = 4;                 ///< terms per scope, at most
  std::array<detail::scope_term, capacity> target_terms{};   ///< filters the target rows
  std::size_t target_count = 0;                              ///< used target_terms
  std::array<detail::scope_term, capacity> through_terms{};  ///< filters the join rows
  std::size_t through_count = 0;                             ///< used through_terms

  /// Also requires the target's column M to hold `value`.
  template <auto M, class V>
  constexpr scoped_t scope(V&& value) const {
    static_assert(!detail::temporary_string<V>, RELATA_DETAIL_SCOPE_TEXT_DANGLES);
    scoped_t out = *this;
    if (out.target_count == capacity)
      detail::alias_error("a scope holds at most 4 columns", this->as);
    out.target_terms[out.target_count++] = detail::make_scope_term<typename A::target, M>(value);
    return out;
  }
  /// belongs_to_many: also requires the join model's column M to hold `value`.
  template <auto M, class V>
  constexpr scoped_t through_scope(V&& value) const {
    static_assert(!detail::temporary_string<V>, RELATA_DETAIL_SCOPE_TEXT_DANGLES);
    static_assert(A::kind == association_kind::belongs_to_many,
                  "relata: through_scope applies only to a belongs_to_many");
    scoped_t out = *this;
    if (out.through_count == capacity)
      detail::alias_error("a through scope holds at most 4 columns", this->as);
    out.through_terms[out.through_count++] = detail::make_scope_term<typename A::through, M>(value);
    return out;
  }
  /// belongs_to_many: this association, scope kept, with its join object under `name` in
  /// JSON (see belongs_to_many_t::through_as).
  constexpr scoped_t through_as(detail::alias_text name) const {
    scoped_t out = *this;
    static_cast<A&>(out) = A::through_as(name);
    return out;
  }
};

namespace detail {
/// `a` as the first step of a scoped_t (the target of a plain association's scope()).
template <class A>
constexpr scoped_t<A> scoped_from(const A& a) {
  scoped_t<A> out{};
  static_cast<A&>(out) = a;
  return out;
}
/// The terms that filter association `a`'s target rows (none without a scope).
template <class A>
constexpr std::span<const scope_term> target_scope(const A& a) {
  if constexpr (A::scoped)
    return {a.target_terms.data(), a.target_count};
  else
    return {};
}
/// The terms that filter association `a`'s join rows (none without a through scope).
template <class A>
constexpr std::span<const scope_term> through_scope(const A& a) {
  if constexpr (A::scoped)
    return {a.through_terms.data(), a.through_count};
  else
    return {};
}
}  // namespace detail

/// Source has many Target rows whose foreign key FK references it (one-to-many). Key, when
/// given, is the source's key column instead of the one FK references (see scoped_t and the
/// polymorphic pattern in the README).
template <auto FK, auto Key = nullptr>
struct has_many_t : detail::parent_to_child<FK, association_kind::has_many, Key> {
  /// This association restricted to target rows whose column M holds `value` (scoped_t).
  template <auto M, class V>
  constexpr scoped_t<has_many_t> scope(V&& value) const {
    return detail::scoped_from(*this).template scope<M>(std::forward<V>(value));
  }
};

/// Source has at most one Target row whose foreign key FK references it (one-to-one).
template <auto FK, auto Key = nullptr>
struct has_one_t : detail::parent_to_child<FK, association_kind::has_one, Key> {
  /// This association restricted to target rows whose column M holds `value` (scoped_t).
  template <auto M, class V>
  constexpr scoped_t<has_one_t> scope(V&& value) const {
    return detail::scoped_from(*this).template scope<M>(std::forward<V>(value));
  }
};

/// Source holds the foreign key FK to one Target row (many-to-one); Key, when given, is the
/// target's key column instead of the one FK references.
template <auto FK, auto Key = nullptr>
struct belongs_to_t
    : detail::association_base<typename detail::fk_column<FK>::owner,
                               typename detail::fk_parent<FK, Key>::parent, void,
                               association_kind::belongs_to, detail::fk_column<FK>::index, 0, 0,
                               detail::fk_parent<FK, Key>::key_index> {
  /// Does not compile: a belongs_to takes no scope, as in Sequelize.
  template <auto M, class V>
  constexpr belongs_to_t scope(const V&) const {
    static_assert(sizeof(V) == 0,
                  "relata: a belongs_to takes no scope (as in Sequelize): scope the has_many / "
                  "has_one that leads back, or use a where in the include");
    return *this;
  }
};

/// Source has many Target rows through join rows of model Through, whose SourceFK references
/// the source and whose TargetFK (Sequelize's otherKey) references the target. SourceKey,
/// when given, is the source's key column instead of the one SourceFK references.
template <auto SourceFK, auto TargetFK, auto SourceKey = nullptr>
struct belongs_to_many_t
    : detail::association_base<
          typename detail::fk_parent<SourceFK, SourceKey>::parent,
          typename detail::fk_column<TargetFK>::parent, typename detail::fk_column<SourceFK>::owner,
          association_kind::belongs_to_many, detail::fk_column<SourceFK>::index,
          detail::fk_column<TargetFK>::index, detail::fk_parent<SourceFK, SourceKey>::key_index,
          detail::fk_column<TargetFK>::key_index> {
  static_assert(std::is_same_v<typename detail::fk_column<SourceFK>::owner,
                               typename detail::fk_column<TargetFK>::owner>,
                "relata: belongs_to_many needs two foreign keys of the same join model");
  /// The key of the join object in JSON (Sequelize's `through: { as }`); empty: the join
  /// model's name.
  std::string_view join_as;
  /// This association with its join object under `name` in JSON. Refused like an alias: a
  /// name that is empty or a column name of the target model (the column would hide it).
  constexpr belongs_to_many_t through_as(detail::alias_text name) const;
  /// This association restricted to target rows whose column M holds `value` (scoped_t).
  template <auto M, class V>
  constexpr scoped_t<belongs_to_many_t> scope(V&& value) const {
    return detail::scoped_from(*this).template scope<M>(std::forward<V>(value));
  }
  /// This association restricted to join rows whose column M holds `value`, which new join
  /// rows get (Sequelize's `through: { scope }`; see scoped_t).
  template <auto M, class V>
  constexpr scoped_t<belongs_to_many_t> through_scope(V&& value) const {
    return detail::scoped_from(*this).template through_scope<M>(std::forward<V>(value));
  }
};

/// Declares a one-to-many association from the referenced model to FK's model. The alias
/// must not be a column name of the source model (SchemaError; in a constexpr declaration,
/// a compile error).
template <auto FK, auto Key = nullptr>
constexpr has_many_t<FK, Key> has_many(detail::alias_text as) {
  return detail::checked_alias<has_many_t<FK, Key>>(as);
}
/// Declares a one-to-one association from the referenced model to FK's model.
template <auto FK, auto Key = nullptr>
constexpr has_one_t<FK, Key> has_one(detail::alias_text as) {
  return detail::checked_alias<has_one_t<FK, Key>>(as);
}
/// Declares a many-to-one association from FK's model to the model it references.
template <auto FK, auto Key = nullptr>
constexpr belongs_to_t<FK, Key> belongs_to(detail::alias_text as) {
  return detail::checked_alias<belongs_to_t<FK, Key>>(as);
}
/// Declares a many-to-many association through the join model holding both keys.
template <auto SourceFK, auto TargetFK, auto SourceKey = nullptr>
constexpr belongs_to_many_t<SourceFK, TargetFK, SourceKey> belongs_to_many(detail::alias_text as) {
  return detail::checked_alias<belongs_to_many_t<SourceFK, TargetFK, SourceKey>>(as);
}

template <auto SourceFK, auto TargetFK, auto SourceKey>
constexpr belongs_to_many_t<SourceFK, TargetFK, SourceKey>
belongs_to_many_t<SourceFK, TargetFK, SourceKey>::through_as(detail::alias_text alias) const {
  using target = typename belongs_to_many_t::target;
  const std::string_view name = alias;
  const bool taken = detail::unpack([&](const auto&... c) { return ((c.name == name) || ...); },
                                    model<target>::columns);
  if (taken)
    detail::alias_error("a join object's alias is a column name of the target model", name);
  if (name.empty()) detail::alias_error("a join object's alias is empty", name);
  belongs_to_many_t out = *this;
  out.join_as = name;
  return out;
}

/// Specialise for a model to list its associations (Sequelize's associations of a model), for
/// include_all(): `static constexpr auto all = std::tuple{products, ...};`, each association
/// starting from the model.
template <class T>
struct associations {};

/// True for the association types above.
template <class A>
concept association = requires {
  typename A::source;
  typename A::target;
  { A::kind } -> std::convertible_to<association_kind>;
};

}  // namespace relata
