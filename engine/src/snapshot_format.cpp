// The snapshot format (docs/snapshot-format.md): our frame around a Boost.Serialization
// binary payload. The frame is checked completely — size, magic, header checksum, version,
// flags, archive version, payload length, payload checksum — before the archive reads a
// byte, and every count inside the payload is bounded by the bytes that remain before
// anything is reserved.
#include "relata/detail/snapshot_format.hpp"

#include <algorithm>
#include <bit>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <streambuf>
#include <unordered_map>
#include <unordered_set>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "relata/detail/printable.hpp"
#include "relata/error.hpp"
#include "relata/timestamp.hpp"

static_assert(std::endian::native == std::endian::little,
              "relata: the snapshot format is defined for little-endian machines");

namespace relata::detail::snapshot {
namespace {

constexpr char magic[8] = {'\x89', 'R', 'L', 'T', 'S', '\r', '\n', '\x1a'};
constexpr unsigned archive_flags = boost::archive::no_header | boost::archive::no_codecvt;

std::uint32_t archive_version() noexcept {
  return static_cast<std::uint32_t>(boost::archive::BOOST_ARCHIVE_VERSION());
}

std::uint64_t checksum(const char* data, std::size_t n) noexcept {
  return XXH3_64bits(data, n);
}

template <class U>
void put(char* at, U v) noexcept {
  std::memcpy(at, &v, sizeof v);
}
template <class U>
U take(const char* at) noexcept {
  U v;
  std::memcpy(&v, at, sizeof v);
  return v;
}

/// Appends everything the archive writes to a std::string.
class StringSink final : public std::streambuf {
 public:
  explicit StringSink(std::string& out) : out_(out) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    out_.append(s, static_cast<std::size_t>(n));
    return n;
  }
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof()))
      out_.push_back(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
  }

 private:
  std::string& out_;
};

/// Serves the archive bytes of a file held in memory and says where it is.
class SpanSource final : public std::streambuf {
 public:
  SpanSource(std::span<const char> file, std::size_t start) {
    char* base = const_cast<char*>(file.data());  // the get area is never written
    setg(base, base + start, base + file.size());
  }
  [[nodiscard]] std::uint64_t offset() const noexcept {
    return static_cast<std::uint64_t>(gptr() - eback());
  }
  [[nodiscard]] std::uint64_t remaining() const noexcept {
    return static_cast<std::uint64_t>(egptr() - gptr());
  }
};

/// Bytes a stored value of column `c` takes at least.
std::uint64_t min_bytes(const Column& c) noexcept {
  if (c.has(nullable)) return 1;
  return c.kind == column_kind::boolean ? 1 : 8;
}

bool integer_kind(column_kind k) noexcept {
  return k == column_kind::int64 || k == column_kind::uint64;
}

/// The number of primary-key columns of a table (several: a composite primary key).
std::size_t key_columns(const Table& t) noexcept {
  return static_cast<std::size_t>(std::count_if(
      t.columns.begin(), t.columns.end(), [](const Column& c) { return c.has(primary_key); }));
}

/// The values `row` holds in `columns` as one set entry: each value's text after its length,
/// so no two tuples share one.
std::string tuple_entry(const std::vector<Value>& row, std::span<const std::uint32_t> columns) {
  std::string out;
  for (const std::uint32_t m : columns) {
    const std::string text = to_display(row[m]);
    out += std::to_string(text.size()) + ':' + text;
  }
  return out;
}
/// "(a, b)": the names of `columns` of `t`.
std::string name_list(const Table& t, std::span<const std::uint32_t> columns) {
  std::string out = "(";
  for (const std::uint32_t m : columns) out += (out.size() > 1 ? ", " : "") + t.columns[m].name;
  return out + ")";
}
/// "(1, 'x')": the values `row` holds in `columns`, as sentences show them.
std::string value_list(const std::vector<Value>& row, std::span<const std::uint32_t> columns) {
  std::string out = "(";
  for (const std::uint32_t m : columns) out += (out.size() > 1 ? ", " : "") + to_display(row[m]);
  return out + ")";
}

std::int64_t as_key(const Value& v) noexcept {
  if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
  return std::bit_cast<std::int64_t>(std::get<std::uint64_t>(v));
}

}  // namespace

