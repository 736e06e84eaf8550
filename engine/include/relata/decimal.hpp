// relata/decimal.hpp — exact fixed-point numbers, the DECIMAL(P,S) column type.
//
// Contract: Decimal<P,S> holds a value with at most P significant digits, S of them after
// the point, as a 64-bit count of 10^-S units; no binary floating point is involved. Text
// round-trips exactly ("9.99" prints "9.99"). Rounding rule, for parsing text with more than
// S fractional digits and for multiplication: round half away from zero to S digits (as SQL
// ROUND does). A value that would need more than P digits throws ValidationError (validator
// "decimal"); nothing is ever silently truncated. Value type: no allocation, thread-safe to
// read, every operation O(1).
#pragma once

#include <compare>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace relata {

namespace detail {
/// A 128-bit integer for intermediates (a GCC/Clang extension, hence __extension__).
__extension__ typedef __int128 wide_int;
/// Parses decimal text into 10^-scale units; throws ValidationError when malformed or too wide.
std::int64_t decimal_parse(std::string_view text, int precision, int scale);
/// Formats units as text with exactly `scale` fractional digits ("-0.50").
std::string decimal_format(std::int64_t units, int scale);
/// Multiplies two unit counts of scale `scale`, rounding half away from zero to `scale`.
std::int64_t decimal_multiply(std::int64_t a, std::int64_t b, int precision, int scale);
/// 10^n for 0 <= n <= 18.
constexpr std::int64_t pow10(int n) {
  std::int64_t r = 1;
  while (n-- > 0) r *= 10;
  return r;
}
/// Throws ValidationError: `units` needs more than `precision` digits.
[[noreturn]] void decimal_overflow(wide_int units, int precision, int scale);
/// Checks that `units` fits `precision` digits and returns it; throws ValidationError if not.
/// Inline: with a Decimal<P,S>'s constant precision the bound is folded, and a value that
/// fits costs two comparisons (every arithmetic result and every min/max bound is checked).
inline std::int64_t decimal_check(wide_int units, int precision, int scale) {
  const wide_int limit = pow10(precision);
  if (units >= limit || units <= -limit) [[unlikely]]
    decimal_overflow(units, precision, scale);
  return static_cast<std::int64_t>(units);
}
}  // namespace detail

/// DECIMAL(P,S): an exact fixed-point number with P digits, S after the point (P <= 18).
template <int P, int S>
class Decimal {
  static_assert(P >= 1 && P <= 18, "relata: Decimal<P,S> supports 1 <= P <= 18 digits");
  static_assert(S >= 0 && S <= P, "relata: Decimal<P,S> needs 0 <= S <= P");

 public:
  static constexpr int precision = P;  ///< total significant digits
  static constexpr int scale = S;      ///< digits after the point

  /// Zero.
  constexpr Decimal() noexcept = default;
  /// Parses text such as "9.99", "-0.5" or "12"; throws ValidationError when malformed or too wide.
  explicit Decimal(std::string_view text) : units_(detail::decimal_parse(text, P, S)) {}
  /// The integer `value`; throws ValidationError when it needs more than P - S digits.
  template <std::integral I>
  explicit Decimal(I value)
      : units_(
            detail::decimal_check(static_cast<detail::wide_int>(value) * detail::pow10(S), P, S)) {}

  /// The value that is `units` × 10^-S; throws ValidationError when it needs more than P digits.
  [[nodiscard]] static Decimal from_units(std::int64_t units) {
    Decimal d;
    d.units_ = detail::decimal_check(units, P, S);
    return d;
  }
  /// The value as a count of 10^-S units.
  [[nodiscard]] constexpr std::int64_t units() const noexcept { return units_; }
  /// The value as text with exactly S fractional digits.
  [[nodiscard]] std::string to_string() const { return detail::decimal_format(units_, S); }
  /// The nearest double, for display or statistics only.
  [[nodiscard]] double to_double() const noexcept {
    return static_cast<double>(units_) / static_cast<double>(detail::pow10(S));
  }

  /// Sum; throws ValidationError when it needs more than P digits.
  friend Decimal operator+(Decimal a, Decimal b) {
    return from_wide(static_cast<detail::wide_int>(a.units_) + b.units_);
  }
  /// Difference; throws ValidationError when it needs more than P digits.
  friend Decimal operator-(Decimal a, Decimal b) {
    return from_wide(static_cast<detail::wide_int>(a.units_) - b.units_);
  }
  /// Negation.
  friend Decimal operator-(Decimal a) {
    return from_wide(-static_cast<detail::wide_int>(a.units_));
  }
  /// Product rounded half away from zero to S digits; throws ValidationError on overflow.
  friend Decimal operator*(Decimal a, Decimal b) {
    Decimal d;
    d.units_ = detail::decimal_multiply(a.units_, b.units_, P, S);
    return d;
  }
  /// Product with an integer (quantity × price), exact; throws ValidationError on overflow.
  template <std::integral I>
  friend Decimal operator*(Decimal a, I n) {
    return from_wide(static_cast<detail::wide_int>(a.units_) * n);
  }
  /// Product with an integer (quantity × price), exact; throws ValidationError on overflow.
  template <std::integral I>
  friend Decimal operator*(I n, Decimal a) {
    return a * n;
  }
  /// Adds in place; throws ValidationError (value unchanged) on overflow.
  Decimal& operator+=(Decimal b) { return *this = *this + b; }
  /// Subtracts in place; throws ValidationError (value unchanged) on overflow.
  Decimal& operator-=(Decimal b) { return *this = *this - b; }

  /// Numeric equality and ordering.
  friend constexpr auto operator<=>(Decimal, Decimal) noexcept = default;

 private:
  static Decimal from_wide(detail::wide_int units) {
    Decimal d;
    d.units_ = detail::decimal_check(units, P, S);
    return d;
  }
  std::int64_t units_ = 0;
};

/// True for every Decimal<P,S>.
template <class T>
inline constexpr bool is_decimal_v = false;
template <int P, int S>
inline constexpr bool is_decimal_v<Decimal<P, S>> = true;

}  // namespace relata
