// relata/result.hpp — what finders return: rows with their eager-loaded includes.
//
// Contract:
// - Zero copy: a result holds pointers into the database's storage plus the tree of loaded
//   includes; no row is copied. Rows<T> and Result<T> own that tree (inline for small
//   results: no allocation); Row<T> and the ranges from Row::get are views into it, valid
//   while their owner lives, which is why results are returned by value and not copied.
// - Lifetime: every row a result shows must outlive it: a result stays valid until a row it
//   shows is updated or destroyed (or the database is destroyed or moved). Reading a
//   result after that is undefined, as with an invalidated iterator.
// - attributes() shapes to_json(); C++ access to a row always sees the whole row.
// - Threads: a result is immutable; any number of threads may read it while nobody writes
//   the database.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string_view>
#include <vector>

#include "relata/association.hpp"
#include "relata/detail/executor.hpp"
#include "relata/error.hpp"

namespace relata {

template <class T>
class Row;

/// A view of the rows one plural include loaded under one parent (key order unless the
/// include's order_by says otherwise). Iterating yields Row<T>.
template <class T>
class RowRange {
 public:
  RowRange(const detail::ResultSet* set, const detail::ResultNode* first, std::size_t count,
           const detail::QuerySpec* spec) noexcept
      : set_(set), first_(first), count_(count), spec_(spec) {}

  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Row<T>;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const detail::ResultSet* set, const detail::ResultNode* n,
             const detail::QuerySpec* spec)
        : set_(set), n_(n), spec_(spec) {}
    Row<T> operator*() const { return Row<T>(set_, n_, spec_); }
    iterator& operator++() {
      ++n_;
      return *this;
    }
    iterator operator++(int) {
      auto t = *this;
      ++n_;
      return t;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.n_ == b.n_; }

   private:
    const detail::ResultSet* set_ = nullptr;
    const detail::ResultNode* n_ = nullptr;
    const detail::QuerySpec* spec_ = nullptr;
  };

  [[nodiscard]] iterator begin() const { return {set_, first_, spec_}; }  ///< first row
  [[nodiscard]] iterator end() const {                                    ///< past the last
    return {set_, first_ + count_, spec_};
  }
  [[nodiscard]] std::size_t size() const noexcept { return count_; }  ///< row count
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }   ///< no rows
  /// Row i (0 <= i < size()).
  [[nodiscard]] Row<T> operator[](std::size_t i) const { return Row<T>(set_, first_ + i, spec_); }
  /// The rows as a JSON array.
  [[nodiscard]] boost::json::array to_json() const {
    boost::json::array out;
    out.reserve(count_);
    for (std::size_t i = 0; i < count_; ++i)
      out.push_back(detail::row_to_json(*set_, detail::type_slot<T>(), spec_, first_[i]));
    return out;
  }

 private:
  const detail::ResultSet* set_;
  const detail::ResultNode* first_;
  std::size_t count_;
  const detail::QuerySpec* spec_;
};

/// One row of a result: the stored row (operator->) and the includes loaded under it.
/// A default-constructed or not-found Row is empty (false); dereferencing it is undefined.
template <class T>
class Row {
 public:
  Row() = default;
  Row(const detail::ResultSet* set, const detail::ResultNode* node,
      const detail::QuerySpec* spec) noexcept
      : set_(set), node_(node), spec_(spec) {}

  [[nodiscard]] explicit operator bool() const noexcept { return node_ != nullptr; }  ///< found
  [[nodiscard]] const T& operator*() const noexcept { return *row(); }  ///< the stored row
  [[nodiscard]] const T* operator->() const noexcept { return row(); }  ///< the stored row
  /// The stored row (nullptr when empty).
  [[nodiscard]] const T* row() const noexcept {
    return node_ ? static_cast<const T*>(node_->row) : nullptr;
  }
  /// For a row reached through a belongs_to_many include: its join row.
  template <class J>
  [[nodiscard]] const J* through() const noexcept {
    return node_ ? static_cast<const J*>(node_->through) : nullptr;
  }

