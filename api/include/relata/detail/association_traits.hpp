// Internal: what the association types of relata/association.hpp are built from — the
// column a foreign key is declared as and the model it references (fk_column), the common
// base of every association (association_base), and the alias check (checked_alias).
// relata/association.hpp includes it right after declaring association_kind.
#pragma once

#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "relata/detail/model_info.hpp"
#include "relata/error.hpp"
#include "relata/schema.hpp"

namespace relata {

namespace detail {
/// The options tuple of the column declared for member FK.
template <auto FK>
struct fk_column {
  using owner = typename member_traits<decltype(FK)>::owner;
  static_assert(declared_model<owner>,
                "relata: an association's foreign key belongs to a struct with no relata::model "
                "specialisation");
  using info = model_info<owner>;
  static constexpr std::size_t index = info::template index_of<FK>;
  static_assert(index < info::size,
                "relata: an association's foreign key is not a column of its model");
  using col = typename info::template col<index>;
  static_assert(col::is_foreign_key,
                "relata: an association's foreign key must be declared with references<>");

  template <class Options>
  struct target_of;
  template <class... O>
  struct target_of<std::tuple<O...>> {
    template <class X, class... Rest>
    static auto pick() {
      if constexpr (references_target<X>::present)
        return std::type_identity<
            typename member_traits<decltype(references_target<X>::key)>::owner>{};
      else
        return pick<Rest...>();
    }
    using type = typename decltype(pick<O...>())::type;
  };
  /// The model the foreign key references.
  using parent = typename target_of<decltype(col::options)>::type;

  template <class X, class... Rest>
  static constexpr auto pick_key_of() {
    if constexpr (references_target<X>::present)
      return references_target<X>::key;
    else
      return pick_key_of<Rest...>();
  }
  template <class... O>
  static constexpr auto pick_key(std::tuple<O...>*) {
    return pick_key_of<O...>();
  }
  /// The column of `parent` the foreign key references: its primary key, or a unique column
  /// (Sequelize's sourceKey for has_many / has_one, targetKey for belongs_to).
  static constexpr std::size_t key_index = model_info<parent>::template index_of<pick_key(
      static_cast<decltype(col::options)*>(nullptr))>;
};

}  // namespace detail

namespace detail {
/// What every association type is: its models, kind, and column indexes. `as` is the alias.
template <class Source, class Target, class Through, association_kind Kind, std::size_t Fk,
          std::size_t Other, std::size_t SourceKey, std::size_t TargetKey>
struct association_base {
  using source = Source;    ///< the model the association starts from
  using target = Target;    ///< the model it leads to
  using through = Through;  ///< belongs_to_many: the join model; void otherwise
  static constexpr association_kind kind = Kind;
  static constexpr bool plural =
      Kind == association_kind::has_many || Kind == association_kind::belongs_to_many;
  static constexpr std::size_t fk_column = Fk;          ///< the foreign key (see AssociationRef)
  static constexpr std::size_t other_column = Other;    ///< belongs_to_many: otherKey
  static constexpr std::size_t source_key = SourceKey;  ///< sourceKey column in the source
  static constexpr std::size_t target_key = TargetKey;  ///< targetKey column in the target
  std::string_view as;  ///< the alias: the include's key in results and JSON
};

template <auto FK, association_kind Kind>
using parent_to_child =
    association_base<typename fk_column<FK>::parent, typename fk_column<FK>::owner, void, Kind,
                     fk_column<FK>::index, 0, fk_column<FK>::key_index, 0>;
}  // namespace detail

namespace detail {
/// The alias checked against the source model's columns: an include under a column's name
/// would be hidden by the column in JSON. Sequelize refuses it; so does relata, at compile
/// time for a constexpr declaration (the throw below is then the diagnostic) and with a
/// SchemaError for one made at run time.
[[noreturn]] inline void alias_error(std::string_view what, std::string_view as) {
  throw SchemaError("schema error: " + std::string(what) + ": " + std::string(as));
}
// The sentences stay literal at each alias_error call (here and in through_as): a refused
// constexpr alias is diagnosed by the compiler quoting the call's source line.
template <class A>
constexpr A checked_alias(std::string_view as) {
  using source = typename A::source;
  const bool taken =
      std::apply([&](const auto&... c) { return ((c.name == as) || ...); }, model<source>::columns);
  if (taken) alias_error("an association's alias is a column name of its source model", as);
  if (as.empty()) alias_error("an association's alias is empty", as);
  A a{};
  a.as = as;
  return a;
}
}  // namespace detail

}  // namespace relata
