// Internal: how each C++ member type maps to a column kind and to relata::Value.
#pragma once

#include <cmath>

#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "relata/decimal.hpp"
#include "relata/detail/key_dictionary.hpp"
#include "relata/error.hpp"
#include "relata/timestamp.hpp"
#include "relata/value.hpp"

namespace relata {
/// Specialise to declare an enum's values and names; a column of that enum then refuses any
/// other value (ValidationError, rule "enum") and its JSON is the name:
///
///   template <> struct relata::enum_names<Color> {
///     static constexpr std::array values{std::pair{Color::red, std::string_view("red")},
///                                        std::pair{Color::blue, std::string_view("blue")}};
///   };
///
/// Without it an enum column stores any value of its underlying type and its JSON is that
/// integer: C++ cannot list an enum's enumerators by itself.
template <class E>
struct enum_names {};
}  // namespace relata

namespace relata::detail {

/// True when enum_names<E> is declared.
template <class E>
concept named_enum = requires {
  enum_names<E>::values;
};

/// The declared name of `v`, or empty when E declares no names or `v` has none.
template <class E>
constexpr std::string_view enum_label(E v) noexcept {
  if constexpr (named_enum<E>) {
    for (const auto& [e, label] : enum_names<E>::values)
      if (e == v) return label;
  }
  return {};
}

/// True when `v` may be stored: E declares no names, or `v` is one of them.
template <class E>
constexpr bool enum_known(E v) noexcept {
  if constexpr (named_enum<E>)
    return !enum_label(v).empty();
  else
    return true;
}

template <class U>
struct column_type {
  static constexpr bool supported = false;
};

template <class U>
requires(std::is_integral_v<U> && !std::is_same_v<U, bool>) struct column_type<U> {
  static constexpr bool supported = true, nullable = false;
  static constexpr column_kind kind =
      std::is_signed_v<U> ? column_kind::int64 : column_kind::uint64;
  static Value to_value(U v) {
    if constexpr (std::is_signed_v<U>)
      return static_cast<std::int64_t>(v);
    else
      return static_cast<std::uint64_t>(v);
  }
  static bool from_value(const Value& v, U& out) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return std::in_range<U>(*i) && (out = U(*i), true);
    if (auto* u = std::get_if<std::uint64_t>(&v))
      return std::in_range<U>(*u) && (out = U(*u), true);
    return false;
  }
};

template <>
struct column_type<bool> {
  static constexpr bool supported = true, nullable = false;
  static constexpr column_kind kind = column_kind::boolean;
  static Value to_value(bool v) { return v; }
  static bool from_value(const Value& v, bool& out) {
    auto* b = std::get_if<bool>(&v);
    return b && (out = *b, true);
  }
};

template <std::floating_point U>
struct column_type<U> {
  static constexpr bool supported = true, nullable = false;
  static constexpr column_kind kind = column_kind::float64;
  static Value to_value(U v) { return static_cast<double>(v); }
  static bool from_value(const Value& v, U& out) {
    auto* d = std::get_if<double>(&v);
    return d && (out = static_cast<U>(*d), true);
  }
};

template <>
struct column_type<std::string> {
  static constexpr bool supported = true, nullable = false;
  static constexpr column_kind kind = column_kind::string;
  static Value to_value(const std::string& v) { return v; }
  static bool from_value(const Value& v, std::string& out) {
    auto* s = std::get_if<std::string>(&v);
    return s && (out = *s, true);
  }
};

template <int P, int S>
struct column_type<Decimal<P, S>> {
  static constexpr bool supported = true, nullable = false;
  static constexpr column_kind kind = column_kind::decimal;
  static constexpr int precision = P, scale = S;
  static Value to_value(Decimal<P, S> v) { return DecimalValue{v.units(), S}; }
  static bool from_value(const Value& v, Decimal<P, S>& out) {
    auto* d = std::get_if<DecimalValue>(&v);
    if (!d || d->scale != S) return false;
    out = Decimal<P, S>::from_units(d->units);
    return true;
  }
};

