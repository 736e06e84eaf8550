// Internal: the foreign-key index — for each parent key, the referencing rows as a
// contiguous array of pointers in primary-key order.
//
// Why not a tree or hash index inside the multi_index_container: walking one parent's
// children through node-based index links is a chain of dependent loads (each child's
// address is read from the previous node), so at a million rows every child costs a cache
// miss that cannot start before the previous one ends. A contiguous array of row pointers
// lets the loads of all children overlap. Measured on inventory(1M), W4 (~100 children per
// parent): see bench/README.md.
//
//   parent key ──hash──▶ [ row*, row*, row*, ... ]   (sorted by the rows' primary key)
//                          │     │     │
//                          ▼     ▼     ▼   nodes of the multi_index_container (stable)
//
// Rows are owned by the container; node addresses are stable across insert / erase of
// other rows and across modify(), so the pointers stay valid until their row is erased,
// and the table unlinks a row before erasing it. Each list keeps its rows' primary keys in a
// parallel array (in the same block as the pointers), so adding or removing a row finds its place
// by a binary search over those keys, reading no row (a row read is a cache miss at a million rows,
// seven of them per search in a list of a hundred). Adding a row appends when its key is the
// largest of its list (the auto-increment case) and inserts in order otherwise. The rows of a
// table with a text primary key hold their keys' codes, ordered by their strings (order_by).
//
// version() counts the changes to the lists (a row added or removed, a list's storage
// moved): a range taken from find() compares it to know that it went stale.
#pragma once

#include <algorithm>
#include <boost/unordered/unordered_flat_map.hpp>
#include <cstdint>
#include <cstring>
#include <new>
#include <span>
#include <utility>

#include "relata/detail/key_dictionary.hpp"

namespace relata::detail {

class ChildLists {
 public:
  /// The rows of parent `parent`, in key order; empty when none.
  [[nodiscard]] std::span<const void* const> find(std::int64_t parent) const noexcept {
    auto it = lists_.find(parent);
    if (it == lists_.end()) return {};
    return it->second.rows();
  }
  /// Makes room for one more row under `parent`, so that the next add() to it cannot fail.
  void reserve(std::int64_t parent) {
    if (lists_[parent].grow()) ++version_;
  }
  /// Calls f(parent, rows, keys) for every list (in no particular order): its rows and the
  /// primary keys it holds for them.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [parent, list] : lists_) f(parent, list.rows(), list.keys());
  }
  /// Orders the rows by the strings of their keys' codes in `keys` (a table with a text
  /// primary key), not by the codes.
  void order_by(const KeyDictionary* keys) noexcept { keys_ = keys; }
  /// Links `row` (primary key `key`) under `parent`. Cannot fail after reserve(parent).
  void add(std::int64_t parent, const void* row, std::int64_t key) {
    List& list = lists_[parent];
    list.grow();  // room for one more: nothing below throws
    ++version_;
    const auto keys = list.keys();
    const std::size_t at =
        keys.empty() || key_less(keys_, keys.back(), key)  // the auto-increment case
            ? keys.size()
            : static_cast<std::size_t>(position(keys, key) - keys.begin());
    list.insert(at, row, key);
  }
  /// Links `row` (primary key `key`) under `parent` as the last of its list: for a bulk build
  /// that adds rows in key order (a snapshot load), where no comparison is needed.
  void append(std::int64_t parent, const void* row, std::int64_t key) {
    List& list = lists_[parent];
    list.grow();
    list.insert(list.size(), row, key);
    ++version_;
  }
  /// Unlinks `row` (primary key `key`) from `parent` (no-op if absent): a binary search.
  void remove(std::int64_t parent, const void* row, std::int64_t key) noexcept {
    auto it = lists_.find(parent);
    if (it == lists_.end()) return;
    List& list = it->second;
    const auto keys = list.keys();
    const auto pos = position(keys, key);
    const auto at = static_cast<std::size_t>(pos - keys.begin());
    if (pos != keys.end() && *pos == key && list.rows()[at] == row) {
      if (list.size() == 1)
        lists_.erase(it);
      else
        list.erase(at);
    }
    ++version_;
  }
  /// The number of changes so far (see above).
  [[nodiscard]] const std::uint64_t& version() const noexcept { return version_; }

