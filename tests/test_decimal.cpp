// Decimal<P,S>: exact parsing and printing, the rounding rule, arithmetic and overflow.
#include <catch2/catch.hpp>
#include <relata/decimal.hpp>
#include <relata/error.hpp>

using Money = relata::Decimal<10, 2>;

TEST_CASE("decimal text round-trips exactly", "[decimal]") {
  CHECK(Money("9.99").to_string() == "9.99");
  CHECK(Money("9.99").units() == 999);
  CHECK(Money("0.5").to_string() == "0.50");
  CHECK(Money("-0.5").to_string() == "-0.50");
  CHECK(Money("12").to_string() == "12.00");
  CHECK(Money("+3.1").to_string() == "3.10");
  CHECK(Money(".5").to_string() == "0.50");
  CHECK(Money("00012.30").to_string() == "12.30");
  CHECK(Money("99999999.99").to_string() == "99999999.99");
  CHECK(Money().to_string() == "0.00");
  CHECK(relata::Decimal<5, 0>("42").to_string() == "42");
  CHECK(relata::Decimal<18, 6>("-123456789012.123456").to_string() == "-123456789012.123456");
}

TEST_CASE("decimal parsing rounds extra digits half away from zero", "[decimal]") {
  CHECK(Money("1.005").to_string() == "1.01");
  CHECK(Money("1.0049").to_string() == "1.00");
  CHECK(Money("-1.005").to_string() == "-1.01");
  CHECK(Money("2.675").to_string() == "2.68");  // a double would give 2.67
}

TEST_CASE("decimal values too wide for P digits are a ValidationError", "[decimal]") {
  try {
    (void)Money("123456789.00");
    FAIL("no error");
  } catch (const relata::ValidationError& e) {
    CHECK(std::string(e.what()) ==
          "validation failed: value '123456789.00' does not fit DECIMAL(10,2) (at most 8 digits "
          "before the point)");
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0].validator == "decimal");
    CHECK(e.errors()[0].value == "'123456789.00'");
    CHECK(e.code() == relata::errc::validation);
  }
  CHECK_THROWS_AS(Money("99999999.995"), relata::ValidationError);  // rounds to 9 digits
  using Small = relata::Decimal<4, 2>;
  CHECK_THROWS_AS(Small(100), relata::ValidationError);
  CHECK(Small(99).to_string() == "99.00");
  CHECK_THROWS_AS(Money::from_units(10'000'000'000), relata::ValidationError);
  CHECK(Money::from_units(-9'999'999'999).to_string() == "-99999999.99");
}

TEST_CASE("malformed decimal text is a ValidationError naming the text", "[decimal]") {
  for (const char* bad : {"", "abc", "1.2.3", "-", ".", "1e5", "1,5", " 1"}) {
    INFO(bad);
    try {
      (void)Money(bad);
      FAIL("no error");
    } catch (const relata::ValidationError& e) {
      CHECK(std::string(e.what()) == "validation failed: value '" + std::string(bad) +
                                         "' is not a decimal number for DECIMAL(10,2)");
    }
  }
}

TEST_CASE("decimal arithmetic is exact, products round half away from zero", "[decimal]") {
  CHECK((Money("9.99") + Money("0.01")).to_string() == "10.00");
  CHECK((Money("0.10") - Money("0.30")).to_string() == "-0.20");
  CHECK((-Money("1.50")).to_string() == "-1.50");
  CHECK((Money("2.50") * Money("1.25")).to_string() == "3.13");  // 3.125
  CHECK((Money("-2.50") * Money("1.25")).to_string() == "-3.13");
  CHECK((Money("2.50") * Money("1.22")).to_string() == "3.05");  // 3.050
  CHECK((Money("1.01") * Money("1.01")).to_string() == "1.02");  // 1.0201
  CHECK((Money("9.99") * 3).to_string() == "29.97");
  CHECK((3 * Money("9.99")).to_string() == "29.97");
  Money sum;
  for (int i = 0; i < 10; ++i) sum += Money("0.10");
  CHECK(sum == Money("1.00"));  // 0.1 added ten times is exactly 1
}

TEST_CASE("decimal overflow in arithmetic throws and leaves the operand unchanged", "[decimal]") {
  Money big("99999999.99");
  CHECK_THROWS_AS(big + Money("0.01"), relata::ValidationError);
  CHECK_THROWS_AS(big += Money("0.01"), relata::ValidationError);
  CHECK(big.to_string() == "99999999.99");
  CHECK_THROWS_AS(big * 2, relata::ValidationError);
  CHECK_THROWS_AS(Money("10000.00") * Money("10000.00"), relata::ValidationError);
  CHECK_THROWS_AS(-big - Money("0.01"), relata::ValidationError);
}

TEST_CASE("decimals compare numerically", "[decimal]") {
  CHECK(Money("1.5") == Money("1.50"));
  CHECK(Money("-1.00") < Money("0.00"));
  CHECK(Money("10.01") > Money("10.00"));
  CHECK(Money("2") >= Money("2.00"));
}