template <>
struct column_type<Timestamp> {
  static constexpr bool supported = true, nullable = false;
  static constexpr column_kind kind = column_kind::timestamp;
  static Value to_value(Timestamp v) { return v; }
  static bool from_value(const Value& v, Timestamp& out) {
    auto* t = std::get_if<Timestamp>(&v);
    return t && (out = *t, true);
  }
};

template <class U>
requires std::is_enum_v<U>
struct column_type<U> {
  static constexpr bool supported = true, nullable = false;
  static constexpr column_kind kind = column_kind::enumeration;
  static Value to_value(U v) {
    return static_cast<std::int64_t>(static_cast<std::underlying_type_t<U>>(v));
  }
  static bool from_value(const Value& v, U& out) {
    auto* i = std::get_if<std::int64_t>(&v);
    if (!i || !std::in_range<std::underlying_type_t<U>>(*i)) return false;
    out = static_cast<U>(*i);
    return true;
  }
};

template <class U>
requires column_type<U>::supported struct column_type<std::optional<U>> : column_type<U> {
  static constexpr bool nullable = true;
  using base = column_type<U>;
  static Value to_value(const std::optional<U>& v) { return v ? base::to_value(*v) : Value{}; }
  static bool from_value(const Value& v, std::optional<U>& out) {
    if (std::holds_alternative<std::monostate>(v)) {
      out.reset();
      return true;
    }
    U inner{};
    if (!base::from_value(v, inner)) return false;
    out = std::move(inner);
    return true;
  }
};

/// The non-optional type under U.
template <class U>
struct strip_optional {
  using type = U;
};
template <class U>
struct strip_optional<std::optional<U>> {
  using type = U;
};
template <class U>
using strip_optional_t = typename strip_optional<U>::type;

template <class U>
inline constexpr bool is_optional_v = false;
template <class U>
inline constexpr bool is_optional_v<std::optional<U>> = true;

/// A pointer to the value inside U (nullptr for an empty optional).
template <class U>
constexpr const strip_optional_t<U>* value_ptr(const U& v) noexcept {
  if constexpr (is_optional_v<U>)
    return v ? &*v : nullptr;
  else
    return &v;
}

/// Types with a domain of their own (ColumnInfo::domain): no NaN in a floating-point
/// value, a timestamp within the supported years, an enum value among its enumerators.
template <class B>
inline constexpr bool has_domain =
    std::is_floating_point_v<B> || std::is_same_v<B, Timestamp> || std::is_enum_v<B>;

/// The member types whose accessors below ColumnInfo calls directly (ColumnInfo::layout);
/// every other type goes through the accessors' pointers.
enum class member_layout : std::uint8_t { other, int64, optional_int64, timestamp };
/// The layout of a member of type U.
template <class U>
consteval member_layout layout_of() {
  if constexpr (std::is_same_v<U, std::int64_t>) return member_layout::int64;
  if constexpr (std::is_same_v<U, std::optional<std::int64_t>>)
    return member_layout::optional_int64;
  if constexpr (std::is_same_v<U, Timestamp>) return member_layout::timestamp;
  return member_layout::other;
}

// The column accessors of ColumnInfo, one per member type U and shared by every model: each
// takes the address of a member of type U.