  /// The rows include `a` loaded: a RowRange for has_many / belongs_to_many, a Row (empty
  /// when there is none) for belongs_to / has_one. Throws relata::Error (errc::schema) when
  /// the query did not include `a`.
  template <association A>
  [[nodiscard]] auto get(const A& a) const {
    static_assert(std::is_same_v<typename A::source, T>,
                  "relata: this association starts from another model than the row's");
    const detail::ResultSlot& slot = detail::find_slot(*set_, *node_, a.as, A::kind);
    using target = typename A::target;
    const detail::ResultNode* first = set_->nodes.data() + slot.first;
    if constexpr (A::plural) {
      return RowRange<target>(set_, first, slot.count, &slot.spec->query);
    } else {
      return slot.count == 0 ? Row<target>() : Row<target>(set_, first, &slot.spec->query);
    }
  }

  /// The row as JSON (Sequelize's toJSON()): its attributes in declaration order, then each
  /// include under its alias; null when empty.
  [[nodiscard]] boost::json::value to_json() const {
    if (!node_) return nullptr;
    return detail::row_to_json(*set_, detail::type_slot<T>(), spec_, *node_);
  }

 private:
  const detail::ResultSet* set_ = nullptr;
  const detail::ResultNode* node_ = nullptr;
  const detail::QuerySpec* spec_ = nullptr;
};

/// The result of find_all: the matching rows in order, owning their include tree.
/// Not copyable (rows point into it); movable only as a whole return value.
template <class T>
class Rows {
 public:
  /// Runs the query (used by Database).
  Rows(const detail::Store& store, std::shared_ptr<const detail::QuerySpec> spec) {
    detail::execute(store, detail::type_slot<T>(), std::move(spec), std::nullopt, set_);
  }
  Rows(const Rows&) = delete;             ///< deleted on purpose: rows point into the result
  Rows& operator=(const Rows&) = delete;  ///< deleted on purpose

  [[nodiscard]] auto begin() const { return range().begin(); }  ///< first row
  [[nodiscard]] auto end() const { return range().end(); }      ///< past the last row
  [[nodiscard]] std::size_t size() const noexcept { return set_.roots.size(); }  ///< rows
  [[nodiscard]] bool empty() const noexcept { return set_.roots.empty(); }       ///< no rows
  [[nodiscard]] Row<T> operator[](std::size_t i) const { return range()[i]; }    ///< row i
  /// The rows as a JSON array of toJSON() objects.
  [[nodiscard]] boost::json::array to_json() const { return range().to_json(); }

 private:
  RowRange<T> range() const noexcept {
    return RowRange<T>(&set_, set_.roots.data(), set_.roots.size(), set_.spec.get());
  }
  detail::ResultSet set_;
};

/// The result of find_by_pk / find_one with options: one row (or none), owning its include
/// tree. Reached like the pointer find_by_pk returns without options: `result->total` and
/// `*result` are the stored row; `result.get(items)` the rows an include loaded.
template <class T>
class Result {
 public:
  /// Runs the query (used by Database).
  Result(const detail::Store& store, std::shared_ptr<const detail::QuerySpec> spec,
         std::optional<std::int64_t> key) {
    detail::execute(store, detail::type_slot<T>(), std::move(spec), key, set_);
    if (!set_.roots.empty()) row_ = Row<T>(&set_, set_.roots.data(), set_.spec.get());
  }
  /// The result of a plain query by key (detail::plain_key_query) whose row the caller
  /// found (nullptr: none): loads its includes with the spec's compiled plan.
  Result(const detail::Store& store, std::shared_ptr<const detail::QuerySpec> spec, const T* root) {
    set_.store = &store;
    set_.spec = std::move(spec);
    if (!root) return;
    detail::keep_root(store, *set_.spec, root, set_);
    row_ = Row<T>(&set_, set_.roots.data(), set_.spec.get());
  }
  Result(const Result&) = delete;             ///< deleted on purpose: rows point into it
  Result& operator=(const Result&) = delete;  ///< deleted on purpose

  [[nodiscard]] explicit operator bool() const noexcept { return bool(row_); }  ///< found
  [[nodiscard]] const T& operator*() const noexcept { return *row_; }           ///< the stored row
  [[nodiscard]] const T* operator->() const noexcept { return row_.row(); }     ///< the stored row
  /// The Row: the stored row and its includes (empty when nothing was found).
  [[nodiscard]] const Row<T>& row() const noexcept { return row_; }
  /// The rows include `a` loaded, as Row::get.
  template <association A>
  [[nodiscard]] auto get(const A& a) const {
    return row_.get(a);
  }
  /// The row as JSON, or null when nothing was found.
  [[nodiscard]] boost::json::value to_json() const { return row_.to_json(); }

 private:
  detail::ResultSet set_;
  Row<T> row_;
};

}  // namespace relata