std::string type_name(const Column& c) {
  if (c.kind == column_kind::decimal)
    return "DECIMAL(" + std::to_string(c.precision) + "," + std::to_string(c.scale) + ")";
  return kind_name(c.kind);
}

const char* action_name(action a) noexcept {
  switch (a) {
    case action::restrict:
      return "RESTRICT";
    case action::cascade:
      return "CASCADE";
    case action::set_null:
      return "SET NULL";
  }
  return "?";
}

// ---------------------------------------------------------------------------- Writer

struct Writer::Impl {
  std::uint32_t version = format_version;
  std::vector<Table> tables;
  std::string out;
  StringSink sink{out};
  boost::archive::binary_oarchive ar{sink, archive_flags};

  void str(const std::string& s) {
    const std::uint64_t n = s.size();
    ar << n;
    ar.save_binary(s.data(), s.size());
  }
};

Writer::Writer(std::vector<Table> tables, std::size_t size_hint, std::uint32_t version)
    : impl_(std::make_unique<Impl>()) {
  auto& w = *impl_;
  w.version = version;
  w.tables = std::move(tables);
  w.out.reserve(header_size + size_hint);
  w.out.assign(header_size, '\0');
  for (const Table& t : w.tables) {
    w.str(t.name);
    const auto columns = static_cast<std::uint32_t>(t.columns.size());
    w.ar << columns;
    for (const Column& c : t.columns) {
      w.str(c.name);
      const auto kind = static_cast<std::uint8_t>(c.kind);
      const auto on_delete = c.enforced ? static_cast<std::uint8_t>(c.on_delete) : unenforced;
      const auto on_update = c.enforced ? static_cast<std::uint8_t>(c.on_update) : unenforced;
      w.ar << kind << c.flags << c.precision << c.scale;
      w.str(c.references_table);
      w.ar << c.referenced_column << on_delete << on_update;
    }
    if (version >= 2) {
      const auto groups = static_cast<std::uint32_t>(t.unique_groups.size());
      w.ar << t.deleted_at << groups;
      for (const UniqueGroup& g : t.unique_groups) {
        w.str(g.name);
        const auto members = static_cast<std::uint32_t>(g.columns.size());
        w.ar << members;
        for (std::uint32_t m : g.columns) w.ar << m;
      }
    }
    const auto exhausted = static_cast<std::uint8_t>(t.exhausted);
    w.ar << t.next_id << exhausted << t.rows;
  }
}

Writer::~Writer() = default;

void Writer::value(const Column& c, const Value& v) {
  auto& w = *impl_;
  if (c.has(nullable)) {
    const std::uint8_t present = std::holds_alternative<std::monostate>(v) ? 0 : 1;
    w.ar << present;
    if (!present) return;
  }
  switch (c.kind) {
    case column_kind::int64:
    case column_kind::enumeration:
      w.ar << std::get<std::int64_t>(v);
      break;
    case column_kind::uint64:
      w.ar << std::get<std::uint64_t>(v);
      break;
    case column_kind::float64:
      w.ar << std::get<double>(v);
      break;
    case column_kind::boolean:
      w.ar << static_cast<std::uint8_t>(std::get<bool>(v));
      break;
    case column_kind::string:
      w.str(std::get<std::string>(v));
      break;
    case column_kind::decimal:
      w.ar << std::get<DecimalValue>(v).units;
      break;
    case column_kind::timestamp:
      w.ar << std::get<Timestamp>(v).micros;
      break;
  }
}

std::string Writer::finish() {
  auto& w = *impl_;
  char* h = w.out.data();
  std::memcpy(h, magic, sizeof magic);
  put(h + 8, w.version);
  put(h + 12, std::uint32_t{0});
  put(h + 16, archive_version());
  put(h + 20, static_cast<std::uint32_t>(w.tables.size()));
  put(h + 24, static_cast<std::uint64_t>(w.out.size() - header_size));
  put(h + 32, checksum(h + header_size, w.out.size() - header_size));
  put(h + 40, checksum(h, 40));
  return std::move(w.out);
}

// ---------------------------------------------------------------------------- Reader

