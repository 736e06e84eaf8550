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
// parallel array, so adding or removing a row finds its place by a binary search over
// those keys, reading no row (a row read is a cache miss at a million rows, seven of them
// per search in a list of a hundred). Adding a row appends when its key is the largest of
// its list (the auto-increment case) and inserts in order otherwise.
//
// version() counts the changes to the lists (a row added or removed, a list's storage
// moved): a range taken from find() compares it to know that it went stale.
#pragma once

#include <algorithm>
#include <boost/unordered/unordered_flat_map.hpp>
#include <cstdint>
#include <span>
#include <vector>

namespace relata::detail {

class ChildLists {
 public:
  /// The rows of parent `parent`, in key order; empty when none.
  [[nodiscard]] std::span<const void* const> find(std::int64_t parent) const noexcept {
    auto it = lists_.find(parent);
    if (it == lists_.end()) return {};
    return {it->second.rows.data(), it->second.rows.size()};
  }
  /// Makes room for one more row under `parent`, so that the next add() to it cannot fail.
  void reserve(std::int64_t parent) {
    if (grow(lists_[parent])) ++version_;
  }
  /// Calls f(parent, rows, keys) for every list (in no particular order): its rows and the
  /// primary keys it holds for them.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [parent, list] : lists_)
      f(parent, std::span<const void* const>(list.rows), std::span<const std::int64_t>(list.keys));
  }
  /// Links `row` (primary key `key`) under `parent`. Cannot fail after reserve(parent).
  void add(std::int64_t parent, const void* row, std::int64_t key) {
    List& list = lists_[parent];
    grow(list);  // both arrays have room: nothing below throws, so they never disagree
    ++version_;
    if (list.keys.empty() || list.keys.back() < key) {
      list.keys.push_back(key);
      list.rows.push_back(row);
    } else {
      const auto at = std::lower_bound(list.keys.begin(), list.keys.end(), key) - list.keys.begin();
      list.keys.insert(list.keys.begin() + at, key);
      list.rows.insert(list.rows.begin() + at, row);
    }
  }
  /// Links `row` (primary key `key`) under `parent` as the last of its list: for a bulk build
  /// that adds rows in key order (a snapshot load), where no comparison is needed.
  void append(std::int64_t parent, const void* row, std::int64_t key) {
    List& list = lists_[parent];
    grow(list);
    list.keys.push_back(key);
    list.rows.push_back(row);
    ++version_;
  }
  /// Unlinks `row` (primary key `key`) from `parent` (no-op if absent): a binary search.
  void remove(std::int64_t parent, const void* row, std::int64_t key) noexcept {
    auto it = lists_.find(parent);
    if (it == lists_.end()) return;
    List& list = it->second;
    const auto pos = std::lower_bound(list.keys.begin(), list.keys.end(), key);
    const auto at = pos - list.keys.begin();
    if (pos != list.keys.end() && *pos == key && list.rows[static_cast<std::size_t>(at)] == row) {
      if (list.rows.size() == 1) {
        lists_.erase(it);
      } else {
        list.keys.erase(pos);
        list.rows.erase(list.rows.begin() + at);
      }
    }
    ++version_;
  }
  /// The number of changes so far (see above).
  [[nodiscard]] const std::uint64_t& version() const noexcept { return version_; }

 private:
  /// One parent's rows in primary-key order, and those keys (keys[i] is rows[i]'s).
  struct List {
    std::vector<const void*> rows;
    std::vector<std::int64_t> keys;
  };
  /// Makes room for one more row in both arrays of `list`; true when their storage moved.
  static bool grow(List& list) {
    if (list.rows.size() < list.rows.capacity() && list.keys.size() < list.keys.capacity())
      return false;
    const std::size_t n = list.rows.empty() ? 4 : list.rows.size() * 2;
    list.keys.reserve(n);  // first: when rows' reserve fails, only spare key room is left
    list.rows.reserve(n);
    return true;
  }
  boost::unordered_flat_map<std::int64_t, List> lists_;
  std::uint64_t version_ = 0;
};

}  // namespace relata::detail
