// inventory(N): the one data set every benchmark uses, generated from one seeded
// std::mt19937_64 (seed 42) so that every program builds the same rows.
//
//   categories   max(10, N/100)   name category-<i>, description on every other row
//   products     N                categoryId uniform, price uniform in 0.01 .. 999.99
//   orders       N/10             orderNumber ORD-<i>, total = sum of quantity × price
//   order_items  N/2 (5 / order)  productId uniform, quantity 1..10, price of the product
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "inventory/models.hpp"

namespace bench {

struct Inventory {
  std::vector<inventory::Category> categories;
  std::vector<inventory::Product> products;
  std::vector<inventory::Order> orders;
  std::vector<inventory::OrderItem> items;
  [[nodiscard]] std::size_t rows() const {
    return categories.size() + products.size() + orders.size() + items.size();
  }
};

inline Inventory make_inventory(std::int64_t n, std::mt19937_64& rng) {
  using namespace inventory;
  Inventory inv;
  const std::int64_t n_categories = std::max<std::int64_t>(10, n / 100);
  const relata::Timestamp t0 = relata::Timestamp::from_unix_millis(1'767'225'600'000);
  inv.categories.reserve(n_categories);
  for (std::int64_t i = 1; i <= n_categories; ++i) {
    Category c{.id = i, .name = "category-" + std::to_string(i), .createdAt = t0, .updatedAt = t0};
    if (i % 2 == 1) c.description = "description of category " + std::to_string(i);
    inv.categories.push_back(std::move(c));
  }
  std::uniform_int_distribution<std::int64_t> category(1, n_categories), cents(1, 99'999);
  inv.products.reserve(n);
  for (std::int64_t i = 1; i <= n; ++i) {
    std::int64_t cat = category(rng);
    inv.products.push_back(Product{.id = i,
                                   .name = "product-" + std::to_string(i),
                                   .categoryId = cat,
                                   .price = Money::from_units(cents(rng)),
                                   .createdAt = t0,
                                   .updatedAt = t0});
  }
  std::uniform_int_distribution<std::int64_t> product(1, std::max<std::int64_t>(1, n));
  std::uniform_int_distribution<int> quantity(1, 10);
  inv.orders.reserve(n / 10);
  inv.items.reserve(n / 2);
  for (std::int64_t o = 1; o <= n / 10; ++o) {
    Money total;
    for (int k = 0; k < 5; ++k) {
      std::int64_t p = product(rng);
      int q = quantity(rng);
      const Money price = inv.products[p - 1].price;
      inv.items.push_back(OrderItem{.id = static_cast<std::int64_t>(inv.items.size()) + 1,
                                    .orderId = o,
                                    .productId = p,
                                    .quantity = q,
                                    .price = price,
                                    .createdAt = t0,
                                    .updatedAt = t0});
      total += price * q;
    }
    inv.orders.push_back(Order{.id = o,
                               .orderNumber = "ORD-" + std::to_string(o),
                               .total = total,
                               .createdAt = t0,
                               .updatedAt = t0});
  }
  return inv;
}

}  // namespace bench
