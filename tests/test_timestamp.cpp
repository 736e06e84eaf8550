// Timestamp: ISO 8601 UTC text and the database clock.
#include <catch2/catch.hpp>
#include <relata/error.hpp>
#include <relata/timestamp.hpp>

using relata::Timestamp;

TEST_CASE("timestamps print and parse ISO 8601 UTC", "[timestamp]") {
  CHECK(Timestamp{}.to_string() == "1970-01-01T00:00:00.000Z");
  CHECK(Timestamp::from_unix_millis(1'700'000'000'123).to_string() == "2023-11-14T22:13:20.123Z");
  CHECK(Timestamp{-1000}.to_string() == "1969-12-31T23:59:59.999Z");
  CHECK(Timestamp{1}.to_string() == "1970-01-01T00:00:00.000001Z");
  CHECK(Timestamp::parse("2026-11-25T08:30:00.000Z").to_string() == "2026-11-25T08:30:00.000Z");
  CHECK(Timestamp::parse("2024-02-29T23:59:59Z").to_string() == "2024-02-29T23:59:59.000Z");
  CHECK(Timestamp::parse("2023-11-14T22:13:20.123Z") ==
        Timestamp::from_unix_millis(1'700'000'000'123));
  CHECK(Timestamp::parse("1970-01-01T00:00:00.000001Z").micros == 1);
}

TEST_CASE("malformed timestamps are a ValidationError", "[timestamp]") {
  for (const char* bad :
       {"", "2026-11-25", "2026-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2026-11-25T24:00:00Z",
        "2026-11-25T08:30:00", "2026-11-25T08:30:00.Z", "2026-11-25T08:30:00.1234567Z"}) {
    INFO(bad);
    try {
      (void)Timestamp::parse(bad);
      FAIL("no error");
    } catch (const relata::ValidationError& e) {
      CHECK(std::string(e.what()) ==
            "validation failed: value '" + std::string(bad) + "' is not an ISO 8601 UTC timestamp");
    }
  }
}

TEST_CASE("fixed and system clocks", "[timestamp]") {
  auto t = Timestamp::parse("2026-01-15T10:30:00.000Z");
  CHECK(relata::fixed_clock(t)() == t);
  CHECK(relata::system_clock()() > Timestamp::parse("2026-01-01T00:00:00Z"));
}
