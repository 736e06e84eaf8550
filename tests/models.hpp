// Models used by the tests beside the inventory: every column type and option, a
// self-reference, and a NOT NULL reference with the default RESTRICT action.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <relata/relata.hpp>

#include "inventory/models.hpp"

namespace testing_models {

enum class Color : std::uint8_t { red = 1, green = 2, blue = 3 };

struct Gadget {
  std::int64_t id = 0;
  std::string label;       // length 2..8, starts with an upper-case letter
  std::int32_t stock = 0;  // 0..1000
  std::uint16_t shelf = 0;
  double weight = 0.0;  // >= 0.5
  bool active = false;
  relata::Decimal<6, 2> cost;  // "0.10" .. "5000"
  Color color = Color::red;
  relata::Timestamp seen;
  std::optional<std::int32_t> rank;   // NULL allowed, max 10
  std::optional<std::string> note;    // default "n/a"
  std::optional<std::string> serial;  // unique, NULLs allowed
  std::int64_t code = 0;              // indexed
};

struct Node {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> parentId;  // SET NULL on delete (the default), RESTRICT on update
};

struct Tree {
  std::int64_t id = 0;
  std::optional<std::int64_t> parentId;  // CASCADE on delete
};

struct Author {
  std::int64_t id = 0;  // no auto_increment
  std::string name;
};

struct Book {
  std::int64_t id = 0;
  std::int64_t authorId = 0;  // NOT NULL: RESTRICT on delete (the default)
  std::string title;
};

struct User {
  std::int64_t id = 0;
  std::string name;
};

struct Post {
  std::int64_t id = 0;
  std::string title;
  std::int64_t authorId = 0;               // NOT NULL -> users
  std::optional<std::int64_t> reviewerId;  // -> users, under another alias
};

struct Profile {
  std::int64_t id = 0;
  std::optional<std::int64_t> userId;  // has_one: unique, optional
  std::string bio;
};

// Keys on unique non-primary columns (Sequelize's sourceKey / targetKey).
struct Warehouse {
  std::int64_t id = 0;
  std::int64_t code = 0;  // unique: what crates and pallets reference
  std::string name;
};

struct Crate {
  std::int64_t id = 0;
  std::optional<std::int64_t> warehouseCode;  // -> warehouses.code, SET NULL
  std::string label;
};

struct Pallet {
  std::int64_t id = 0;
  std::int64_t warehouseCode = 0;  // -> warehouses.code, CASCADE
};

struct Tag {
  std::int64_t id = 0;
  std::int64_t slug = 0;  // unique
};

struct CrateTag {
  std::int64_t id = 0;
  std::int64_t crateId = 0;  // -> crates.id
  std::int64_t tagSlug = 0;  // -> tags.slug
};

struct Review {
  std::int64_t id = 0;
  std::int64_t productId = 0;  // NOT NULL: RESTRICT on delete
  std::int32_t stars = 0;
};

// Hostile input: doubles in ordered and unique indexes, keys of every width, named enums.
struct Sample {
  std::int64_t id = 0;
  double x = 0;             // indexed
  std::optional<double> u;  // unique
};

struct Cell {  // a NOT NULL self-reference: a root is its own parent
  std::int64_t id = 0;
  std::int64_t parentId = 0;  // -> cells.id, CASCADE
};

struct Small {
  std::int32_t id = 0;
  std::string name;
};

struct Unsigned {
  std::uint32_t id = 0;
  std::string name;
};

enum class Mood : std::int8_t { calm = 1, angry = 2 };

struct Diary {
  std::int64_t id = 0;
  Mood mood = Mood::calm;
};

}  // namespace testing_models

template <>
struct relata::enum_names<testing_models::Mood> {
  static constexpr std::array values{
      std::pair{testing_models::Mood::calm, std::string_view("calm")},
      std::pair{testing_models::Mood::angry, std::string_view("angry")}};
};

template <>
struct relata::model<testing_models::Sample> {
  using T = testing_models::Sample;
  static constexpr std::string_view table = "samples";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::x>("x", relata::indexed), relata::column<&T::u>("u", relata::unique));
};

template <>
struct relata::model<testing_models::Cell> {
  using T = testing_models::Cell;
  static constexpr std::string_view table = "cells";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::parentId>("parentId", relata::references<&T::id>,
                                                   relata::on_delete(relata::cascade)));
};

