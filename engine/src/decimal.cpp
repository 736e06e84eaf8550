// Decimal arithmetic: every result goes through decimal_check, so no operation can leave
// a value wider than its declared precision. Intermediates use wide_int, which holds any
// product of two 18-digit values.
#include "relata/decimal.hpp"

#include "relata/error.hpp"

namespace relata::detail {
namespace {

std::string type_name(int precision, int scale) {
  return "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
}

[[noreturn]] void fail(std::string value, std::string why) {
  FieldError e{"", "", value, "decimal", std::move(why)};
  throw ValidationError({std::move(e)});
}

std::string wide_to_string(wide_int units, int scale) {
  bool negative = units < 0;
  __extension__ typedef unsigned __int128 uwide;
  uwide u = negative ? static_cast<uwide>(-(units + 1)) + 1 : static_cast<uwide>(units);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u != 0);
  if (scale > 0) {
    while (static_cast<int>(digits.size()) <= scale) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - scale, '.');
  }
  return negative ? "-" + digits : digits;
}

}  // namespace

void decimal_overflow(wide_int units, int precision, int scale) {
  fail(wide_to_string(units, scale),
       "value " + wide_to_string(units, scale) + " does not fit " + type_name(precision, scale) +
           " (at most " + std::to_string(precision - scale) + " digits before the point)");
}

std::int64_t decimal_parse(std::string_view text, int precision, int scale) {
  const std::string shown = "'" + std::string(text) + "'";
  auto malformed = [&] {
    fail(shown, "value " + shown + " is not a decimal number for " + type_name(precision, scale));
  };
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  wide_int units = 0;
  int int_digits = 0, frac_digits = 0;
  bool round_up = false, seen_point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') malformed();
    if (!seen_point) {
      ++int_digits;
      units = units * 10 + (c - '0');
      // Leading zeros do not count towards the precision.
      if (units > pow10(precision)) {
        fail(shown, "value " + shown + " does not fit " + type_name(precision, scale) +
                        " (at most " + std::to_string(precision - scale) +
                        " digits before the point)");
      }
    } else if (frac_digits < scale) {
      ++frac_digits;
      units = units * 10 + (c - '0');
    } else if (frac_digits == scale) {
      ++frac_digits;  // the first dropped digit decides the rounding
      round_up = c >= '5';
    }
  }
  if (int_digits + frac_digits == 0) malformed();
  for (int f = std::min(frac_digits, scale); f < scale; ++f) units *= 10;
  if (round_up) ++units;
  if (negative) units = -units;
  const wide_int limit = pow10(precision);
  if (units >= limit || units <= -limit) {
    fail(shown, "value " + shown + " does not fit " + type_name(precision, scale) + " (at most " +
                    std::to_string(precision - scale) + " digits before the point)");
  }
  return static_cast<std::int64_t>(units);
}

std::string decimal_format(std::int64_t units, int scale) {
  return wide_to_string(units, scale);
}

std::int64_t decimal_multiply(std::int64_t a, std::int64_t b, int precision, int scale) {
  wide_int product = static_cast<wide_int>(a) * b;  // scale 2S
  const wide_int divisor = pow10(scale);
  wide_int q = product / divisor, r = product % divisor;
  if (r != 0 && (r < 0 ? -r : r) * 2 >= divisor) q += product < 0 ? -1 : 1;
  return decimal_check(q, precision, scale);
}

}  // namespace relata::detail
