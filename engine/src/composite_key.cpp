// Composite primary keys on the erased side: a key of several columns crosses the int64
// interface as a code in the table's KeyDictionary, given to an order-preserving byte string of
// the key's values, so that the dictionary's string order (key_less, the child lists) is the
// order of the key tuples.
//
// Each part, in key-column order:
//   an unsigned 64-bit column   8 bytes, big-endian
//   any other integer column    8 bytes, big-endian, sign bit flipped (so -1 < 0 < 1 as bytes)
//   a text column               its bytes with each 0x00 written 0x00 0xFF, then 0x00 0x00
// Byte-wise comparison (std::string's) then orders the encodings as the tuples, and no
// encoding is a prefix of another, so distinct keys never share a code.
#include <string>
#include <string_view>
#include <vector>

#include "relata/detail/table_base.hpp"

namespace relata::detail {

namespace {

/// Where an encoding is written: a std::string, or a Buffer.
template <class Out>
void put_u64(Out& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

std::uint64_t get_u64(const std::string& in, std::size_t& at) noexcept {
  std::uint64_t v = 0;
  for (int k = 0; k < 8; ++k) v = v << 8 | static_cast<unsigned char>(in[at++]);
  return v;
}

constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;

template <class Out>
void put_text(Out& out, std::string_view s) {
  for (const char c : s) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xFF');
  }
  out.append(2, '\0');
}

template <class Out>
void put_part(Out& out, const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) {
    put_text(out, *s);
  } else if (const auto* u = std::get_if<std::uint64_t>(&v)) {
    put_u64(out, *u);
  } else {
    put_u64(out, static_cast<std::uint64_t>(std::get<std::int64_t>(v)) ^ sign_bit);
  }
}

/// A fixed buffer on the stack: row_key cannot allocate (it runs where a failure could not
/// be reported, as when a rollback relinks a row). A longer encoding sets `overflow`.
struct Buffer {
  char bytes[256];
  std::size_t size = 0;
  bool overflow = false;
  void push_back(char c) noexcept {
    if (size < sizeof bytes)
      bytes[size++] = c;
    else
      overflow = true;
  }
  void append(std::size_t n, char c) noexcept {
    for (std::size_t k = 0; k < n; ++k) push_back(c);
  }
};

/// The key columns of `row` written to `out`. A text column is read in place and an integer
/// one as a Value of no allocation, so this allocates only what `out` does.
template <class Out>
void encode_row(const std::vector<ColumnInfo>& columns, std::span<const std::size_t> key,
                const void* row, Out& out) {
  for (const std::size_t i : key) {
    const ColumnInfo& c = columns[i];
    if (const std::string* s = c.text(row))
      put_text(out, *s);
    else
      put_part(out, c.get(row));
  }
}

}  // namespace

void TableBase::encode_key(const void* row, std::string& out) const {
  encode_row(columns_, pk_columns_, row, out);
}

std::int64_t TableBase::composite_row_key(const void* row) const noexcept {
  Buffer buffer;
  encode_row(columns_, pk_columns_, row, buffer);
  if (!buffer.overflow) return keys_->find(std::string_view(buffer.bytes, buffer.size));
  // A key of long strings: the heap, whose failure ends the program here as it would in any
  // rollback (std::terminate through noexcept).
  std::string encoded;
  encode_key(row, encoded);
  return keys_->find(encoded);
}

std::int64_t TableBase::parts_key(std::span<const Value> parts) const {
  std::string encoded;
  for (const Value& v : parts) put_part(encoded, v);
  return keys_->find(encoded);
}

std::vector<Value> TableBase::key_parts(std::int64_t key) const {
  const std::string& in = keys_->at(key);
  std::vector<Value> out;
  out.reserve(pk_columns_.size());
  std::size_t at = 0;
  for (const std::size_t i : pk_columns_) {
    const column_kind kind = columns_[i].kind;
    if (kind == column_kind::string) {
      std::string s;
      while (!(in[at] == '\0' && in[at + 1] == '\0')) {
        s.push_back(in[at]);
        at += in[at] == '\0' ? 2 : 1;  // 0x00 0xFF stands for 0x00
      }
      at += 2;
      out.emplace_back(std::move(s));
    } else if (kind == column_kind::uint64) {
      out.emplace_back(get_u64(in, at));
    } else {
      out.emplace_back(static_cast<std::int64_t>(get_u64(in, at) ^ sign_bit));
    }
  }
  return out;
}

std::string TableBase::key_name() const {
  if (!composite_) return columns_[pk_column_].name;
  std::string out = "(";
  for (const std::size_t i : pk_columns_) out += (out.size() > 1 ? ", " : "") + columns_[i].name;
  return out + ")";
}

std::string TableBase::key_text(std::int64_t key) const {
  if (!composite_) return to_display(key_as_value(key, pk_column_));
  if (!keys_->holds(key)) return "NULL";
  return parts_text(key_parts(key));
}

std::string TableBase::parts_text(std::span<const Value> parts) {
  std::string out = "(";
  for (const Value& v : parts) out += (out.size() > 1 ? ", " : "") + to_display(v);
  return out + ")";
}

}  // namespace relata::detail