template <>
struct relata::model<testing_models::Small> {
  using T = testing_models::Small;
  static constexpr std::string_view table = "smalls";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::name>("name"));
};

template <>
struct relata::model<testing_models::Unsigned> {
  using T = testing_models::Unsigned;
  static constexpr std::string_view table = "unsigneds";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::name>("name"));
};

template <>
struct relata::model<testing_models::Diary> {
  using T = testing_models::Diary;
  static constexpr std::string_view table = "diaries";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::mood>("mood"));
};

template <>
struct relata::model<testing_models::User> {
  using T = testing_models::User;
  static constexpr std::string_view table = "users";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::name>("name"));
};

template <>
struct relata::model<testing_models::Post> {
  using T = testing_models::Post;
  static constexpr std::string_view table = "posts";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::title>("title"),
      relata::column<&T::authorId>("authorId", relata::references<&testing_models::User::id>,
                                   relata::on_delete(relata::cascade)),
      relata::column<&T::reviewerId>("reviewerId", relata::references<&testing_models::User::id>));
};

template <>
struct relata::model<testing_models::Profile> {
  using T = testing_models::Profile;
  static constexpr std::string_view table = "profiles";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::userId>(
                          "userId", relata::references<&testing_models::User::id>, relata::unique),
                      relata::column<&T::bio>("bio"));
};

template <>
struct relata::model<testing_models::Warehouse> {
  using T = testing_models::Warehouse;
  static constexpr std::string_view table = "warehouses";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::code>("code", relata::unique), relata::column<&T::name>("name"));
};

template <>
struct relata::model<testing_models::Crate> {
  using T = testing_models::Crate;
  static constexpr std::string_view table = "crates";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::warehouseCode>(
                          "warehouseCode", relata::references<&testing_models::Warehouse::code>,
                          relata::on_update(relata::set_null)),
                      relata::column<&T::label>("label"));
};

template <>
struct relata::model<testing_models::Pallet> {
  using T = testing_models::Pallet;
  static constexpr std::string_view table = "pallets";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::warehouseCode>(
                          "warehouseCode", relata::references<&testing_models::Warehouse::code>,
                          relata::on_delete(relata::cascade)));
};

template <>
struct relata::model<testing_models::Tag> {
  using T = testing_models::Tag;
  static constexpr std::string_view table = "tags";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::slug>("slug", relata::unique));
};

template <>
struct relata::model<testing_models::CrateTag> {
  using T = testing_models::CrateTag;
  static constexpr std::string_view name = "CrateTag";
  static constexpr std::string_view table = "crate_tags";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::crateId>("crateId", relata::references<&testing_models::Crate::id>,
                                  relata::on_delete(relata::cascade)),
      relata::column<&T::tagSlug>("tagSlug", relata::references<&testing_models::Tag::slug>,
                                  relata::on_delete(relata::cascade)));
};

template <>
struct relata::model<testing_models::Review> {
  using T = testing_models::Review;
  static constexpr std::string_view table = "reviews";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::productId>("productId", relata::references<&inventory::Product::id>,
                                    relata::on_update(relata::restrict)),
      relata::column<&T::stars>("stars", relata::min(1), relata::max(5)));
};

template <>
struct relata::model<testing_models::Gadget> {
  using T = testing_models::Gadget;
  static constexpr std::string_view table = "gadgets";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::label>("label", relata::length(2, 8),
                                relata::validator("capitalised",
                                                  [](const std::string& s) {
                                                    return !s.empty() && s[0] >= 'A' && s[0] <= 'Z';
                                                  })),
      relata::column<&T::stock>("stock", relata::min(0), relata::max(1000)),
      relata::column<&T::shelf>("shelf"), relata::column<&T::weight>("weight", relata::min(0.5)),
      relata::column<&T::active>("active"),
      relata::column<&T::cost>("cost", relata::min("0.10"), relata::max(5000)),
      relata::column<&T::color>("color"), relata::column<&T::seen>("seen"),
      relata::column<&T::rank>("rank", relata::max(10)),
      relata::column<&T::note>("note", relata::default_value("n/a")),
      relata::column<&T::serial>("serial", relata::unique),
      relata::column<&T::code>("code", relata::indexed));
};

template <>
struct relata::model<testing_models::Node> {
  using T = testing_models::Node;
  static constexpr std::string_view table = "nodes";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::name>("name"),
                      relata::column<&T::parentId>("parentId", relata::references<&T::id>,
                                                   relata::on_update(relata::restrict)));
};

