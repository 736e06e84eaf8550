// Internal: compile-time facts about a model's declaration, and the checks that reject
// a wrong declaration with a sentence.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "relata/detail/printable.hpp"
#include "relata/schema.hpp"

namespace relata::detail {

/// f(elements of t...): std::apply without its noexcept and invoke machinery, which costs
/// compile time for every model (columns and options are unpacked many times per model).
template <class F, class... E>
constexpr decltype(auto) unpack(F&& f, const std::tuple<E...>& t) {
  return [&]<std::size_t... I>(std::index_sequence<I...>)->decltype(auto) {
    return f(std::get<I>(t)...);
  }
  (std::index_sequence_for<E...>{});
}

/// A standard integer type: one std::in_range accepts (not bool, not a character type).
template <class X>
concept standard_integer =
    std::is_integral_v<X> && !std::is_same_v<X, bool> && !std::is_same_v<X, char> &&
    !std::is_same_v<X, wchar_t> && !std::is_same_v<X, char8_t> && !std::is_same_v<X, char16_t> &&
    !std::is_same_v<X, char32_t>;

/// True when v is a value of type Base; always for other than two standard integer types
/// (bool and character types convert as they did).
template <class Base, class V>
constexpr bool integer_fits(const V& v) noexcept {
  if constexpr (standard_integer<Base> && standard_integer<V>)
    return std::in_range<Base>(v);
  else
    return true;
}

/// A value of type V can stand for a column of type Base in a condition or an option. A
/// floating-point value cannot stand for an integer or Decimal column: converted, it would
/// lose its fraction (id < 1.5 would mean id < 1) or overflow. A bool stands only for a bool
/// and a bool column takes only a bool: converted, 2 would mean true (flag == 2 would find
/// the true rows) and an integer column compared with true would mean 1.
template <class Base, class V>
concept operand_for = ((std::is_same_v<Base, bool> || std::is_same_v<V, bool>)
                           ? std::is_same_v<Base, V>
                       : is_decimal_v<Base> ? (std::is_convertible_v<const V&, std::string_view> ||
                                               std::is_integral_v<V> || std::is_same_v<V, Base>)
                       : std::is_same_v<Base, std::string>
                           ? std::is_convertible_v<const V&, std::string_view>
                       : std::is_floating_point_v<Base> ? std::is_arithmetic_v<V>
                       : std::is_arithmetic_v<Base>     ? std::is_integral_v<V>
                                                        : std::is_convertible_v<const V&, Base>);

/// True for a column type that sums and averages (db.sum, fn::sum): a number other than
/// bool, or a Decimal.
template <class V>
inline constexpr bool summable_v =
    (std::is_arithmetic_v<V> && !std::is_same_v<V, bool>) || is_decimal_v<V>;

template <class T>
concept declared_model = requires {
  { model<T>::table } -> std::convertible_to<std::string_view>;
  model<T>::columns;
};

template <auto A, auto B>
constexpr bool same_member() {
  if constexpr (std::is_same_v<decltype(A), decltype(B)>)
    return A == B;
  else
    return false;
}

/// Calls f on each option of column `c` whose type is O.
template <class O, class C, class F>
constexpr void for_option(const C& c, F&& f) {
  unpack(
      [&](const auto&... o) {
        (
            [&](const auto& option) {
              if constexpr (std::is_same_v<std::remove_cvref_t<decltype(option)>, O>) f(option);
            }(o),
            ...);
      },
      c.options);
}

/// The name of the composite unique constraint column `c` belongs to (unique("name")), or ""
/// when none.
template <class C>
constexpr std::string_view unique_group_name(const C& c) {
  std::string_view name;
  for_option<opt::unique_group_t>(c, [&](const auto& o) { name = o.name; });
  return name;
}

template <class T>
struct model_info {
  using columns_t = std::remove_cvref_t<decltype(model<T>::columns)>;
  static constexpr std::size_t size = std::tuple_size_v<columns_t>;
  template <std::size_t I>
  using col = std::tuple_element_t<I, columns_t>;
  using seq = std::make_index_sequence<size>;

