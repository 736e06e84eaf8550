// relata/result.hpp — what finders return: rows with their eager-loaded includes.
//
// Contract:
// - Zero copy: a result holds pointers into the database's storage plus the tree of loaded
//   includes; no row is copied. Rows<T> and Result<T> own that tree; Row<T> and the ranges
//   from Row::get are views into it, valid while their owner lives.
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
#include <iterator>
#include <memory>
#include <memory_resource>
#include <string_view>
#include <vector>

#include "relata/association.hpp"
#include "relata/detail/query_spec.hpp"
#include "relata/detail/store.hpp"
#include "relata/error.hpp"

namespace relata {

namespace detail {

struct ResultSlot;

/// One row of a result and the includes loaded under it.
struct ResultNode {
  const void* row = nullptr;
  const void* through = nullptr;  // belongs_to_many: the join row
  std::pmr::vector<ResultSlot> slots;
  explicit ResultNode(std::pmr::memory_resource* r) : slots(r) {}
};

/// The rows one include loaded under one parent.
struct ResultSlot {
  const IncludeSpec* spec = nullptr;
  std::pmr::vector<ResultNode> rows;
  explicit ResultSlot(std::pmr::memory_resource* r) : rows(r) {}
};

/// The whole tree of a query's result; its nodes live in one arena.
struct ResultSet {
  explicit ResultSet(const Store& s, std::shared_ptr<const QuerySpec> q)
      : store(&s), spec(std::move(q)), roots(&arena) {}
  ResultSet(const ResultSet&) = delete;
  ResultSet& operator=(const ResultSet&) = delete;

  const Store* store;
  std::shared_ptr<const QuerySpec> spec;
  alignas(std::max_align_t) std::byte buffer[1024];
  std::pmr::monotonic_buffer_resource arena{buffer, sizeof buffer};
  std::pmr::vector<ResultNode> roots;
};

/// Runs a query on the table of `slot`; `key` restricts it to one primary key.
std::shared_ptr<ResultSet> execute(const Store& store, std::size_t slot,
                                   std::shared_ptr<const QuerySpec> spec,
                                   std::optional<std::int64_t> key);
/// The number of root rows the query would return, ignoring limit and offset.
std::size_t count_rows(const Store& store, std::size_t slot, const QuerySpec& spec);
/// The query's plan as text (see Database::explain).
std::string explain(const Store& store, std::size_t slot, const QuerySpec& spec,
                    bool by_key);
/// The slot of `node` that include `alias` of kind `kind` filled; throws if not included.
const ResultSlot& find_slot(const ResultNode& node, std::string_view alias, association_kind kind);
/// A result row as JSON: its attributes, then each include under its alias.
boost::json::object node_to_json(const Store& store, std::size_t slot, const QuerySpec* spec,
                                 const ResultNode& node);
}  // namespace detail

template <class T>
class Row;

/// A view of the rows one plural include loaded under one parent (key order unless the
/// include's order_by says otherwise). Iterating yields Row<T>.
template <class T>
class RowRange {
 public:
  RowRange(const std::pmr::vector<detail::ResultNode>* rows, const detail::QuerySpec* spec,
           const detail::Store* store) noexcept
      : rows_(rows), spec_(spec), store_(store) {}

  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Row<T>;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const detail::ResultNode* n, const RowRange* r) : n_(n), r_(r) {}
    Row<T> operator*() const { return Row<T>(n_, r_->spec_, r_->store_); }
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
    const detail::ResultNode* n_ = nullptr;
    const RowRange* r_ = nullptr;
  };

  [[nodiscard]] iterator begin() const { return {rows_->data(), this}; }  ///< first row
  [[nodiscard]] iterator end() const { return {rows_->data() + rows_->size(), this}; }  ///< end
  [[nodiscard]] std::size_t size() const noexcept { return rows_->size(); }  ///< row count
  [[nodiscard]] bool empty() const noexcept { return rows_->empty(); }      ///< no rows
  /// Row i (0 <= i < size()).
  [[nodiscard]] Row<T> operator[](std::size_t i) const {
    return Row<T>(&(*rows_)[i], spec_, store_);
  }
  /// The rows as a JSON array.
  [[nodiscard]] boost::json::array to_json() const {
    boost::json::array out;
    out.reserve(rows_->size());
    for (const auto& n : *rows_)
      out.push_back(detail::node_to_json(*store_, detail::type_slot<T>(), spec_, n));
    return out;
  }

 private:
  const std::pmr::vector<detail::ResultNode>* rows_;
  const detail::QuerySpec* spec_;
  const detail::Store* store_;
};