struct Reader::Impl {
  std::span<const char> file;
  Header header;
  std::vector<Table> tables;
  std::unique_ptr<SpanSource> source;
  std::unique_ptr<boost::archive::binary_iarchive> ar;
  std::size_t table = 0;         // the table whose rows next() reads
  std::uint64_t rows_left = 0;   // rows of that table still to read
  std::uint64_t row_number = 0;  // rows of that table read so far

  [[noreturn]] void fail(const std::string& what, const std::string& t = {},
                         const std::string& c = {}) const {
    const std::uint64_t at = source ? source->offset() : 0;
    std::string where = "snapshot damaged at offset " + std::to_string(at);
    if (!t.empty()) where += ", table " + t;
    if (!c.empty()) where += ", column " + c;
    throw SnapshotError(where + ": " + what, at, t, c);
  }

  void need(std::uint64_t n, const char* what, const std::string& t = {},
            const std::string& c = {}) const {
    if (n > source->remaining())
      fail(std::string(what) + " needs " + std::to_string(n) + " bytes, " +
               std::to_string(source->remaining()) + " remain",
           t, c);
  }

  template <class U>
  U get(const char* what, const std::string& t = {}, const std::string& c = {}) {
    need(sizeof(U), what, t, c);
    U v;
    *ar >> v;
    return v;
  }

  std::string str(const char* what, const std::string& t = {}, const std::string& c = {}) {
    const auto n = get<std::uint64_t>(what, t, c);
    need(n, what, t, c);
    std::string s(static_cast<std::size_t>(n), '\0');
    ar->load_binary(s.data(), s.size());
    return s;
  }

  /// The name of a table, column or constraint (`noun`): not empty, no control character
  /// (a model cannot declare one, and names reach terminals), and no other of `siblings`
  /// (those read before it, in table `t`) has it.
  template <class Named>
  std::string name(const std::string& noun, const std::vector<Named>& siblings,
                   const std::string& t = {}) {
    std::string s = str(("a " + noun + " name").c_str(), t);
    if (s.empty()) fail("a " + noun + " has an empty name", t);
    if (!usable_name(s))
      fail("a " + noun + " name holds a control character: " + to_printable(s), t);
    for (const Named& o : siblings)
      if (o.name == s) fail("two " + noun + "s are named " + s, t);
    return s;
  }

  void check_frame();
  void read_schema();
  void read_constraints(Table& t);
  Value value(const Table& t, const Column& c);
};

void Reader::Impl::check_frame() {
  const std::size_t size = file.size();
  if (size == 0) throw SnapshotError("not a relata snapshot: the file is empty", 0);
  if (size < sizeof magic || std::memcmp(file.data(), magic, sizeof magic) != 0)
    throw SnapshotError("not a relata snapshot: its first bytes are not the snapshot magic", 0);
  if (size < header_size)
    throw SnapshotError(
        "snapshot truncated: " + std::to_string(size) + " bytes, shorter than the 48-byte header",
        size);
  const char* h = file.data();
  header.header_checksum = take<std::uint64_t>(h + 40);
  if (checksum(h, 40) != header.header_checksum)
    throw SnapshotError("snapshot header damaged: its checksum does not match", 40);
  header.version = take<std::uint32_t>(h + 8);
  header.flags = take<std::uint32_t>(h + 12);
  header.archive_version = take<std::uint32_t>(h + 16);
  header.tables = take<std::uint32_t>(h + 20);
  header.payload_length = take<std::uint64_t>(h + 24);
  header.payload_checksum = take<std::uint64_t>(h + 32);
  if (header.version > format_version)
    throw SnapshotError("snapshot written by a newer format version " +
                            std::to_string(header.version) + "; this build reads versions up to " +
                            std::to_string(format_version),
                        8);
  if (header.version == 0) throw SnapshotError("snapshot format version 0 does not exist", 8);
  if (header.flags != 0)
    throw SnapshotError("snapshot uses flags " + std::to_string(header.flags) +
                            " that format version " + std::to_string(header.version) +
                            " does not define",
                        12);
  if (header.archive_version > archive_version())
    throw SnapshotError("snapshot payload written by Boost archive library version " +
                            std::to_string(header.archive_version) + "; this build has version " +
                            std::to_string(archive_version()),
                        16);
  const std::uint64_t payload = size - header_size;
  if (header.payload_length > payload)
    throw SnapshotError("snapshot truncated: the header promises " +
                            std::to_string(header.payload_length) +
                            " payload bytes, the file has " + std::to_string(payload),
                        size);
  if (header.payload_length < payload)
    throw SnapshotError("snapshot has " + std::to_string(payload - header.payload_length) +
                            " trailing bytes after its payload",
                        header_size + header.payload_length);
  if (checksum(h + header_size, payload) != header.payload_checksum)
    throw SnapshotError("snapshot payload damaged: its checksum does not match", header_size);
}

