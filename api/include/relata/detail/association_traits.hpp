// Internal: what the association types of relata/association.hpp are built from — the
// column a foreign key is declared as and the model it references (fk_column), the common
// base of every association (association_base), and the alias check (checked_alias).
// relata/association.hpp includes it right after declaring association_kind.
#pragma once

#include <cstdint>
#include <span>
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

/// The model (`parent`) and key column (`key_index`) an association over foreign key FK
/// starts from (has_many, has_one, belongs_to_many) or leads to (belongs_to) when a Key is
/// given in place of the key FK references. A Key of another model is the polymorphic
/// pattern: FK must then be a constraints(false) reference, and the association usually has
/// a scope.
template <auto FK, auto Key>
struct keyed_parent {
  using parent = typename member_traits<decltype(Key)>::owner;
  static_assert(declared_model<parent>,
                "relata: an association's key belongs to a struct with no relata::model "
                "specialisation");
  static constexpr std::size_t key_index = model_info<parent>::template index_of<Key>;
  static_assert(key_index < model_info<parent>::size,
                "relata: an association's key is not a column of its model");
  using key_col = typename model_info<parent>::template col<key_index>;
  static_assert(key_col::is_primary_key || key_col::is_unique,
                "relata: an association's key must be the primary key or a unique column");
  static_assert(std::is_integral_v<typename key_col::base_type> ||
                    std::is_same_v<typename key_col::base_type, std::string>,
                "relata: an association's key must be an integer or std::string column");
  static_assert(std::is_same_v<typename key_col::base_type, std::string> ==
                    std::is_same_v<typename fk_column<FK>::col::base_type, std::string>,
                "relata: an association's key and its foreign key must both be text or both "
                "integers");
  static constexpr bool referenced = std::is_same_v<parent, typename fk_column<FK>::parent> &&
                                     key_index == fk_column<FK>::key_index;
  // A text key's values are matched through its codes; only a primary key, or the column the
  // foreign key references, has them.
  static_assert(referenced || !std::is_same_v<typename key_col::base_type, std::string> ||
                    key_col::is_primary_key,
                "relata: an association over a text foreign key from another key than the one "
                "it references must start from that model's primary key");
  static_assert(referenced || !enforced(std::get<fk_column<FK>::index>(
                                  model<typename fk_column<FK>::owner>::columns)),
                "relata: an association over a foreign key from another key than the one it "
                "references needs a constraints(false) reference (the polymorphic pattern)");
};

/// fk_column<FK> (the referenced model and key), or keyed_parent<FK, Key> when a Key is
/// given: either has `parent` and `key_index`.
template <auto FK, auto Key>
using fk_parent = std::conditional_t<std::is_same_v<decltype(Key), std::nullptr_t>, fk_column<FK>,
                                     keyed_parent<FK, Key>>;

/// One term of an association scope: column `column` of the target (or join) model holds
/// a constant, an integer or a string (Sequelize's association `scope: { column: value }`).
/// `matches` and `assign` are the column's typed test and write, compiled once per member.
struct scope_term {
  std::size_t column = 0;
  std::int64_t integer = 0;  ///< the constant of an integer, bool or enum column
  std::string_view text;     ///< the constant of a string column
  bool (*matches)(const void* row, const scope_term&) = nullptr;
  void (*assign)(void* row, const scope_term&) = nullptr;
};

template <auto M>
bool scope_matches(const void* row, const scope_term& t) {
  using owner = typename member_traits<decltype(M)>::owner;
  using U = strip_optional_t<typename member_traits<decltype(M)>::value_type>;
  const auto* v = value_ptr(static_cast<const owner*>(row)->*M);
  if (!v) return false;  // NULL matches no constant
  if constexpr (std::is_same_v<U, std::string>)
    return *v == t.text;
  else
    return static_cast<std::int64_t>(*v) == t.integer;
}
template <auto M>
void scope_assign(void* row, const scope_term& t) {
  using owner = typename member_traits<decltype(M)>::owner;
  using U = strip_optional_t<typename member_traits<decltype(M)>::value_type>;
  if constexpr (std::is_same_v<U, std::string>)
    static_cast<owner*>(row)->*M = std::string(t.text);
  else
    static_cast<owner*>(row)->*M = static_cast<U>(t.integer);
}