  static constexpr std::size_t pk_count = []<std::size_t... I>(std::index_sequence<I...>) {
    return (std::size_t{col<I>::is_primary_key} + ... + 0);
  }
  (seq{});
  static constexpr std::size_t pk_index = []<std::size_t... I>(std::index_sequence<I...>) {
    std::size_t r = 0;
    (void)((col<I>::is_primary_key ? (r = I, true) : false) || ...);
    return r;
  }
  (seq{});
  /// The deleted_at column of a paranoid model (size when the model is not paranoid).
  static constexpr std::size_t deleted_index = []<std::size_t... I>(std::index_sequence<I...>) {
    std::size_t r = size;
    (void)((col<I>::template has<opt::deleted_at_t> ? (r = I, true) : false) || ...);
    return r;
  }
  (seq{});
  static constexpr bool paranoid = deleted_index != size;  ///< has a deleted_at column
  /// Composite unique constraints: for each column, the first column of its group (the
  /// group's leader, which names its index), or size when it is in none.
  static constexpr bool has_unique_groups = []<std::size_t... I>(std::index_sequence<I...>) {
    return (col<I>::in_unique_group || ...);
  }
  (seq{});
  static constexpr std::array<std::size_t, size> group_leader = [] {
    std::array<std::size_t, size> out{};
    out.fill(size);
    if constexpr (has_unique_groups) {  // names are read only for a model that has groups
      std::array<std::string_view, size> names{};
      unpack(
          [&](const auto&... c) {
            std::size_t i = 0;
            ((names[i++] = unique_group_name(c)), ...);
          },
          model<T>::columns);
      for (std::size_t i = 0; i < size; ++i) {
        if (names[i].empty()) continue;
        for (std::size_t j = 0; j <= i && out[i] == size; ++j)
          if (names[j] == names[i]) out[i] = j;
      }
    }
    return out;
  }();
  /// The columns of the group whose leader is L, in declaration order.
  template <std::size_t L>
  static constexpr auto group_members = [] {
    constexpr std::size_t n = [] {
      std::size_t k = 0;
      for (std::size_t l : group_leader) k += l == L;
      return k;
    }();
    std::array<std::size_t, n> out{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < size; ++i)
      if (group_leader[i] == L) out[k++] = i;
    return out;
  }();
  static constexpr std::size_t deleted_count = []<std::size_t... I>(std::index_sequence<I...>) {
    return (std::size_t{col<I>::template has<opt::deleted_at_t>} + ... + 0);
  }
  (seq{});
  /// The primary-key columns in declaration order: several for a composite primary key.
  static constexpr std::array<std::size_t, pk_count> pk_indices = [] {
    std::array<std::size_t, pk_count> out{};
    std::size_t k = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((col<I>::is_primary_key ? (void)(out[k++] = I) : (void)0), ...);
    }
    (seq{});
    return out;
  }();
  /// True for a composite primary key (primary_key on several columns).
  static constexpr bool composite_key = pk_count > 1;
  using pk_col = col<pk_index>;  ///< the (first) primary-key column
  /// The primary key's type: the column's, or a std::tuple of the columns' in order.
  using key_type = decltype([]<std::size_t... K>(std::index_sequence<K...>) {
    if constexpr (composite_key)
      return std::tuple<typename col<pk_indices[K]>::value_type...>{};
    else
      return typename pk_col::value_type{};
  }(std::make_index_sequence<pk_count>{}));
  static constexpr auto pk_member = pk_col::member;
  /// The primary key of `row`: its key member, or a tuple of the key columns' values.
  static decltype(auto) key_of(const T& row) {
    if constexpr (composite_key) {
      return [&]<std::size_t... K>(std::index_sequence<K...>) {
        return key_type(row.*(col<pk_indices[K]>::member)...);
      }
      (std::make_index_sequence<pk_count>{});
    } else {
      return (row.*pk_member);
    }
  }
  /// True when two rows hold the same key (compared member by member: no copy, no
  /// allocation, so a rollback may ask).
  static bool same_key(const T& a, const T& b) noexcept {
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
      return ((a.*(col<pk_indices[K]>::member) == b.*(col<pk_indices[K]>::member)) && ...);
    }
    (std::make_index_sequence<pk_count>{});
  }
  /// Writes key `k` into `row`'s key columns.
  static void set_key(T& row, const key_type& k) {
    if constexpr (composite_key) {
      [&]<std::size_t... K>(std::index_sequence<K...>) {
        ((row.*(col<pk_indices[K]>::member) = std::get<K>(k)), ...);
      }
      (std::make_index_sequence<pk_count>{});
    } else {
      row.*pk_member = k;
    }
  }
  /// True when column `c` is one of the primary-key columns.
  static constexpr bool is_key_column(std::size_t c) noexcept {
    for (std::size_t k : pk_indices)
      if (k == c) return true;
    return false;
  }

  static constexpr bool members_belong = []<std::size_t... I>(std::index_sequence<I...>) {
    return (std::is_same_v<typename col<I>::owner, T> && ...);
  }
  (seq{});

  template <std::size_t I, std::size_t... J>
  static constexpr bool member_repeats_after(std::index_sequence<J...>) {
    return ((J > I && same_member<col<I>::member, col<J>::member>()) || ...);
  }
  static constexpr bool members_distinct = []<std::size_t... I>(std::index_sequence<I...>) {
    return !(member_repeats_after<I>(seq{}) || ...);
  }
  (seq{});

  static constexpr bool names_distinct = [] {
    auto names =
        unpack([](const auto&... c) { return std::array<std::string_view, size>{c.name...}; },
               model<T>::columns);
    for (std::size_t i = 0; i < size; ++i)
      for (std::size_t j = i + 1; j < size; ++j)
        if (names[i] == names[j]) return false;
    return true;
  }();

  static constexpr bool names_usable =
      usable_name(model<T>::table) &&
      unpack(
          [](const auto&... c) {
            return ((usable_name(c.name) &&
                     (unique_group_name(c).empty() || usable_name(unique_group_name(c)))) &&
                    ...);
          },
          model<T>::columns);

  /// The index of the column whose member is `m` (size when none).
  template <class U>
  static std::size_t index_of_runtime(U T::*m) noexcept {
    std::size_t r = size;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            if constexpr (std::is_same_v<std::remove_cv_t<decltype(col<I>::member)>, U T::*>) {
              if (r == size && col<I>::member == m) r = I;
            }
          }(),
          ...);
    }
    (seq{});
    return r;
  }

  /// The index of the column whose member is M (size when none).
  template <auto M>
  static constexpr std::size_t index_of = []<std::size_t... I>(std::index_sequence<I...>) {
    std::size_t r = size;
    (void)((same_member<col<I>::member, M>() ? (r = I, true) : false) || ...);
    return r;
  }
  (seq{});
};

