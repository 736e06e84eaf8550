// Internal: the codes of a table's text keys.
//
// Keys cross the type-erased interface (TableBase, the child lists, the undo log, the
// executor) as std::int64_t. An integer key is its own code. A std::string primary key gets
// one from its table's KeyDictionary: the first time a string is used as a key of that table
// it is given the next code, 0, 1, 2, ..., and it keeps that code for the table's lifetime,
// so a code stays valid in the undo log and in every child list. A text foreign key reads
// its code from the dictionary of the table it references.
//
// A code given during a statement that then fails is taken back with it (the undo log's
// `interned` entry), so strings only tried as keys by failed writes do not stay.
//
// Codes say nothing about order: where keys are ordered (key_less, the child lists) a text
// key compares its strings. Only the single writer interns; readers only look up, and a
// string never interned reads as `absent`, which no row has.
#pragma once

#include <cassert>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace relata::detail {

class KeyDictionary {
 public:
  /// The code of a string no row of the table has ever used as its key.
  static constexpr std::int64_t absent = -1;

  /// The code of `s`, or `absent`.
  [[nodiscard]] std::int64_t find(std::string_view s) const noexcept {
    const auto it = codes_.find(s);
    return it == codes_.end() ? absent : it->second;
  }
  /// The code of `s`, given it now when it has none (the single writer only; strong
  /// guarantee: on bad_alloc the dictionary is unchanged).
  std::int64_t intern(std::string_view s) {
    if (const std::int64_t c = find(s); c != absent) return c;
    const auto code = static_cast<std::int64_t>(strings_.size());
    const std::string& stored = strings_.emplace_back(s);
    try {
      codes_.emplace(stored, code);
    } catch (...) {
      strings_.pop_back();
      throw;
    }
    return code;
  }
  /// Takes back `code`, the last one given (undoing the write that interned it).
  void pop(std::int64_t code) noexcept {
    assert(holds(code) && static_cast<std::size_t>(code) + 1 == strings_.size());
    (void)code;
    codes_.erase(strings_.back());
    strings_.pop_back();
  }
  /// The number of codes given (and not taken back).
  [[nodiscard]] std::size_t size() const noexcept { return strings_.size(); }
  /// The string of a code that find() or intern() gave.
  [[nodiscard]] const std::string& at(std::int64_t code) const noexcept {
    return strings_[static_cast<std::size_t>(code)];
  }
  /// True when `code` is one this dictionary gave.
  [[nodiscard]] bool holds(std::int64_t code) const noexcept {
    return code >= 0 && static_cast<std::size_t>(code) < strings_.size();
  }
  /// a < b for two codes, in the order of their strings.
  [[nodiscard]] bool less(std::int64_t a, std::int64_t b) const noexcept { return at(a) < at(b); }

 private:
  std::deque<std::string> strings_;  // by code; a deque never moves what it holds
  std::unordered_map<std::string_view, std::int64_t> codes_;
};

/// a < b for two keys as the erased interface carries them: by their strings when `keys` is
/// a text key's dictionary, else as integers (an integer key is its own code).
inline bool key_less(const KeyDictionary* keys, std::int64_t a, std::int64_t b) noexcept {
  if (keys) [[unlikely]]
    return keys->less(a, b);
  return a < b;
}

}  // namespace relata::detail