/// True when S, deduced by a forwarding reference, is a temporary std::string: an alias or a
/// scope's string constant is viewed, not copied, so one made from it would dangle.
template <class S>
inline constexpr bool temporary_string = std::is_same_v<std::remove_cv_t<S>, std::string>;

[[noreturn]] inline void alias_error(std::string_view what, std::string_view as);

/// An alias (or a join object's name) as the declaring functions take it: a view of text
/// that outlives the association. Made from a temporary std::string, it does not compile.
struct alias_text {
  std::string_view text;                                   ///< the alias
  constexpr alias_text(const char* s) : text(s) {}         // NOLINT: implicit on purpose
  constexpr alias_text(std::string_view s) : text(s) {}    // NOLINT: implicit on purpose
  constexpr alias_text(const std::string& s) : text(s) {}  // NOLINT: implicit on purpose
  template <class S>
  requires temporary_string<S> alias_text(S&&) {  // NOLINT: implicit on purpose
    static_assert(!temporary_string<S>,
                  "relata: an alias is viewed, not copied: a temporary std::string would leave "
                  "it dangling; give a string literal, or a string that outlives the "
                  "association");
  }
  constexpr operator std::string_view() const noexcept { return text; }  // NOLINT
};

/// The scope term "column M of model Owner holds `value`".
template <class Owner, auto M, class V>
constexpr scope_term make_scope_term(const V& value) {
  using traits = member_traits<decltype(M)>;
  static_assert(std::is_same_v<typename traits::owner, Owner>,
                "relata: a scope names a column of another model than the one it filters (the "
                "association's target, or its join model for through_scope)");
  constexpr std::size_t index = model_info<Owner>::template index_of<M>;
  static_assert(index < model_info<Owner>::size, "relata: a scope's member is not a column");
  using U = strip_optional_t<typename traits::value_type>;
  scope_term t;
  t.column = index;
  t.matches = &scope_matches<M>;
  t.assign = &scope_assign<M>;
  if constexpr (std::is_same_v<U, std::string>) {
    static_assert(std::is_convertible_v<const V&, std::string_view>,
                  "relata: a scope on a string column takes a string constant");
    t.text = std::string_view(value);
  } else {
    static_assert((std::is_integral_v<U> || std::is_enum_v<U>)&&operand_for<U, V>,
                  "relata: a scope holds a constant of its column's type: an integer, bool, enum "
                  "or string column");
    // Converted, it would wrap: rows the scope creates would hold another value than the
    // one it matches. In a constexpr declaration the call is a compile error quoting it.
    if constexpr (std::is_integral_v<U> && std::is_integral_v<V>)
      if (!integer_fits<U>(value))
        alias_error("a scope's constant does not fit its column's type", std::to_string(value));
    t.integer = static_cast<std::int64_t>(value);
  }
  return t;
}

/// True when `row` satisfies every term of `scope`.
inline bool in_scope(std::span<const scope_term> scope, const void* row) {
  for (const scope_term& t : scope)
    if (!t.matches(row, t)) return false;
  return true;
}
/// Writes every term of `scope` into `row`.
inline void write_scope(std::span<const scope_term> scope, void* row) {
  for (const scope_term& t : scope) t.assign(row, t);
}

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
  static constexpr bool scoped = false;                 ///< see relata::scoped_t
  std::string_view as;  ///< the alias: the include's key in results and JSON
};

template <auto FK, association_kind Kind, auto Key>
using parent_to_child =
    association_base<typename fk_parent<FK, Key>::parent, typename fk_column<FK>::owner, void, Kind,
                     fk_column<FK>::index, 0, fk_parent<FK, Key>::key_index, 0>;
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
      unpack([&](const auto&... c) { return ((c.name == as) || ...); }, model<source>::columns);
  if (taken) alias_error("an association's alias is a column name of its source model", as);
  if (as.empty()) alias_error("an association's alias is empty", as);
  A a{};
  a.as = as;
  return a;
}
}  // namespace detail

}  // namespace relata