void Reader::Impl::read_schema() {
  // The smallest table: name length, column count, one column, counters.
  constexpr std::uint64_t min_column = 8 + 1 + 1 + 4 + 4 + 8 + 4 + 1 + 1;
  constexpr std::uint64_t min_table = 8 + 4 + min_column + 8 + 1 + 8;
  if (header.tables > source->remaining() / min_table)
    fail("the header counts " + std::to_string(header.tables) +
         " tables, more than the payload holds");
  tables.reserve(header.tables);
  for (std::uint32_t i = 0; i < header.tables; ++i) {
    Table t;
    t.name = name("table", tables);
    const auto columns = get<std::uint32_t>("a column count", t.name);
    if (columns == 0) fail("a table has no columns", t.name);
    if (columns > source->remaining() / min_column)
      fail("the column count " + std::to_string(columns) + " is more than the payload holds",
           t.name);
    t.columns.reserve(columns);
    bool has_pk = false;
    for (std::uint32_t k = 0; k < columns; ++k) {
      Column c;
      c.name = name("column", t.columns, t.name);
      const auto kind = get<std::uint8_t>("a column kind", t.name, c.name);
      if (kind < 1 || kind > 8) fail("unknown column kind " + std::to_string(kind), t.name, c.name);
      c.kind = static_cast<column_kind>(kind);
      c.flags = get<std::uint8_t>("column flags", t.name, c.name);
      c.precision = get<std::int32_t>("a precision", t.name, c.name);
      c.scale = get<std::int32_t>("a scale", t.name, c.name);
      c.references_table = str("a referenced table", t.name, c.name);
      c.referenced_column = get<std::uint32_t>("a referenced column", t.name, c.name);
      const auto on_delete = get<std::uint8_t>("an ON DELETE action", t.name, c.name);
      const auto on_update = get<std::uint8_t>("an ON UPDATE action", t.name, c.name);
      c.enforced = !(on_delete == unenforced && on_update == unenforced);
      if (c.enforced && (on_delete > 2 || on_update > 2))
        fail("unknown referential action", t.name, c.name);
      if (c.enforced) {
        c.on_delete = static_cast<action>(on_delete);
        c.on_update = static_cast<action>(on_update);
      }
      if (c.kind == column_kind::decimal) {
        if (c.precision < 1 || c.precision > 18 || c.scale < 0 || c.scale > c.precision)
          fail("DECIMAL(" + std::to_string(c.precision) + "," + std::to_string(c.scale) +
                   ") is not a valid decimal type",
               t.name, c.name);
      } else if (c.precision != 0 || c.scale != 0) {
        fail("a precision or scale on a column that is not DECIMAL", t.name, c.name);
      }
      if (c.has(primary_key)) {  // several: a composite primary key
        if (!(integer_kind(c.kind) || c.kind == column_kind::string) || c.has(nullable))
          fail("the primary key is not a NOT NULL integer or text column", t.name, c.name);
        if (!has_pk) t.pk = t.columns.size();
        has_pk = true;
      }
      if (c.has(foreign_key)) {
        if (!(integer_kind(c.kind) || c.kind == column_kind::string) || c.references_table.empty())
          fail("a foreign key that is not an integer or text column naming a table", t.name,
               c.name);
        if (c.enforced && (c.on_delete == action::set_null || c.on_update == action::set_null) &&
            !c.has(nullable))
          fail("SET NULL on a NOT NULL foreign key", t.name, c.name);
      } else if (!c.references_table.empty() || c.referenced_column != 0 || !c.enforced) {
        fail("a reference on a column that is not a foreign key", t.name, c.name);
      }
      t.columns.push_back(std::move(c));
    }
    if (!has_pk) fail("the table has no primary-key column", t.name);
    if (key_columns(t) > 1)
      for (const Column& c : t.columns)
        if (c.has(primary_key) && c.has(auto_increment))
          fail("auto_increment on a column of a composite primary key", t.name, c.name);
    if (header.version >= 2) read_constraints(t);
    t.next_id = get<std::int64_t>("the auto-increment counter", t.name);
    const auto exhausted = get<std::uint8_t>("the exhausted flag", t.name);
    if (exhausted > 1) fail("the exhausted flag is neither 0 nor 1", t.name);
    t.exhausted = exhausted == 1;
    t.rows = get<std::uint64_t>("a row count", t.name);
    tables.push_back(std::move(t));
  }
  for (const Table& t : tables) {
    for (const Column& c : t.columns) {
      if (!c.has(foreign_key)) continue;
      const Table* target = nullptr;
      for (const Table& o : tables)
        if (o.name == c.references_table) target = &o;
      if (!target)
        fail("references table " + to_printable(c.references_table) + ", which the snapshot lacks",
             t.name, c.name);
      if (c.referenced_column >= target->columns.size())
        fail("references column " + std::to_string(c.referenced_column) + " of " + target->name +
                 ", which has " + std::to_string(target->columns.size()),
             t.name, c.name);
      const Column& key = target->columns[c.referenced_column];
      const bool text = c.kind == column_kind::string;
      if ((text ? key.kind != column_kind::string : !integer_kind(key.kind)) ||
          !((key.has(primary_key) && key_columns(*target) == 1) || key.has(unique)))
        fail("references " + target->name + "." + key.name +
                 (text ? ", which is neither its primary key nor a unique text column"
                       : ", which is neither its primary key nor a unique integer column"),
             t.name, c.name);
    }
  }
  // Each table's rows take at least their minimum bytes: bound the counts now, so that no
  // reader reserves room for rows that cannot be there.
  std::uint64_t budget = source->remaining();
  for (const Table& t : tables) {
    std::uint64_t row = 0;
    for (const Column& c : t.columns) row += min_bytes(c);
    if (t.rows > budget / row)
      fail("the row count " + std::to_string(t.rows) + " is more than the payload holds", t.name);
    budget -= t.rows * row;
  }
}

