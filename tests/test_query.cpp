// where (every operator, and/or/not, NULL semantics), order_by, limit / offset, attributes,
// count and the aggregates.
#include <catch2/catch.hpp>

#include "models.hpp"

using namespace testing_models;
using namespace inventory;
using relata::col;

namespace {

/// Gadgets with ids 1..6: label, stock, rank (NULL for 2 and 5), cost.
relata::Database gadgets() {
  relata::Database db;
  db.set_clock(relata::fixed_clock(kT0));
  db.define<Gadget>();
  struct G {
    const char* label;
    std::int32_t stock;
    std::optional<std::int32_t> rank;
    const char* cost;
  };
  for (G g : {G{"Alpha", 10, 3, "1.50"}, G{"Beta", 0, std::nullopt, "2.00"},
              G{"Gamma", 25, 1, "0.99"}, G{"Delta", 10, 7, "12.00"},
              G{"Alpine", 3, std::nullopt, "1.50"}, G{"Omega", 40, 2, "3.25"}}) {
    Gadget x = valid_gadget();
    x.label = g.label;
    x.stock = g.stock;
    x.rank = g.rank;
    x.cost = relata::Decimal<6, 2>(g.cost);
    x.code = g.stock;
    db.create(x);
  }
  return db;
}

template <class... O>
std::vector<std::int64_t> ids(const relata::Database& db, O&&... opts) {
  std::vector<std::int64_t> out;
  for (auto r : db.find_all<Gadget>(std::forward<O>(opts)...)) out.push_back(r->id);
  return out;
}
using V = std::vector<std::int64_t>;

}  // namespace

TEST_CASE("comparison operators", "[query]") {
  auto db = gadgets();
  using relata::where;
  CHECK(ids(db, where(col<&Gadget::stock> == 10)) == V{1, 4});
  CHECK(ids(db, where(col<&Gadget::stock> != 10)) == V{2, 3, 5, 6});
  CHECK(ids(db, where(col<&Gadget::stock> > 10)) == V{3, 6});
  CHECK(ids(db, where(col<&Gadget::stock> >= 10)) == V{1, 3, 4, 6});
  CHECK(ids(db, where(col<&Gadget::stock> < 10)) == V{2, 5});
  CHECK(ids(db, where(col<&Gadget::stock> <= 10)) == V{1, 2, 4, 5});
  CHECK(ids(db, where(col<&Gadget::cost> == "1.50")) == V{1, 5});
  CHECK(ids(db, where(col<&Gadget::cost> > relata::Decimal<6, 2>("2.00"))) == V{4, 6});
  CHECK(ids(db, where(col<&Gadget::label> == std::string("Beta"))) == V{2});
}

TEST_CASE("in, not_in, between, like", "[query]") {
  auto db = gadgets();
  using relata::where;
  CHECK(ids(db, where(col<&Gadget::stock>.in({0, 25, 99}))) == V{2, 3});
  CHECK(ids(db, where(col<&Gadget::stock>.in(std::vector<int>{}))) == V{});
  CHECK(ids(db, where(col<&Gadget::stock>.not_in({10, 0}))) == V{3, 5, 6});
  CHECK(ids(db, where(col<&Gadget::rank>.not_in(std::vector<int>{}))) == V{1, 2, 3, 4, 5, 6});
  CHECK(ids(db, where(col<&Gadget::rank>.not_in({3}))) == V{3, 4, 6});  // NULL never matches
  CHECK(ids(db, where(col<&Gadget::stock>.between(3, 10))) == V{1, 4, 5});
  CHECK(ids(db, where(col<&Gadget::cost>.between("1.00", "2.00"))) == V{1, 2, 5});
  CHECK(ids(db, where(col<&Gadget::label>.like("Al%"))) == V{1, 5});
  CHECK(ids(db, where(col<&Gadget::label>.like("%ta"))) == V{2, 4});
  CHECK(ids(db, where(col<&Gadget::label>.like("_eta"))) == V{2});
  CHECK(ids(db, where(col<&Gadget::label>.like("%l%a"))) == V{1, 4});
  CHECK(ids(db, where(col<&Gadget::label>.like("al%"))) == V{});  // case-sensitive
  CHECK(ids(db, where(col<&Gadget::label>.like("%"))) == V{1, 2, 3, 4, 5, 6});
}