/// One row of a result: the stored row (operator->) and the includes loaded under it.
/// A default-constructed or not-found Row is empty (false); dereferencing it is undefined.
template <class T>
class Row {
 public:
  Row() = default;
  Row(const detail::ResultNode* node, const detail::QuerySpec* spec,
      const detail::Store* store) noexcept
      : node_(node), spec_(spec), store_(store) {}

  [[nodiscard]] explicit operator bool() const noexcept { return node_ != nullptr; }  ///< found
  [[nodiscard]] const T& operator*() const noexcept { return *row(); }      ///< the stored row
  [[nodiscard]] const T* operator->() const noexcept { return row(); }      ///< the stored row
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
    const detail::ResultSlot& slot = detail::find_slot(*node_, a.as, A::kind);
    using target = typename A::target;
    if constexpr (A::plural) {
      return RowRange<target>(&slot.rows, &slot.spec->query, store_);
    } else {
      return slot.rows.empty() ? Row<target>()
                               : Row<target>(&slot.rows.front(), &slot.spec->query, store_);
    }
  }

  /// The row as JSON (Sequelize's toJSON()): its attributes in declaration order, then each
  /// include under its alias; null when empty.
  [[nodiscard]] boost::json::value to_json() const {
    if (!node_) return nullptr;
    return detail::node_to_json(*store_, detail::type_slot<T>(), spec_, *node_);
  }

 private:
  const detail::ResultNode* node_ = nullptr;
  const detail::QuerySpec* spec_ = nullptr;
  const detail::Store* store_ = nullptr;
};

/// The result of find_all: the matching rows in order, owning their include tree.
template <class T>
class Rows {
 public:
  explicit Rows(std::shared_ptr<const detail::ResultSet> set) noexcept
      : set_(std::move(set)), range_(&set_->roots, set_->spec.get(), set_->store) {}
  [[nodiscard]] auto begin() const { return range_.begin(); }  ///< first row
  [[nodiscard]] auto end() const { return range_.end(); }      ///< past the last row
  [[nodiscard]] std::size_t size() const noexcept { return range_.size(); }  ///< row count
  [[nodiscard]] bool empty() const noexcept { return range_.empty(); }      ///< no rows
  [[nodiscard]] Row<T> operator[](std::size_t i) const { return range_[i]; }  ///< row i
  /// The rows as a JSON array of toJSON() objects.
  [[nodiscard]] boost::json::array to_json() const { return range_.to_json(); }

 private:
  std::shared_ptr<const detail::ResultSet> set_;
  RowRange<T> range_;
};

/// The result of find_by_pk / find_one: one row (or none), owning its include tree.
/// `result->get(items)` reaches the Row; `(*result)->total` the stored row.
template <class T>
class Result {
 public:
  explicit Result(std::shared_ptr<const detail::ResultSet> set) noexcept : set_(std::move(set)) {
    if (!set_->roots.empty()) row_ = Row<T>(&set_->roots.front(), set_->spec.get(), set_->store);
  }
  [[nodiscard]] explicit operator bool() const noexcept { return bool(row_); }  ///< found
  [[nodiscard]] const Row<T>& operator*() const noexcept { return row_; }       ///< the row
  [[nodiscard]] const Row<T>* operator->() const noexcept { return &row_; }     ///< the row
  /// The row as JSON, or null when nothing was found.
  [[nodiscard]] boost::json::value to_json() const { return row_.to_json(); }

 private:
  std::shared_ptr<const detail::ResultSet> set_;
  Row<T> row_;
};

}  // namespace relata