template <>
struct relata::model<testing_models::Tree> {
  using T = testing_models::Tree;
  static constexpr std::string_view table = "trees";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::parentId>("parentId", relata::references<&T::id>,
                                                   relata::on_delete(relata::cascade)));
};

template <>
struct relata::model<testing_models::Author> {
  using T = testing_models::Author;
  static constexpr std::string_view table = "authors";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key),
                      relata::column<&T::name>("name", relata::not_empty));
};

template <>
struct relata::model<testing_models::Book> {
  using T = testing_models::Book;
  static constexpr std::string_view table = "books";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::authorId>("authorId", relata::references<&testing_models::Author::id>),
      relata::column<&T::title>("title"));
};

// Each model's table machinery is compiled once, in models.cpp, not in every test file.
RELATA_EXTERN_MODEL(inventory::Category);
RELATA_EXTERN_MODEL(inventory::Product);
RELATA_EXTERN_MODEL(inventory::Order);
RELATA_EXTERN_MODEL(inventory::OrderItem);
RELATA_EXTERN_MODEL(testing_models::Sample);
RELATA_EXTERN_MODEL(testing_models::Cell);
RELATA_EXTERN_MODEL(testing_models::Small);
RELATA_EXTERN_MODEL(testing_models::Unsigned);
RELATA_EXTERN_MODEL(testing_models::Diary);
RELATA_EXTERN_MODEL(testing_models::User);
RELATA_EXTERN_MODEL(testing_models::Post);
RELATA_EXTERN_MODEL(testing_models::Profile);
RELATA_EXTERN_MODEL(testing_models::Warehouse);
RELATA_EXTERN_MODEL(testing_models::Crate);
RELATA_EXTERN_MODEL(testing_models::Pallet);
RELATA_EXTERN_MODEL(testing_models::Tag);
RELATA_EXTERN_MODEL(testing_models::CrateTag);
RELATA_EXTERN_MODEL(testing_models::Review);
RELATA_EXTERN_MODEL(testing_models::Gadget);
RELATA_EXTERN_MODEL(testing_models::Node);
RELATA_EXTERN_MODEL(testing_models::Tree);
RELATA_EXTERN_MODEL(testing_models::Author);
RELATA_EXTERN_MODEL(testing_models::Book);

