// relata/association.hpp — associations between models, declared as constexpr values.
//
// Contract: an association is a small constexpr value naming a foreign-key member and an
// alias (Sequelize's `as`). The member pointer carries both models, so every use is checked
// by the compiler: using an association on a row of another model does not compile. The
// foreign key must be a `references<>` column; its ON DELETE action is declared on that
// column (one source of truth for the engine), not on the association.
//
//   inline constexpr auto products = relata::has_many<&Product::categoryId>("products");
//   inline constexpr auto category = relata::belongs_to<&Product::categoryId>("category");
//   inline constexpr auto profile  = relata::has_one<&Profile::userId>("profile");
//   inline constexpr auto ordered  = relata::belongs_to_many<&OrderItem::orderId,
//                                                            &OrderItem::productId>("products");
//
// Self-associations (a parentId referencing the same model) and several associations
// between the same two models under different aliases are ordinary declarations.
#pragma once

#include <string_view>
#include <tuple>
#include <type_traits>

#include "relata/detail/model_info.hpp"

namespace relata {

/// The four kinds of association of the Sequelize guide.
enum class association_kind : unsigned char { has_many, has_one, belongs_to, belongs_to_many };

}  // namespace relata

#include "relata/detail/association_traits.hpp"  // builds on association_kind

namespace relata {

/// Source has many Target rows whose foreign key FK references it (one-to-many).
template <auto FK>
struct has_many_t : detail::parent_to_child<FK, association_kind::has_many> {};

/// Source has at most one Target row whose foreign key FK references it (one-to-one).
template <auto FK>
struct has_one_t : detail::parent_to_child<FK, association_kind::has_one> {};

/// Source holds the foreign key FK to one Target row (many-to-one).
template <auto FK>
struct belongs_to_t
    : detail::association_base<typename detail::fk_column<FK>::owner,
                               typename detail::fk_column<FK>::parent, void,
                               association_kind::belongs_to, detail::fk_column<FK>::index, 0, 0,
                               detail::fk_column<FK>::key_index> {};

/// Source has many Target rows through join rows of model Through, whose SourceFK references
/// the source and whose TargetFK (Sequelize's otherKey) references the target.
template <auto SourceFK, auto TargetFK>
struct belongs_to_many_t
    : detail::association_base<
          typename detail::fk_column<SourceFK>::parent,
          typename detail::fk_column<TargetFK>::parent, typename detail::fk_column<SourceFK>::owner,
          association_kind::belongs_to_many, detail::fk_column<SourceFK>::index,
          detail::fk_column<TargetFK>::index, detail::fk_column<SourceFK>::key_index,
          detail::fk_column<TargetFK>::key_index> {
  static_assert(std::is_same_v<typename detail::fk_column<SourceFK>::owner,
                               typename detail::fk_column<TargetFK>::owner>,
                "relata: belongs_to_many needs two foreign keys of the same join model");
  /// The key of the join object in JSON (Sequelize's `through: { as }`); empty: the join
  /// model's name.
  std::string_view join_as;
  /// This association with its join object under `name` in JSON. Refused like an alias: a
  /// name that is empty or a column name of the target model (the column would hide it).
  constexpr belongs_to_many_t through_as(std::string_view name) const;
};

/// Declares a one-to-many association from the referenced model to FK's model. The alias
/// must not be a column name of the source model (SchemaError; in a constexpr declaration,
/// a compile error).
template <auto FK>
constexpr has_many_t<FK> has_many(std::string_view as) {
  return detail::checked_alias<has_many_t<FK>>(as);
}
/// Declares a one-to-one association from the referenced model to FK's model.
template <auto FK>
constexpr has_one_t<FK> has_one(std::string_view as) {
  return detail::checked_alias<has_one_t<FK>>(as);
}
/// Declares a many-to-one association from FK's model to the model it references.
template <auto FK>
constexpr belongs_to_t<FK> belongs_to(std::string_view as) {
  return detail::checked_alias<belongs_to_t<FK>>(as);
}
/// Declares a many-to-many association through the join model holding both keys.
template <auto SourceFK, auto TargetFK>
constexpr belongs_to_many_t<SourceFK, TargetFK> belongs_to_many(std::string_view as) {
  return detail::checked_alias<belongs_to_many_t<SourceFK, TargetFK>>(as);
}

template <auto SourceFK, auto TargetFK>
constexpr belongs_to_many_t<SourceFK, TargetFK> belongs_to_many_t<SourceFK, TargetFK>::through_as(
    std::string_view name) const {
  using target = typename belongs_to_many_t::target;
  const bool taken = std::apply([&](const auto&... c) { return ((c.name == name) || ...); },
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
