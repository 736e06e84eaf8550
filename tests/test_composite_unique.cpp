// Composite unique constraints (unique("name") on several columns, Sequelize's
// `unique: "name"`): a join model keyed by its pair, through every write, a rollback, the
// model operations that look for a colliding row, check() and a snapshot round trip.
#include <catch2/catch.hpp>
#include <sstream>

#include "models.hpp"

using testing_models::dump;

namespace {

struct Cart {
  std::int64_t id = 0;
  std::string owner;
};
struct Item {
  std::int64_t id = 0;
  std::string name;
};
struct CartItem {  // the join model: one row per (cart, item) pair
  std::int64_t id = 0;
  std::int64_t cartId = 0;
  std::int64_t itemId = 0;
  std::int32_t quantity = 1;
};
struct LooseCartItem {  // the same table with no constraint on the pair
  std::int64_t id = 0;
  std::int64_t cartId = 0;
  std::int64_t itemId = 0;
  std::int32_t quantity = 1;
};
struct Seat {  // a nullable member: a NULL never collides
  std::int64_t id = 0;
  std::optional<std::string> row;
  std::int32_t number = 0;
  std::string holder;
};

}  // namespace

template <>
struct relata::model<Cart> {
  static constexpr std::string_view table = "carts";
  static constexpr auto columns =
      relata::columns(relata::column<&Cart::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Cart::owner>("owner"));
};
template <>
struct relata::model<Item> {
  static constexpr std::string_view table = "items";
  static constexpr auto columns =
      relata::columns(relata::column<&Item::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Item::name>("name"));
};
template <>
struct relata::model<CartItem> {
  static constexpr std::string_view table = "cart_items";
  static constexpr auto columns = relata::columns(
      relata::column<&CartItem::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&CartItem::cartId>("cartId", relata::references<&Cart::id>,
                                        relata::on_delete(relata::cascade),
                                        relata::unique("cart_item")),
      relata::column<&CartItem::itemId>("itemId", relata::references<&Item::id>,
                                        relata::on_delete(relata::cascade),
                                        relata::unique("cart_item")),
      relata::column<&CartItem::quantity>("quantity", relata::min(1)));
};
template <>
struct relata::model<LooseCartItem> {
  static constexpr std::string_view table = "cart_items";
  static constexpr auto columns = relata::columns(
      relata::column<&LooseCartItem::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&LooseCartItem::cartId>("cartId", relata::references<&Cart::id>,
                                             relata::on_delete(relata::cascade)),
      relata::column<&LooseCartItem::itemId>("itemId", relata::references<&Item::id>,
                                             relata::on_delete(relata::cascade)),
      relata::column<&LooseCartItem::quantity>("quantity", relata::min(1)));
};
template <>
struct relata::model<Seat> {
  static constexpr std::string_view table = "seats";
  static constexpr auto columns =
      relata::columns(relata::column<&Seat::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Seat::row>("row", relata::unique("place")),
                      relata::column<&Seat::number>("number", relata::unique("place")),
                      relata::column<&Seat::holder>("holder"));
};

namespace {

inline constexpr auto items =
    relata::belongs_to_many<&CartItem::cartId, &CartItem::itemId>("items");

/// Carts 1 ann, 2 bob; items 1 pen, 2 ink, 3 pad; lines (1,1), (1,2), (2,1).
relata::Database shop() {
  relata::Database db;
  db.define<Cart>();
  db.define<Item>();
  db.define<CartItem>();
  db.create(Cart{.owner = "ann"});
  db.create(Cart{.owner = "bob"});
  for (const char* name : {"pen", "ink", "pad"}) db.create(Item{.name = name});
  db.create(CartItem{.cartId = 1, .itemId = 1});
  db.create(CartItem{.cartId = 1, .itemId = 2});
  db.create(CartItem{.cartId = 2, .itemId = 1});
  return db;
}

}  // namespace

TEST_CASE("a composite unique constraint refuses a second row with the same pair",
          "[composite_unique]") {
  auto db = shop();
  const std::string before = dump(db);
  try {
    db.create(CartItem{.cartId = 1, .itemId = 2, .quantity = 5});
    FAIL("a repeated pair was accepted");
  } catch (const relata::UniqueConstraintError& e) {
    CHECK(std::string(e.what()) ==
          "unique constraint failed: cart_items.(cartId, itemId) = (1, 2) already exists");
    CHECK(e.table() == "cart_items");
    CHECK(e.column() == "(cartId, itemId)");
    CHECK(e.value() == "(1, 2)");
  }
  CHECK(dump(db) == before);
  // Either column alone repeats freely.
  CHECK(db.create(CartItem{.cartId = 1, .itemId = 3}).id == 4);
  CHECK(db.create(CartItem{.cartId = 2, .itemId = 2}).id == 5);
  CHECK(db.check().empty());
}

TEST_CASE("an update into a taken pair fails; an update out of one frees it",
          "[composite_unique]") {
  auto db = shop();
  const std::string before = dump(db);
  CHECK_THROWS_AS(db.update<CartItem>(3, [](CartItem& r) { r.cartId = 1; }),
                  relata::UniqueConstraintError);
  CHECK(dump(db) == before);
  // A column outside the constraint is written in place.
  CHECK(db.update<CartItem>(2, [](CartItem& r) { r.quantity = 4; }).quantity == 4);
  // Moving line 2 from (1, 2) to (1, 3) frees (1, 2) and takes (1, 3).
  db.update<CartItem>(2, [](CartItem& r) { r.itemId = 3; });
  CHECK(db.create(CartItem{.cartId = 1, .itemId = 2}).id == 4);
  CHECK_THROWS_AS(db.create(CartItem{.cartId = 1, .itemId = 3}), relata::UniqueConstraintError);
  // An update keeping its own pair is not a collision with itself.
  CHECK(db.update<CartItem>(1, [](CartItem& r) { r.itemId = 1; }).id == 1);
  CHECK(db.check().empty());
}