TEST_CASE("like: _ is one character, and a % in the text is a character like any other",
          "[query]") {
  // Matched byte by byte, `_` took one byte of a UTF-8 character ("Caña" was not "Ca_a"),
  // and a % in the text was taken for the pattern's wildcard ("%25" was not like "%").
  // tests/test_differential.cpp compares the same rules with SQLite's LIKE.
  relata::Database db;
  db.define<Gadget>();
  for (const char* label : {"Caña", "Cana", "C%25", "C€", "C😀x"}) {
    Gadget g = valid_gadget();
    g.label = label;
    db.create(g);
  }
  using relata::where;
  CHECK(ids(db, where(col<&Gadget::label>.like("Ca_a"))) == V{1, 2});
  CHECK(ids(db, where(col<&Gadget::label>.like("Ca__a"))) == V{});
  CHECK(ids(db, where(col<&Gadget::label>.like("C_"))) == V{4});
  CHECK(ids(db, where(col<&Gadget::label>.like("C_x"))) == V{5});
  CHECK(ids(db, where(col<&Gadget::label>.like("%ñ%"))) == V{1});
  CHECK(ids(db, where(col<&Gadget::label>.like("%"))) == V{1, 2, 3, 4, 5});
  CHECK(ids(db, where(col<&Gadget::label>.like("C%5"))) == V{3});
  CHECK(ids(db, where(col<&Gadget::label>.like("%%25"))) == V{3});
  CHECK(ids(db, where(col<&Gadget::label>.like("_%_"))) == V{1, 2, 3, 4, 5});
}

TEST_CASE("NULL semantics: comparisons never match NULL; is_null / is_not_null do", "[query]") {
  auto db = gadgets();
  using relata::where;
  CHECK(ids(db, where(col<&Gadget::rank> > 0)) == V{1, 3, 4, 6});
  CHECK(ids(db, where(col<&Gadget::rank> != 3)) == V{3, 4, 6});
  // NOT (NULL = 3) is NULL, not true: SQL's three-valued logic (rows 2 and 5 are NULL)
  CHECK(ids(db, where(!(col<&Gadget::rank> == 3))) == V{3, 4, 6});
  CHECK(ids(db, where(col<&Gadget::rank>.is_null())) == V{2, 5});
  CHECK(ids(db, where(col<&Gadget::rank>.is_not_null())) == V{1, 3, 4, 6});
}

TEST_CASE("and, or, not combine conditions; several where options are and-ed", "[query]") {
  auto db = gadgets();
  using relata::where;
  CHECK(ids(db, where(col<&Gadget::stock> >= 10 && col<&Gadget::rank> < 3)) == V{3, 6});
  CHECK(ids(db, where(col<&Gadget::stock> == 0 || col<&Gadget::rank> == 7)) == V{2, 4});
  CHECK(ids(db, where(!(col<&Gadget::stock> == 10 || col<&Gadget::stock> == 0))) == V{3, 5, 6});
  CHECK(ids(db, where(col<&Gadget::stock> >= 10), where(col<&Gadget::rank> < 3)) == V{3, 6});
}

TEST_CASE("order_by, limit and offset", "[query]") {
  auto db = gadgets();
  using relata::asc;
  using relata::desc;
  using relata::order_by;
  CHECK(ids(db, order_by(desc(&Gadget::stock))) == V{6, 3, 1, 4, 5, 2});  // ties keep key order
  CHECK(ids(db, order_by(asc(&Gadget::cost), desc(&Gadget::id))) == V{3, 5, 1, 2, 6, 4});
  CHECK(ids(db, order_by(asc(&Gadget::rank))) == V{2, 5, 3, 6, 1, 4});  // NULLs first
  CHECK(ids(db, order_by(asc(&Gadget::label))) == V{1, 5, 2, 4, 3, 6});
  CHECK(ids(db, order_by(desc(&Gadget::stock)), relata::limit(2)) == V{6, 3});
  CHECK(ids(db, order_by(desc(&Gadget::stock)), relata::offset(2), relata::limit(3)) == V{1, 4, 5});
  CHECK(ids(db, relata::offset(10)) == V{});
  CHECK(ids(db, relata::limit(0)) == V{});
}

