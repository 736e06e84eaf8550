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
// largest of its list (the auto-increment case; each list keeps its last key, so this reads
// no row) and inserts in order otherwise.
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
    auto& rows = lists_[parent].rows;
    if (rows.size() == rows.capacity()) {
      rows.reserve(rows.empty() ? 4 : rows.size() * 2);
      ++version_;
    }
  }
  /// Calls f(parent, rows) for every list (in no particular order).
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [parent, list] : lists_) f(parent, std::span<const void* const>(list.rows));
  }
  /// Links `row` (primary key `key`) under `parent`; `key_of` reads a linked row's key. A key
  /// above the list's last one (the auto-increment case) appends without reading any row.
  template <class KeyOf>
  void add(std::int64_t parent, const void* row, std::int64_t key, KeyOf key_of) {
    List& list = lists_[parent];
    ++version_;
    if (list.rows.empty() || list.last < key) {
      list.rows.push_back(row);
      list.last = key;
    } else {
      auto pos = std::lower_bound(list.rows.begin(), list.rows.end(), key,
                                  [&](const void* r, std::int64_t k) { return key_of(r) < k; });
      list.rows.insert(pos, row);
    }
  }
  /// Links `row` (primary key `key`) under `parent` as the last of its list: for a bulk build
  /// that adds rows in key order (a snapshot load), where no comparison is needed.
  void append(std::int64_t parent, const void* row, std::int64_t key) {
    List& list = lists_[parent];
    list.rows.push_back(row);
    list.last = key;
    ++version_;
  }
  /// Unlinks `row` (primary key `key`) from `parent` (no-op if absent): a binary search.
  template <class KeyOf>
  void remove(std::int64_t parent, const void* row, std::int64_t key, KeyOf key_of) noexcept {
    auto it = lists_.find(parent);
    if (it == lists_.end()) return;
    List& list = it->second;
    auto pos = std::lower_bound(list.rows.begin(), list.rows.end(), key,
                                [&](const void* r, std::int64_t k) { return key_of(r) < k; });
    if (pos != list.rows.end() && *pos == row) {
      const bool was_last = pos + 1 == list.rows.end();
      list.rows.erase(pos);
      if (list.rows.empty())
        lists_.erase(it);
      else if (was_last)  // only then does the last key change (one row read)
        list.last = key_of(list.rows.back());
    }
    ++version_;
  }
  /// The number of changes so far (see above).
  [[nodiscard]] const std::uint64_t& version() const noexcept { return version_; }

 private:
  /// One parent's rows, and the key of the last of them: adding a row in key order compares
  /// with it instead of reading the last row (a cache miss per add in a bulk load).
  struct List {
    std::vector<const void*> rows;
    std::int64_t last = 0;  // the key of rows.back() when rows is not empty
  };
  boost::unordered_flat_map<std::int64_t, List> lists_;
  std::uint64_t version_ = 0;
};

}  // namespace relata::detail