/// Format version 2's table constraints, after the columns: the deleted_at column and the
/// composite unique constraints, each checked against the columns just read.
void Reader::Impl::read_constraints(Table& t) {
  const auto columns = static_cast<std::uint32_t>(t.columns.size());
  t.deleted_at = get<std::uint32_t>("the deleted_at column", t.name);
  if (t.deleted_at != no_column) {
    if (t.deleted_at >= columns)
      fail("the deleted_at column " + std::to_string(t.deleted_at) + " is not one of its " +
               std::to_string(columns) + " columns",
           t.name);
    const Column& c = t.columns[t.deleted_at];
    if (c.kind != column_kind::timestamp || !c.has(nullable) || c.has(primary_key))
      fail("the deleted_at column is not a nullable TIMESTAMP", t.name, c.name);
  }
  const auto groups = get<std::uint32_t>("a unique constraint count", t.name);
  // Each group takes at least its name's length, a count and one column.
  if (groups > source->remaining() / (8 + 4 + 4))
    fail(
        "the unique constraint count " + std::to_string(groups) + " is more than the payload holds",
        t.name);
  std::vector<bool> grouped(columns, false);
  t.unique_groups.reserve(groups);
  for (std::uint32_t i = 0; i < groups; ++i) {
    UniqueGroup g;
    g.name = name("unique constraint", t.unique_groups, t.name);
    const auto members = get<std::uint32_t>("a unique constraint's column count", t.name);
    if (members == 0 || members > columns)
      fail("unique constraint " + g.name + " has " + std::to_string(members) +
               " columns; the table has " + std::to_string(columns),
           t.name);
    g.columns.reserve(members);
    for (std::uint32_t k = 0; k < members; ++k) {
      const auto m = get<std::uint32_t>("a unique constraint's column", t.name);
      if (m >= columns)
        fail("unique constraint " + g.name + " names column " + std::to_string(m) +
                 " of a table with " + std::to_string(columns),
             t.name);
      if (k > 0 && m <= g.columns.back())
        fail("unique constraint " + g.name + " lists its columns out of order or twice", t.name);
      if (grouped[m]) fail("column " + t.columns[m].name + " is in two unique constraints", t.name);
      grouped[m] = true;
      g.columns.push_back(m);
    }
    t.unique_groups.push_back(std::move(g));
  }
}