TEST_CASE("attributes pick or exclude the columns shown", "[query]") {
  auto db = gadgets();
  auto picked = db.find_all<Gadget>(relata::attributes(&Gadget::label, &Gadget::id),
                                    relata::where(col<&Gadget::id> == 2));
  CHECK(relata::to_string(picked.to_json()) ==
        R"([{"id":2,"label":"Beta"}])");  // declaration order
  CHECK(picked[0]->stock == 0);           // the C++ row stays whole
  auto excluded = db.find_all<Gadget>(
      relata::exclude(&Gadget::seen, &Gadget::note, &Gadget::serial, &Gadget::weight,
                      &Gadget::shelf, &Gadget::active, &Gadget::color, &Gadget::code),
      relata::where(col<&Gadget::id> == 1));
  CHECK(relata::to_string(excluded.to_json()) ==
        R"([{"id":1,"label":"Alpha","stock":10,"cost":"1.50","rank":3}])");
}

TEST_CASE("find_one and find_by_pk with options", "[query]") {
  auto db = gadgets();
  auto one = db.find_one<Gadget>(relata::where(col<&Gadget::stock> == 10),
                                 relata::order_by(relata::desc(&Gadget::id)));
  REQUIRE(one);
  CHECK(one->id == 4);
  CHECK(!db.find_one<Gadget>(relata::where(col<&Gadget::stock> == 11)));
  auto byKey = db.find_by_pk<Gadget>(3, relata::attributes(&Gadget::label));
  CHECK(relata::to_string(byKey.to_json()) == R"({"label":"Gamma"})");
  auto none = db.find_by_pk<Gadget>(30, relata::attributes(&Gadget::label));
  CHECK(!none);
  CHECK(relata::to_string(none.to_json()) == "null");
}

TEST_CASE("count and aggregates; an aggregate over no rows is empty", "[query]") {
  auto db = gadgets();
  CHECK(db.count<Gadget>(relata::where(col<&Gadget::stock> >= 10)) == 4);
  CHECK(db.sum(&Gadget::stock) == 88);
  CHECK(db.sum(&Gadget::cost)->to_string() == "21.24");
  CHECK(db.sum(&Gadget::rank) == 13);  // NULLs skipped
  CHECK(db.min(&Gadget::cost)->to_string() == "0.99");
  CHECK(db.max(&Gadget::label) == "Omega");
  CHECK(db.avg(&Gadget::stock) == Approx(88.0 / 6));
  CHECK(db.avg(&Gadget::cost)->to_string() == "3.54");  // 21.24 / 6, exact then rounded
  CHECK(db.avg(&Gadget::rank) == Approx(13.0 / 4));
  CHECK(db.sum(&Gadget::stock, relata::where(col<&Gadget::stock> > 100)) == std::nullopt);
  CHECK(db.min(&Gadget::cost, relata::where(col<&Gadget::stock> > 100)) == std::nullopt);
  CHECK(db.avg(&Gadget::stock, relata::where(col<&Gadget::stock> > 100)) == std::nullopt);
  CHECK(db.sum(&Gadget::stock, relata::where(col<&Gadget::label>.like("Al%"))) == 13);
}

TEST_CASE("a prepared Query runs many times", "[query]") {
  auto db = gadgets();
  const relata::Query<Gadget> q(relata::where(col<&Gadget::stock> == 10));
  CHECK(db.find_all<Gadget>(q).size() == 2);
  db.update<Gadget>(2, [](Gadget& g) { g.stock = 10; });
  CHECK(db.find_all<Gadget>(q).size() == 3);
  CHECK(db.count<Gadget>(q) == 3);
}
