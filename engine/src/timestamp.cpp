#include "relata/timestamp.hpp"

#include <chrono>
#include <cstdio>

#include "relata/error.hpp"

namespace relata {

namespace {
using namespace std::chrono;

[[noreturn]] void bad(std::string_view text) {
  std::string shown = "'" + std::string(text) + "'";
  throw ValidationError({FieldError{"", "", shown, "timestamp",
                                    "value " + shown + " is not an ISO 8601 UTC timestamp"}});
}

int digits(std::string_view s, std::size_t pos, std::size_t n, std::string_view whole) {
  if (pos + n > s.size()) bad(whole);
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') bad(whole);
    v = v * 10 + (s[i] - '0');
  }
  return v;
}
}  // namespace

Timestamp Timestamp::parse(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s.back() != 'Z')
    bad(s);
  year_month_day ymd{year{digits(s, 0, 4, s)}, month{static_cast<unsigned>(digits(s, 5, 2, s))},
                     day{static_cast<unsigned>(digits(s, 8, 2, s))}};
  int hh = digits(s, 11, 2, s), mm = digits(s, 14, 2, s), ss = digits(s, 17, 2, s);
  if (!ymd.ok() || ymd.year() < year{1} || hh > 23 || mm > 59 || ss > 59) bad(s);
  std::int64_t micros = 0;
  std::size_t pos = 19;
  if (s[pos] == '.') {
    std::size_t n = s.size() - 1 - (pos + 1);
    if (n == 0 || n > 6) bad(s);
    micros = digits(s, pos + 1, n, s);
    for (std::size_t i = n; i < 6; ++i) micros *= 10;
    pos += 1 + n;
  }
  if (pos != s.size() - 1) bad(s);
  auto days = sys_days{ymd}.time_since_epoch().count();
  return Timestamp{((static_cast<std::int64_t>(days) * 24 + hh) * 60 + mm) * 60'000'000 +
                   static_cast<std::int64_t>(ss) * 1'000'000 + micros};
}

Timestamp Timestamp::from_unix_millis(std::int64_t ms) {
  if (ms < min_micros / 1000 || ms > max_micros / 1000) {
    const std::string shown = std::to_string(ms);
    throw ValidationError({FieldError{"", "", shown, "timestamp_range",
                                      "value " + shown +
                                          " ms is outside the supported timestamp range "
                                          "0001-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z"}});
  }
  return Timestamp{ms * 1000};
}

std::string Timestamp::to_string() const {
  // Floor division into days and the microsecond of the day, then the proleptic Gregorian
  // date of the day (H. Hinnant's civil_from_days) in 64-bit arithmetic: exact for every
  // int64 value, where std::chrono::year stops at +-32767.
  constexpr std::int64_t day_us = 86'400'000'000;
  std::int64_t z = micros / day_us, rest = micros % day_us;
  if (rest < 0) rest += day_us, --z;
  z += 719'468;
  const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  const std::int64_t doe = z - era * 146'097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2);

  const std::int64_t secs = rest / 1'000'000, sub = rest % 1'000'000;
  char year[24];
  if (y >= 0 && y <= 9999)
    std::snprintf(year, sizeof year, "%04lld", static_cast<long long>(y));
  else
    std::snprintf(year, sizeof year, "%c%06lld", y < 0 ? '-' : '+',
                  static_cast<long long>(y < 0 ? -y : y));
  char buf[64];
  if (sub % 1000 == 0) {
    std::snprintf(buf, sizeof buf, "%s-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ", year,
                  static_cast<long long>(m), static_cast<long long>(d),
                  static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                  static_cast<long long>(secs % 60), static_cast<long long>(sub / 1000));
  } else {
    std::snprintf(buf, sizeof buf, "%s-%02lld-%02lldT%02lld:%02lld:%02lld.%06lldZ", year,
                  static_cast<long long>(m), static_cast<long long>(d),
                  static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                  static_cast<long long>(secs % 60), static_cast<long long>(sub));
  }
  return buf;
}

Clock system_clock() {
  return [] {
    return Timestamp{
        duration_cast<microseconds>(std::chrono::system_clock::now().time_since_epoch()).count()};
  };
}

Clock fixed_clock(Timestamp t) {
  return [t] { return t; };
}

}  // namespace relata