template <class U>
Value column_get(const void* m) {
  return column_type<U>::to_value(*static_cast<const U*>(m));
}
template <class U>
bool column_set(void* m, const Value& v) {
  return column_type<U>::from_value(v, *static_cast<U*>(m));
}
template <class U>
bool column_take(void* m, Value& v) {
  if constexpr (std::is_same_v<strip_optional_t<U>, std::string>) {
    if (auto* s = std::get_if<std::string>(&v)) {
      *static_cast<U*>(m) = std::move(*s);
      return true;
    }
  }
  return column_type<U>::from_value(v, *static_cast<U*>(m));
}
/// The string a text member holds, or nullptr (NULL, or a member that is not text).
template <class U>
const std::string* column_text(const void* m) {
  if constexpr (std::is_same_v<strip_optional_t<U>, std::string>)
    return value_ptr(*static_cast<const U*>(m));
  else
    return nullptr;
}
/// True when a member is NULL (an empty optional).
template <class U>
bool column_null(const void* m) {
  if constexpr (is_optional_v<U>)
    return !static_cast<const U*>(m)->has_value();
  else
    return false;
}
/// A member against `bound`, a Value of its type: -1, 0 or 1; 0 when NULL (see
/// ColumnInfo::compare_at).
template <class U>
int column_compare(const void* m, const Value& bound) {
  using B = strip_optional_t<U>;
  const B* v = value_ptr(*static_cast<const U*>(m));
  B b{};
  if (!v || !column_type<B>::from_value(bound, b)) return 0;
  return *v < b ? -1 : (b < *v ? 1 : 0);
}
/// True when two members hold the same value (see ColumnInfo::same_at).
template <class U>
bool column_same(const void* a, const void* b) {
  return *static_cast<const U*>(a) == *static_cast<const U*>(b);
}
/// The key a member holds (see ColumnInfo::key): an integer as itself, a string as its code
/// in `dict`.
template <class U>
std::optional<std::int64_t> column_key(const void* m, const KeyDictionary* dict) {
  const auto* v = value_ptr(*static_cast<const U*>(m));
  if (!v) return std::nullopt;
  if constexpr (std::is_same_v<strip_optional_t<U>, std::string>)
    return dict->find(*v);
  else
    return static_cast<std::int64_t>(*v);
}
/// The rule of its type that non-NULL value `v` breaks, or nullptr (see value_rule).
template <class B>
const char* domain_rule(const B& v) {
  if constexpr (std::is_floating_point_v<B>)
    return std::isnan(v) ? "not_nan" : nullptr;
  else if constexpr (std::is_same_v<B, Timestamp>)
    return v.in_range() ? nullptr : "timestamp_range";
  else
    return enum_known(v) ? nullptr : "enum";
}
/// True for an integer type holding values past the largest key (a 64-bit unsigned one):
/// keys travel as 64-bit signed integers, as SQL's INTEGER keys do.
template <class B>
consteval bool is_wider_than_key() {
  if constexpr (std::is_integral_v<B> && !std::is_same_v<B, bool>)
    return std::numeric_limits<B>::max() > static_cast<std::uint64_t>(INT64_MAX);
  else
    return false;
}
template <class B>
inline constexpr bool wider_than_key = is_wider_than_key<B>();
/// The largest key a key column of integer type B holds: B's largest value, and at most
/// INT64_MAX.
template <class B>
inline constexpr B largest_key = wider_than_key<B> ? static_cast<B>(INT64_MAX)
                                                   : std::numeric_limits<B>::max();
/// True when a column of type B has a rule of its own (ColumnInfo::domain): its type's
/// domain, or for a primary or foreign key (`Key`) of a type wider than a key, "key_range".
template <class B, bool Key>
inline constexpr bool has_rule = has_domain<B> || (Key && wider_than_key<B>);
/// The rule that non-NULL value `v` of such a column breaks, or nullptr.
template <bool Key, class B>
const char* value_rule(const B& v) {
  if constexpr (Key && wider_than_key<B>)
    return v > largest_key<B> ? "key_range" : nullptr;
  else
    return domain_rule(v);
}
template <class U, bool Key>
const char* column_domain(const void* m) {
  const auto* v = value_ptr(*static_cast<const U*>(m));
  return v ? value_rule<Key>(*v) : nullptr;
}
template <class E>
std::string_view enum_label_of(std::int64_t v) {
  return enum_label(static_cast<E>(static_cast<std::underlying_type_t<E>>(v)));
}

}  // namespace relata::detail