TEST_CASE("a NULL in a member of the constraint never collides", "[composite_unique]") {
  relata::Database db;
  db.define<Seat>();
  db.create(Seat{.row = "A", .number = 1, .holder = "ann"});
  db.create(Seat{.row = std::nullopt, .number = 1, .holder = "bob"});
  db.create(Seat{.row = std::nullopt, .number = 1, .holder = "cid"});
  CHECK_THROWS_WITH(db.create(Seat{.row = "A", .number = 1, .holder = "dee"}),
                    "unique constraint failed: seats.(row, number) = ('A', 1) already exists");
  CHECK(db.create(Seat{.row = "B", .number = 1, .holder = "dee"}).id == 4);
  CHECK(db.count<Seat>() == 4);
  CHECK(db.check().empty());
}

TEST_CASE("statements and rollbacks keep the constraint's index exact", "[composite_unique]") {
  auto db = shop();
  const std::string before = dump(db);
  // bulk_create: the second record collides with the first of the same statement.
  CHECK_THROWS_AS(
      db.bulk_create(std::vector<CartItem>{{.cartId = 2, .itemId = 3}, {.cartId = 2, .itemId = 3}}),
      relata::UniqueConstraintError);
  CHECK(dump(db) == before);
  // A destroy frees the pair; its rollback takes it back.
  {
    auto tx = db.begin();
    db.destroy<CartItem>(1);
    CHECK(db.create(CartItem{.cartId = 1, .itemId = 1, .quantity = 2}).id == 4);
  }  // not committed: rolled back
  CHECK(dump(db) == before);
  CHECK_THROWS_AS(db.create(CartItem{.cartId = 1, .itemId = 1}), relata::UniqueConstraintError);
  // A cascade from the cart removes its lines, and with them their pairs.
  db.destroy<Cart>(2);
  CHECK(db.create(CartItem{.cartId = 1, .itemId = 3}).id == 4);
  CHECK(db.check().empty());
}

TEST_CASE("upsert and bulk_create options find the row holding the pair", "[composite_unique]") {
  auto db = shop();
  auto [row, created] = db.upsert(CartItem{.cartId = 1, .itemId = 2, .quantity = 7});
  CHECK_FALSE(created);
  CHECK(row.id == 2);
  CHECK(row.quantity == 7);
  auto kept = db.bulk_create(
      std::vector<CartItem>{{.cartId = 2, .itemId = 1, .quantity = 9}, {.cartId = 2, .itemId = 2}},
      relata::ignore_duplicates);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0]->id == 3);  // (2, 1) is taken: skipped, the stored row in its place
  CHECK(kept[0]->quantity == 1);
  CHECK(kept[1]->id == 4);
  CHECK(db.find_by_pk<CartItem>(3)->quantity == 1);
  auto merged = db.bulk_create(std::vector<CartItem>{{.cartId = 2, .itemId = 1, .quantity = 9}},
                               relata::update_on_duplicate(&CartItem::quantity));
  CHECK(merged[0]->id == 3);
  CHECK(merged[0]->quantity == 9);
  // belongs_to_many add of a held pair links nothing new.
  db.add(*db.find_by_pk<Cart>(1), items, std::vector<std::int64_t>{1, 3});
  CHECK(db.count<CartItem>() == 5);
  CHECK(db.check().empty());
}

TEST_CASE("a snapshot keeps the constraint; a file repeating a pair is refused",
          "[composite_unique][snapshot]") {
  auto db = shop();
  std::stringstream file;
  db.save(file);
  relata::Database loaded;
  loaded.define<Cart>();
  loaded.define<Item>();
  loaded.define<CartItem>();
  loaded.load(file);
  CHECK(dump(loaded) == dump(db));
  CHECK_THROWS_AS(loaded.create(CartItem{.cartId = 2, .itemId = 1}), relata::UniqueConstraintError);
  CHECK(loaded.check().empty());

  // The same table declared without the constraint holds a pair twice; loaded into the
  // model with it, the file is refused and the database keeps what it had.
  relata::Database loose;
  loose.define<Cart>();
  loose.define<Item>();
  loose.define<LooseCartItem>();
  loose.create(Cart{.owner = "ann"});
  loose.create(Item{.name = "pen"});
  loose.create(LooseCartItem{.cartId = 1, .itemId = 1});
  loose.create(LooseCartItem{.cartId = 1, .itemId = 1});
  std::stringstream repeated;
  loose.save(repeated);
  const std::string before = dump(loaded);
  try {
    loaded.load(repeated);
    FAIL("a file repeating a pair was loaded");
  } catch (const relata::SnapshotError& e) {
    CHECK(std::string(e.what()) ==
          "snapshot breaks a constraint: cart_items: unique columns (cartId, itemId) hold (1, 1) "
          "twice");
  }
  CHECK(dump(loaded) == before);
}