namespace testing_models {

inline constexpr auto posts = relata::has_many<&Post::authorId>("posts");
inline constexpr auto reviews = relata::has_many<&Post::reviewerId>("reviews");
inline constexpr auto author = relata::belongs_to<&Post::authorId>("author");
inline constexpr auto reviewer = relata::belongs_to<&Post::reviewerId>("reviewer");
inline constexpr auto profile = relata::has_one<&Profile::userId>("profile");
inline constexpr auto owner = relata::belongs_to<&Profile::userId>("user");
inline constexpr auto children = relata::has_many<&Node::parentId>("children");
inline constexpr auto crates = relata::has_many<&Crate::warehouseCode>("crates");
inline constexpr auto warehouse = relata::belongs_to<&Crate::warehouseCode>("warehouse");
inline constexpr auto tags =
    relata::belongs_to_many<&CrateTag::crateId, &CrateTag::tagSlug>("tags");
inline constexpr auto parent = relata::belongs_to<&Node::parentId>("parent");
inline constexpr auto cells = relata::has_many<&Cell::parentId>("cells");

/// The whole database as text — every row in key order and every table's next
/// auto-increment id: what "unchanged" is compared on.
inline std::string dump(const relata::Database& db) {
  std::string counters;
  for (const auto* t : db.store().tables())
    counters += t->name() + ".next_id=" + std::to_string(t->next_id()) + "\n";
  return counters + relata::to_string(relata::to_json(db));
}

/// The address of every row, table by table in key order: what "no row moved" is compared on.
inline std::vector<const void*> row_addresses(const relata::Database& db) {
  std::vector<const void*> out;
  for (const auto* t : db.store().tables())
    t->for_each_row([&](const void* r) { out.push_back(r); });
  return out;
}

inline const relata::Timestamp kT0 = relata::Timestamp::parse("2026-01-15T10:30:00.000Z");

/// An empty database with every inventory model defined and its clock fixed at kT0: where
/// most fixtures start.
inline relata::Database inventory_at_t0() {
  relata::Database db;
  db.set_clock(relata::fixed_clock(kT0));
  inventory::define_all(db);
  return db;
}

/// The order book the write tests share: categories Tools (1) and Garden (2); `products`
/// products "p0", "p1", ... alternating between them, product i priced price(i); order
/// ORD-1 of total `total` with one item (quantity 1, price `item`) for each of products 1..3.
template <class F>
relata::Database order_book(int products, F price, inventory::Money total, inventory::Money item) {
  relata::Database db = inventory_at_t0();
  db.create(inventory::Category{.name = "Tools"});
  db.create(inventory::Category{.name = "Garden"});
  for (int i = 0; i < products; ++i)
    db.create(inventory::Product{
        .name = "p" + std::to_string(i), .categoryId = 1 + i % 2, .price = price(i)});
  db.create(inventory::Order{.orderNumber = "ORD-1", .total = total});
  for (int i = 1; i <= 3; ++i)
    db.create(inventory::OrderItem{.orderId = 1, .productId = i, .quantity = 1, .price = item});
  return db;
}

/// The include tests' shop: categories 1 Tools ("Hand tools": products 1 Hammer 9.99, 3 Saw
/// 24.50), 2 Garden (2 Hose 15.00), 3 Empty; order 1 (items: Hammer ×2, Saw ×1), order 2
/// (item: Hose ×3), order 3 (none).
inline relata::Database include_shop() {
  using namespace inventory;
  relata::Database db = inventory_at_t0();
  db.create(Category{.name = "Tools", .description = "Hand tools"});
  db.create(Category{.name = "Garden"});
  db.create(Category{.name = "Empty"});
  db.create(Product{.name = "Hammer", .categoryId = 1, .price = Money("9.99")});
  db.create(Product{.name = "Hose", .categoryId = 2, .price = Money("15.00")});
  db.create(Product{.name = "Saw", .categoryId = 1, .price = Money("24.50")});
  for (const char* n : {"ORD-1", "ORD-2", "ORD-3"}) db.create(Order{.orderNumber = n});
  db.create(OrderItem{.orderId = 1, .productId = 1, .quantity = 2, .price = Money("9.99")});
  db.create(OrderItem{.orderId = 1, .productId = 3, .quantity = 1, .price = Money("24.50")});
  db.create(OrderItem{.orderId = 2, .productId = 2, .quantity = 3, .price = Money("15.00")});
  return db;
}

/// The include shapes beyond the inventory's: users 1 ann and 2 bob (bob has a profile),
/// posts 1 (by ann, reviewed by bob) and 2 (by ann); nodes 1 root, 2 a and 3 b under root,
/// 4 a1 under a; warehouses 1 north (code 700) and 2 south (500), crates 1 a (south), 2 b
/// (north) and 3 loose (none). Pallet is defined, with no rows.
inline relata::Database association_shapes() {
  relata::Database db;
  db.define<User>();
  db.define<Post>();
  db.define<Profile>();
  db.define<Node>();
  db.define<Warehouse>();
  db.define<Crate>();
  db.define<Pallet>();
  db.create(User{.name = "ann"});
  db.create(User{.name = "bob"});
  db.create(Profile{.userId = 2, .bio = "hi"});
  db.create(Post{.title = "a", .authorId = 1, .reviewerId = 2});
  db.create(Post{.title = "c", .authorId = 1});
  db.create(Node{.name = "root"});
  db.create(Node{.name = "a", .parentId = 1});
  db.create(Node{.name = "b", .parentId = 1});
  db.create(Node{.name = "a1", .parentId = 2});
  db.create(Warehouse{.code = 700, .name = "north"});
  db.create(Warehouse{.code = 500, .name = "south"});
  db.create(Crate{.warehouseCode = 500, .label = "a"});
  db.create(Crate{.warehouseCode = 700, .label = "b"});
  db.create(Crate{.label = "loose"});  // no warehouse
  return db;
}

/// A gadget that passes every validator.
inline Gadget valid_gadget() {
  return Gadget{.label = "Gizmo",
                .stock = 5,
                .shelf = 3,
                .weight = 1.5,
                .active = true,
                .cost = relata::Decimal<6, 2>("12.50"),
                .color = Color::green,
                .seen = kT0,
                .code = 7};
}

}  // namespace testing_models
