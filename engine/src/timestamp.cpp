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
  if (!ymd.ok() || hh > 23 || mm > 59 || ss > 59) bad(s);
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

std::string Timestamp::to_string() const {
  std::int64_t day_count = micros / 86'400'000'000;
  std::int64_t rest = micros % 86'400'000'000;
  if (rest < 0) {
    rest += 86'400'000'000;
    --day_count;
  }
  year_month_day ymd{sys_days{days{day_count}}};
  std::int64_t secs = rest / 1'000'000, sub = rest % 1'000'000;
  char buf[48];
  if (sub % 1000 == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long long>(secs / 3600),
                  static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60),
                  static_cast<long long>(sub / 1000));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long long>(secs / 3600),
                  static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60),
                  static_cast<long long>(sub));
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
