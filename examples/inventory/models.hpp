// The association guide's four models — Category, Product, Order, OrderItem — with the
// guide's columns and constraints, declared for relata. Shared by the example, the tests and
// the benchmarks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <relata/relata.hpp>

namespace inventory {

using Money = relata::Decimal<10, 2>;  // DataTypes.DECIMAL(10, 2)

struct Category {
  std::int64_t id = 0;
  std::string name;                        // STRING, allowNull: false
  std::optional<std::string> description;  // TEXT, allowNull: true
  relata::Timestamp createdAt, updatedAt;  // timestamps: true
};

struct Product {
  std::int64_t id = 0;
  std::string name;
  std::int64_t categoryId = 0;  // allowNull: false, references categories.id
  Money price;                  // DECIMAL(10, 2), allowNull: false
  relata::Timestamp createdAt, updatedAt;
};

struct Order {
  std::int64_t id = 0;
  std::string orderNumber;  // allowNull: false, unique: true
  Money total;
  relata::Timestamp createdAt, updatedAt;
};

struct OrderItem {
  std::int64_t id = 0;
  std::optional<std::int64_t> orderId;    // references orders.id (allowNull defaults to true)
  std::optional<std::int64_t> productId;  // references products.id
  std::int32_t quantity = 0;
  Money price;
  relata::Timestamp createdAt, updatedAt;
};

}  // namespace inventory

template <>
struct relata::model<inventory::Category> {
  using T = inventory::Category;
  static constexpr std::string_view name = "Category";
  static constexpr std::string_view table = "categories";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::name>("name", relata::not_empty),
                      relata::column<&T::description>("description"),
                      relata::created_at<&T::createdAt>(), relata::updated_at<&T::updatedAt>());
};

template <>
struct relata::model<inventory::Product> {
  using T = inventory::Product;
  static constexpr std::string_view name = "Product";
  static constexpr std::string_view table = "products";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::name>("name", relata::not_empty),
      relata::column<&T::categoryId>("categoryId", relata::references<&inventory::Category::id>,
                                     relata::on_delete(relata::cascade)),
      relata::column<&T::price>("price", relata::min(0)), relata::created_at<&T::createdAt>(),
      relata::updated_at<&T::updatedAt>());
};

template <>
struct relata::model<inventory::Order> {
  using T = inventory::Order;
  static constexpr std::string_view name = "Order";
  static constexpr std::string_view table = "orders";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::orderNumber>("orderNumber", relata::not_empty, relata::unique),
      relata::column<&T::total>("total", relata::min(0)), relata::created_at<&T::createdAt>(),
      relata::updated_at<&T::updatedAt>());
};

template <>
struct relata::model<inventory::OrderItem> {
  using T = inventory::OrderItem;
  static constexpr std::string_view name = "OrderItem";
  static constexpr std::string_view table = "order_items";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::orderId>("orderId", relata::references<&inventory::Order::id>,
                                  relata::on_delete(relata::cascade)),
      relata::column<&T::productId>("productId", relata::references<&inventory::Product::id>,
                                    relata::on_delete(relata::cascade)),
      relata::column<&T::quantity>("quantity", relata::min(1)),
      relata::column<&T::price>("price", relata::min(0)), relata::created_at<&T::createdAt>(),
      relata::updated_at<&T::updatedAt>());
};

namespace inventory {

// The guide's associations, both directions of each (Best Practices: "always define
// associations in both directions").
inline constexpr auto products = relata::has_many<&Product::categoryId>("products");
inline constexpr auto category = relata::belongs_to<&Product::categoryId>("category");
inline constexpr auto items = relata::has_many<&OrderItem::orderId>("items");
inline constexpr auto order = relata::belongs_to<&OrderItem::orderId>("order");
inline constexpr auto product = relata::belongs_to<&OrderItem::productId>("product");
inline constexpr auto orderItems = relata::has_many<&OrderItem::productId>("orderItems");
// Order and Product, many-to-many through OrderItem.
inline constexpr auto orderedProducts =
    relata::belongs_to_many<&OrderItem::orderId, &OrderItem::productId>("products");
inline constexpr auto orders =
    relata::belongs_to_many<&OrderItem::productId, &OrderItem::orderId>("orders");

/// Defines the four tables in dependency order.
inline void define_all(relata::Database& db) {
  db.define<Category>();
  db.define<Product>();
  db.define<Order>();
  db.define<OrderItem>();
}

}  // namespace inventory