/// True unless `row` is a soft-deleted row of a paranoid model (its deleted_at set).
template <class T>
constexpr bool live(const T& row) noexcept {
  using info = model_info<T>;
  if constexpr (info::paranoid)
    return !(row.*info::template col<info::deleted_index>::member).has_value();
  else
    return true;
}

template <class O>
constexpr bool reference_ok() {
  if constexpr (references_target<O>::present) {
    using target = typename member_traits<decltype(references_target<O>::key)>::owner;
    if constexpr (declared_model<target>) {
      using info = model_info<target>;
      constexpr std::size_t i = info::template index_of<references_target<O>::key>;
      if constexpr (i == info::size) {
        return false;
      } else {
        using C = typename info::template col<i>;
        return (C::is_primary_key && !info::composite_key) ||
               (C::is_unique && !C::nullable &&
                (std::is_integral_v<typename C::value_type> ||
                 std::is_same_v<typename C::value_type, std::string>));
      }
    } else {
      return false;
    }
  } else {
    return true;
  }
}

/// True unless O is a references<&U::k> whose key holds a value a column of type B cannot
/// (an int16 column referencing an int64 key): the engine writes referenced keys into the
/// column (an association's create or set, ON UPDATE CASCADE), and converted they would wrap
/// to another row's key.
template <class B, class O>
constexpr bool reference_fits() {
  if constexpr (references_target<O>::present) {
    using K =
        strip_optional_t<typename member_traits<decltype(references_target<O>::key)>::value_type>;
    if constexpr (std::is_same_v<K, std::string> || std::is_same_v<B, std::string>)
      return std::is_same_v<K, B>;  // a text key is referenced by text, an integer by integers
    else if constexpr (std::is_integral_v<K>)
      return integer_fits<B>(std::numeric_limits<K>::min()) &&
             integer_fits<B>(std::numeric_limits<K>::max());
  }
  return true;
}
template <class C, class Options>
struct references_fit;
template <class C, class... O>
struct references_fit<C, std::tuple<O...>> {
  static constexpr bool value = (reference_fits<typename C::base_type, O>() && ...);
};