 private:
  /// One parent's rows in primary-key order and those rows' keys, in one block of memory:
  /// `capacity` keys, then `capacity` row pointers (keys()[i] is rows()[i]'s key). One block
  /// instead of two arrays halves the allocations of a load and the bytes of a list.
  class List {
   public:
    List() noexcept = default;
    List(List&& o) noexcept
        : block_(std::exchange(o.block_, nullptr)),
          size_(std::exchange(o.size_, 0)),
          capacity_(std::exchange(o.capacity_, 0)) {}
    List& operator=(List&& o) noexcept {
      if (this != &o) {
        release();
        block_ = std::exchange(o.block_, nullptr);
        size_ = std::exchange(o.size_, 0);
        capacity_ = std::exchange(o.capacity_, 0);
      }
      return *this;
    }
    ~List() { release(); }

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::span<const std::int64_t> keys() const noexcept { return {block_, size_}; }
    [[nodiscard]] std::span<const void* const> rows() const noexcept {
      return {row_slots(), size_};
    }
    /// Makes room for one more row; true when the block moved. Strong guarantee.
    bool grow() {
      if (size_ < capacity_) return false;
      const std::size_t n = capacity_ == 0 ? 4 : capacity_ * 2;
      auto* block = static_cast<std::int64_t*>(::operator new(n* slot_bytes));
      if (size_ > 0) {
        std::memcpy(block, block_, size_ * sizeof(std::int64_t));
        std::memcpy(block + n, row_slots(), size_ * sizeof(const void*));
      }
      release();
      block_ = block;
      capacity_ = n;
      return true;
    }
    /// Puts (`row`, `key`) at position `at`; there is room (grow() came first).
    void insert(std::size_t at, const void* row, std::int64_t key) noexcept {
      const void** rows = row_slots();
      if (at < size_) {  // an append (the common case) moves nothing
        std::memmove(block_ + at + 1, block_ + at, (size_ - at) * sizeof(std::int64_t));
        std::memmove(rows + at + 1, rows + at, (size_ - at) * sizeof(const void*));
      }
      block_[at] = key;
      rows[at] = row;
      ++size_;
    }
    /// Removes the entry at position `at`.
    void erase(std::size_t at) noexcept {
      const void** rows = row_slots();
      std::memmove(block_ + at, block_ + at + 1, (size_ - at - 1) * sizeof(std::int64_t));
      std::memmove(rows + at, rows + at + 1, (size_ - at - 1) * sizeof(const void*));
      --size_;
    }

   private:
    static constexpr std::size_t slot_bytes = sizeof(std::int64_t) + sizeof(const void*);
    [[nodiscard]] const void** row_slots() const noexcept {
      return reinterpret_cast<const void**>(block_ + capacity_);
    }
    void release() noexcept {
      ::operator delete(block_);  // unsized: clang declares the sized one only on request
    }
    std::int64_t* block_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
  };
  using key_iterator = std::span<const std::int64_t>::iterator;
  /// The first of `keys` not less than `key`: the integer search inline, as it always was
  /// (a hot path of every write that links a row), the text one out of line.
  [[nodiscard, gnu::always_inline]] key_iterator position(std::span<const std::int64_t> keys,
                                                          std::int64_t key) const noexcept {
    if (keys_) [[unlikely]]
      return text_position(keys, key);
    return std::lower_bound(keys.begin(), keys.end(), key);
  }
  [[nodiscard, gnu::noinline]] key_iterator text_position(std::span<const std::int64_t> keys,
                                                          std::int64_t key) const noexcept {
    return std::lower_bound(keys.begin(), keys.end(), key,
                            [this](std::int64_t a, std::int64_t b) { return keys_->less(a, b); });
  }

  boost::unordered_flat_map<std::int64_t, List> lists_;
  std::uint64_t version_ = 0;
  const KeyDictionary* keys_ = nullptr;  // a text primary key's codes, or nullptr
};

}  // namespace relata::detail
