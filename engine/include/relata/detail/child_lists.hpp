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
// and the table unlinks a row before erasing it. Adding a row appends when its key is the
// largest of its list (the auto-increment case) and inserts in order otherwise.
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
    return {it->second.data(), it->second.size()};
  }
  /// Makes room for one more row under `parent`, so that the next add() to it cannot fail.
  void reserve(std::int64_t parent) {
    auto& list = lists_[parent];
    if (list.size() == list.capacity()) {
      list.reserve(list.empty() ? 4 : list.size() * 2);
      ++version_;
    }
  }
  /// Calls f(parent, rows) for every list (in no particular order).
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [parent, list] : lists_) f(parent, std::span<const void* const>(list));
  }
  /// Links `row` (primary key `key`) under `parent`; `key_of` reads a linked row's key.
  template <class KeyOf>
  void add(std::int64_t parent, const void* row, std::int64_t key, KeyOf key_of) {
    auto& list = lists_[parent];
    ++version_;
    if (list.empty() || key_of(list.back()) < key) {
      list.push_back(row);
    } else {
      auto pos = std::lower_bound(list.begin(), list.end(), key,
                                  [&](const void* r, std::int64_t k) { return key_of(r) < k; });
      list.insert(pos, row);
    }
  }
  /// Links `row` under `parent` as the last of its list: for a bulk build that adds rows in
  /// key order (a snapshot load), where no comparison is needed.
  void append(std::int64_t parent, const void* row) {
    lists_[parent].push_back(row);
    ++version_;
  }
  /// Unlinks `row` (primary key `key`) from `parent` (no-op if absent): a binary search.
  template <class KeyOf>
  void remove(std::int64_t parent, const void* row, std::int64_t key, KeyOf key_of) noexcept {
    auto it = lists_.find(parent);
    if (it == lists_.end()) return;
    auto& list = it->second;
    auto pos = std::lower_bound(list.begin(), list.end(), key,
                                [&](const void* r, std::int64_t k) { return key_of(r) < k; });
    if (pos != list.end() && *pos == row) list.erase(pos);
    if (list.empty()) lists_.erase(it);
    ++version_;
  }
  /// The number of changes so far (see above).
  [[nodiscard]] const std::uint64_t& version() const noexcept { return version_; }

 private:
  boost::unordered_flat_map<std::int64_t, std::vector<const void*>> lists_;
  std::uint64_t version_ = 0;
};

}  // namespace relata::detail