Value Reader::Impl::value(const Table& t, const Column& c) {
  if (c.has(nullable)) {
    const auto present = get<std::uint8_t>("a presence byte", t.name, c.name);
    if (present > 1) fail("a presence byte is neither 0 nor 1", t.name, c.name);
    if (present == 0) return {};
  }
  switch (c.kind) {
    case column_kind::int64:
    case column_kind::enumeration:
      return get<std::int64_t>("a value", t.name, c.name);
    case column_kind::uint64:
      return get<std::uint64_t>("a value", t.name, c.name);
    case column_kind::float64: {
      const auto d = get<double>("a value", t.name, c.name);
      if (std::isnan(d)) fail("NaN is never stored", t.name, c.name);
      return d;
    }
    case column_kind::boolean: {
      const auto b = get<std::uint8_t>("a value", t.name, c.name);
      if (b > 1) fail("a boolean is neither 0 nor 1", t.name, c.name);
      return b == 1;
    }
    case column_kind::string:
      return str("a string", t.name, c.name);
    case column_kind::decimal: {
      const auto units = get<std::int64_t>("a value", t.name, c.name);
      std::int64_t limit = 1;  // 10^precision: precision is 1..18, checked with the schema
      for (int i = 0; i < c.precision; ++i) limit *= 10;
      if (units <= -limit || units >= limit)
        fail(std::to_string(units) + " units do not fit " + type_name(c), t.name, c.name);
      return DecimalValue{units, c.scale};
    }
    case column_kind::timestamp: {
      const Timestamp ts{get<std::int64_t>("a value", t.name, c.name)};
      if (!ts.in_range()) fail("a timestamp outside years 0001..9999", t.name, c.name);
      return ts;
    }
  }
  fail("unknown column kind", t.name, c.name);
}

Reader::Reader(std::span<const char> file) : impl_(std::make_unique<Impl>()) {
  auto& r = *impl_;
  r.file = file;
  r.check_frame();
  r.source = std::make_unique<SpanSource>(file, header_size);
  r.ar = std::make_unique<boost::archive::binary_iarchive>(*r.source, archive_flags);
  r.read_schema();
  r.rows_left = r.tables.empty() ? 0 : r.tables[0].rows;
}

Reader::~Reader() = default;

const Header& Reader::header() const noexcept {
  return impl_->header;
}
const std::vector<Table>& Reader::tables() const noexcept {
  return impl_->tables;
}
std::uint64_t Reader::offset() const noexcept {
  return impl_->source->offset();
}

bool Reader::next(std::size_t& table, std::vector<Value>& row) {
  auto& r = *impl_;
  while (r.rows_left == 0) {
    if (r.table >= r.tables.size()) return false;
    if (++r.table == r.tables.size()) {
      if (r.source->remaining() != 0)
        r.fail(std::to_string(r.source->remaining()) + " bytes follow the last row");
      return false;
    }
    r.rows_left = r.tables[r.table].rows;
    r.row_number = 0;
  }
  const Table& t = r.tables[r.table];
  row.resize(t.columns.size());
  for (std::size_t k = 0; k < t.columns.size(); ++k) row[k] = r.value(t, t.columns[k]);
  --r.rows_left;
  ++r.row_number;
  table = r.table;
  return true;
}

// ---------------------------------------------------------------------------- verify