/// True when every references<&U::k> of an option tuple names the primary key of U's model,
/// or a unique NOT NULL integer or std::string column of it (Sequelize's targetKey /
/// sourceKey).
template <class Options>
struct references_primary_keys;
template <class... O>
struct references_primary_keys<std::tuple<O...>> {
  static constexpr bool value = (reference_ok<O>() && ...);
};

/// False when column `c` is declared constraints(false) (a weak reference).
template <class C>
constexpr bool enforced(const C& c) {
  bool on = true;
  for_option<opt::constraints_t>(c, [&](const auto& o) { on = o.enforced; });
  return on;
}

/// True when column `c` declares on_delete or on_update.
template <auto M, class... O>
constexpr bool declares_action(const column_t<M, O...>&) {
  return ((is_on_delete_v<O> || is_on_update_v<O>) || ...);
}

/// Checks a model's declaration; each failure is a static_assert with a sentence.
template <class T>
consteval bool check_model() {
  static_assert(declared_model<T>,
                "relata: no relata::model<T> specialisation with `table` and `columns` is "
                "declared for this type");
  if constexpr (declared_model<T>) {
    using info = model_info<T>;
    static_assert(info::pk_count != 0,
                  "relata: the model declares no primary key: mark one column "
                  "relata::primary_key");
    static_assert(
        !info::composite_key || []<std::size_t... K>(std::index_sequence<K...>) {
          return (!info::template col<info::pk_indices[K]>::template has<opt::auto_increment_t> &&
                  ...);
        }(std::make_index_sequence<info::pk_count>{}),
        "relata: a composite primary key has no auto_increment column: its rows are created "
        "with their whole key");
    static_assert(info::deleted_count <= 1, "relata: the model declares more than one deleted_at");
    static_assert(info::members_belong,
                  "relata: a column's member pointer belongs to a struct other than the model");
    static_assert(info::members_distinct, "relata: a member is listed as two columns");
    static_assert(info::names_distinct, "relata: two columns of the model share a name");
    static_assert(info::names_usable,
                  "relata: a table, column or unique constraint name is empty or holds a control "
                  "character");
    static_assert(
        []<std::size_t... I>(std::index_sequence<I...>) {
          return (references_primary_keys<decltype(info::template col<I>::options)>::value && ...);
        }(typename info::seq{}),
        "relata: references<&M::member> must name the primary key or a unique, NOT NULL "
        "integer or std::string column of model M (not a column of a composite primary key)");
    static_assert(
        []<std::size_t... I>(std::index_sequence<I...>) {
          return (references_fit<typename info::template col<I>,
                                 decltype(info::template col<I>::options)>::value &&
                  ...);
        }(typename info::seq{}),
        "relata: a references<> column's type must hold every value of the key it references "
        "(an int16 column cannot reference an int64 key, nor an integer a std::string key): "
        "declare it with the key's type");
    static_assert(
        unpack([](const auto&... c) { return ((enforced(c) || !declares_action(c)) && ...); },
               model<T>::columns),
        "relata: a constraints(false) reference has no ON DELETE / ON UPDATE action: "
        "drop on_delete / on_update, or the constraints(false)");
  }
  return true;
}

}  // namespace relata::detail