std::vector<std::string> verify(Reader& r, std::size_t limit,
                                void (*progress)(std::uint64_t, void*), void* context) {
  const auto& tables = r.tables();
  std::vector<std::string> problems;
  auto say = [&](std::string s) {
    if (problems.size() < limit) problems.push_back(std::move(s));
  };
  // Per table and column: the integer keys (primary key, unique integer columns) and the
  // other unique values seen, as text.
  std::vector<std::vector<std::unordered_set<std::int64_t>>> keys(tables.size());
  std::vector<std::vector<std::unordered_set<std::string>>> values(tables.size());
  struct Pending {
    std::size_t table, column;
    Value value;
    std::string row_key;  // as a sentence shows it
  };
  std::vector<Pending> references;
  // Per table and unique group: the groups' values seen, as text (rows with a NULL in the
  // group never collide).
  std::vector<std::vector<std::unordered_set<std::string>>> groups(tables.size());
  // Per table: its primary-key columns, and for a composite key the keys seen.
  std::vector<std::vector<std::uint32_t>> key_of(tables.size());
  std::vector<std::unordered_set<std::string>> composite_keys(tables.size());
  for (std::size_t i = 0; i < tables.size(); ++i) {
    keys[i].resize(tables[i].columns.size());
    values[i].resize(tables[i].columns.size());
    groups[i].resize(tables[i].unique_groups.size());
    for (std::uint32_t k = 0; k < tables[i].columns.size(); ++k)
      if (tables[i].columns[k].has(primary_key)) key_of[i].push_back(k);
  }
  std::size_t t = 0;
  std::vector<Value> row;
  std::uint64_t n = 0;
  while (r.next(t, row)) {
    if (progress && (++n & 0xFFFF) == 0) progress(n, context);
    const Table& table = tables[t];
    const std::vector<std::uint32_t>& key = key_of[t];
    const bool composite = key.size() > 1;
    auto row_key = [&] {  // as sentences show it
      return composite ? value_list(row, key) : to_display(row[table.pk]);
    };
    if (composite && !composite_keys[t].insert(tuple_entry(row, key)).second)
      say(table.name + ": primary key " + name_list(table, key) + " holds " + row_key() + " twice");
    for (std::size_t k = 0; k < table.columns.size(); ++k) {
      const Column& c = table.columns[k];
      const Value& v = row[k];
      if (std::holds_alternative<std::monostate>(v)) continue;
      if ((c.has(primary_key) && !composite) || c.has(unique)) {
        const bool fresh = integer_kind(c.kind) ? keys[t][k].insert(as_key(v)).second
                                                : values[t][k].insert(to_display(v)).second;
        if (!fresh)
          say(table.name + ": " + (c.has(primary_key) ? "primary key " : "unique column ") +
              c.name + " holds " + to_display(v) + " twice");
      }
      if (c.has(foreign_key) && c.enforced) references.push_back({t, k, v, row_key()});
    }
    for (std::size_t g = 0; g < table.unique_groups.size(); ++g) {
      const UniqueGroup& group = table.unique_groups[g];
      const bool has_null = std::any_of(group.columns.begin(), group.columns.end(), [&](auto m) {
        return std::holds_alternative<std::monostate>(row[m]);
      });
      if (has_null || groups[t][g].insert(tuple_entry(row, group.columns)).second) continue;
      say(table.name + ": unique columns " + name_list(table, group.columns) + " hold " +
          value_list(row, group.columns) + " twice");
    }
  }
  for (const Pending& p : references) {
    const Table& table = tables[p.table];
    const Column& c = table.columns[p.column];
    std::size_t target = 0;
    while (tables[target].name != c.references_table) ++target;
    const bool found = integer_kind(c.kind)
                           ? keys[target][c.referenced_column].contains(as_key(p.value))
                           : values[target][c.referenced_column].contains(to_display(p.value));
    if (!found)
      say(table.name + ": row " + p.row_key + ": " + c.name + " = " + to_display(p.value) +
          " references no row of " + c.references_table);
  }
  return problems;
}

std::uint64_t bytes_worth_reading(std::string_view head) noexcept {
  const std::size_t n = std::min(head.size(), sizeof magic);
  if (std::memcmp(head.data(), magic, n) != 0) return head.size();
  if (head.size() < header_size) return header_size;
  if (checksum(head.data(), 40) != take<std::uint64_t>(head.data() + 40)) return head.size();
  const auto payload = take<std::uint64_t>(head.data() + 24);
  const std::uint64_t most = std::numeric_limits<std::uint64_t>::max() - header_size - 1;
  return header_size + std::min(payload, most) + 1;
}

}  // namespace relata::detail::snapshot
