// Snapshots of a Store: encoding every table through the erased interface, loading by
// matching stored tables and columns to the models by name into a fresh Store (swapped in
// only when every check passed), and the atomic write of a file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <istream>
#include <iterator>
#include <ostream>

#include "relata/detail/snapshot_format.hpp"
#include "relata/detail/snapshot_io.hpp"
#include "relata/error.hpp"

namespace relata::detail {

// ---------------------------------------------------------------------------- encode

namespace {

snapshot::Column stored_column(const ColumnInfo& c) {
  snapshot::Column s;
  s.name = c.name;
  s.kind = c.kind;
  using snapshot::flag;
  s.flags = static_cast<std::uint8_t>(
      (c.nullable ? flag::nullable : 0) | (c.primary_key ? flag::primary_key : 0) |
      (c.auto_increment ? flag::auto_increment : 0) | (c.unique ? flag::unique : 0) |
      (c.indexed ? flag::indexed : 0) | (c.foreign_key ? flag::foreign_key : 0) |
      (c.created_at ? flag::created_at : 0) | (c.updated_at ? flag::updated_at : 0));
  s.precision = c.precision;
  s.scale = c.scale;
  if (c.foreign_key) {
    s.references_table = c.references_table;
    s.referenced_column = static_cast<std::uint32_t>(c.referenced_column);
    s.on_delete = c.on_delete;
    s.on_update = c.on_update;
    s.enforced = c.enforced;
  }
  return s;
}

}  // namespace

std::string encode_snapshot(const Store& store) {
  store.require_outside_statement("save");
  std::vector<snapshot::Table> schema;
  for (const TableBase* t : store.tables()) {
    snapshot::Table s;
    s.name = t->name();
    const auto& columns = t->columns();
    for (std::uint32_t k = 0; k < columns.size(); ++k) {
      const ColumnInfo& c = columns[k];
      s.columns.push_back(stored_column(c));
      if (c.deleted_at) s.deleted_at = k;
      if (c.unique_group == k)  // a group's leader: its first column, which names it
        s.unique_groups.push_back({std::string(c.unique_group_name), {k}});
      else if (c.unique_group != ColumnInfo::no_group)
        for (auto& g : s.unique_groups)
          if (g.columns.front() == c.unique_group) g.columns.push_back(k);
    }
    s.next_id = t->next_id();
    s.exhausted = t->exhausted();
    s.rows = t->size();
    s.pk = t->pk_column();
    schema.push_back(std::move(s));
  }
  // Reserve what the rows take: fixed-size values, plus a guess for each string.
  std::size_t hint = 0;
  for (const auto& s : schema) {
    std::size_t row = 0;
    for (const auto& c : s.columns)
      row += (c.has(snapshot::flag::nullable) ? 1 : 0) + (c.kind == column_kind::boolean  ? 1
                                                          : c.kind == column_kind::string ? 24
                                                                                          : 8);
    hint += static_cast<std::size_t>(s.rows) * row;
  }
  snapshot::Writer w(schema, hint);
  for (std::size_t i = 0; i < schema.size(); ++i) {
    const TableBase& t = *store.tables()[i];
    const auto& stored = schema[i].columns;
    t.for_each_row([&](const void* row) {
      for (std::size_t k = 0; k < stored.size(); ++k) w.value(stored[k], t.columns()[k].get(row));
    });
  }
  return w.finish();
}

// ---------------------------------------------------------------------------- load

namespace {

/// How the columns of one stored table reach a model's table.
struct Mapping {
  TableBase* table = nullptr;          // nullptr: the model is gone (rows go to `dropped`)
  std::vector<std::ptrdiff_t> source;  // per model column: the stored column, or -1
  std::vector<const std::function<Value(const Value&)>*> convert;  // per model column
  const std::function<void(std::span<const std::string>, std::span<const Value>)>* dropped =
      nullptr;
  std::vector<std::string> stored_names;  // for `dropped`
};

bool same_type(const snapshot::Column& s, const ColumnInfo& m) {
  return s.kind == m.kind && s.precision == m.precision && s.scale == m.scale &&
         !(s.has(snapshot::flag::nullable) && !m.nullable);
}

std::string model_type(const ColumnInfo& m) {
  snapshot::Column c;
  c.kind = m.kind;
  c.precision = m.precision;
  c.scale = m.scale;
  return snapshot::type_name(c) + (m.nullable ? "" : " NOT NULL");
}

Mapping map_table(Store& fresh, const snapshot::Table& st, const LoadOptions& options) {
  Mapping m;
  m.table = fresh.table_named(st.name);
  if (!m.table) {
    auto it = options.dropped.find(st.name);
    if (it != options.dropped.end()) {
      m.dropped = &it->second;
      for (const auto& c : st.columns) m.stored_names.push_back(c.name);
    } else if (st.rows != 0) {
      throw SnapshotError("snapshot table " + st.name + " holds " + std::to_string(st.rows) +
                              " rows and the program defines no such table: pass "
                              "LoadOptions::dropped[\"" +
                              st.name + "\"] to accept losing them",
                          SnapshotError::npos, st.name);
    }
    return m;
  }
  const auto& columns = m.table->columns();
  m.source.assign(columns.size(), -1);
  m.convert.assign(columns.size(), nullptr);
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const ColumnInfo& mc = columns[j];
    for (std::size_t k = 0; k < st.columns.size(); ++k) {
      if (st.columns[k].name != mc.name) continue;
      m.source[j] = static_cast<std::ptrdiff_t>(k);
      const snapshot::Column& sc = st.columns[k];
      const std::string key = st.name + "." + mc.name;
      if (auto it = options.convert.find(key); it != options.convert.end()) {
        m.convert[j] = &it->second;
      } else if (!same_type(sc, mc)) {
        throw SnapshotError("snapshot column " + key + " is " + snapshot::type_name(sc) +
                                (sc.has(snapshot::flag::nullable) ? "" : " NOT NULL") +
                                ", the model's is " + model_type(mc) +
                                ": pass LoadOptions::convert[\"" + key + "\"] to convert it",
                            SnapshotError::npos, st.name, mc.name);
      }
    }
    if (mc.primary_key && m.source[j] < 0 && st.rows != 0)
      throw SnapshotError(
          "snapshot table " + st.name + " has no column " + mc.name + ", the model's primary key",
          SnapshotError::npos, st.name, mc.name);
  }
  return m;
}

[[noreturn]] void rethrow_at(const SnapshotError& e, std::uint64_t offset, std::uint64_t row) {
  throw SnapshotError("snapshot row " + std::to_string(row) + " ending at offset " +
                          std::to_string(offset) + ": " + e.what(),
                      offset, e.table(), e.column());
}

/// Runs `f`, one of the program's LoadOptions functions, as a program callback: it may
/// read the database (its contents before the load) but not write it, load or save — a
/// write would land in tables the load is about to replace, and be heard by listeners
/// though it never happened. What it throws becomes a SnapshotError naming it (`option`,
/// `key`), so that the load reports where it stopped; a misuse passes as it is.
template <class F>
decltype(auto) load_callback(WriteContext& cx, const char* option, const std::string& table,
                             const std::string& column, F&& f) {
  const auto fail = [&](const char* what) {
    const std::string key = column.empty() ? table : table + "." + column;
    return SnapshotError("LoadOptions::" + std::string(option) + "[\"" + key + "\"] threw: " + what,
                         SnapshotError::npos, table, column);
  };
  try {
    return cx.callback(std::forward<F>(f));
  } catch (const Error& e) {
    if (e.code() == errc::misuse) throw;
    throw fail(e.what());
  } catch (const std::exception& e) {
    throw fail(e.what());
  }
}

}  // namespace

void load_snapshot(Store& store, std::string_view bytes, const LoadOptions& options) {
  store.require_quiet("load");
  snapshot::Reader reader(std::span<const char>(bytes.data(), bytes.size()));
  Store fresh = store.fresh();
  const auto& tables = reader.tables();
  std::vector<Mapping> maps;
  maps.reserve(tables.size());
  for (const auto& st : tables) {
    maps.push_back(map_table(fresh, st, options));
    if (maps.back().table) maps.back().table->load_reserve(static_cast<std::size_t>(st.rows));
  }
  std::vector<Value> row, values;
  std::vector<std::uint8_t> given;
  std::size_t t = 0;
  std::uint64_t number = 0;
  WriteContext cx = store.context();
  while (reader.next(t, row)) {
    ++number;
    const Mapping& m = maps[t];
    if (m.dropped) {
      try {
        load_callback(cx, "dropped", tables[t].name, {},
                      [&] { (*m.dropped)(m.stored_names, row); });
      } catch (const SnapshotError& e) {
        rethrow_at(e, reader.offset(), number);
      }
      continue;
    }
    if (!m.table) continue;
    const auto& columns = m.table->columns();
    values.resize(columns.size());
    given.assign(columns.size(), 0);
    try {
      for (std::size_t j = 0; j < columns.size(); ++j) {
        if (m.source[j] < 0) continue;
        Value& v = values[j];
        v = std::move(row[static_cast<std::size_t>(m.source[j])]);
        if (m.convert[j])
          v = load_callback(cx, "convert", tables[t].name, columns[j].name,
                            [&] { return (*m.convert[j])(v); });
        given[j] = 1;
        if (std::holds_alternative<std::monostate>(v) && !columns[j].nullable)
          throw SnapshotError(tables[t].name + "." + columns[j].name +
                                  " = NULL, and the model's column is NOT NULL",
                              SnapshotError::npos, tables[t].name, columns[j].name);
      }
      m.table->load_row(values, given);
    } catch (const SnapshotError& e) {
      rethrow_at(e, reader.offset(), number);
    }
  }
  for (std::size_t i = 0; i < tables.size(); ++i)
    if (maps[i].table) maps[i].table->load_counter(tables[i].next_id, tables[i].exhausted);
  std::vector<std::string> problems;
  for (const TableBase* table : fresh.tables()) table->load_check(problems);
  if (!problems.empty()) {
    std::string message = "snapshot breaks a constraint: " + problems.front();
    if (problems.size() > 1) message += " (and " + std::to_string(problems.size() - 1) + " more)";
    throw SnapshotError(std::move(message));
  }
  store.replace_tables(std::move(fresh));
}

// ---------------------------------------------------------------------------- files

namespace {
/// Reads a source through `read(at, n)` (the bytes read; 0 at its end) in growing chunks,
/// into a buffer first sized `expected`. `bounded`: no further than the frame found says is
/// worth reading (snapshot::bytes_worth_reading), for a source that may not end.
template <class Read>
std::string read_chunks(Read&& read, std::size_t expected, bool bounded) {
  std::string out(expected, '\0');
  std::size_t done = 0;
  std::uint64_t limit = bounded ? snapshot::header_size : std::numeric_limits<std::uint64_t>::max();
  while (done < limit) {
    if (done == out.size()) {
      const std::uint64_t grow = std::max<std::size_t>(out.size() * 2, 1 << 16);
      out.resize(static_cast<std::size_t>(std::min(grow, limit)));
    }
    const std::size_t got = read(out.data() + done, out.size() - done);
    if (got == 0) break;
    done += got;
    if (bounded)
      limit = std::max<std::uint64_t>(done, snapshot::bytes_worth_reading({out.data(), done}));
  }
  out.resize(done);
  return out;
}

std::function<int(std::string_view)>& save_fault() {
  static std::function<int(std::string_view)> fault;
  return fault;
}

/// Runs one system call of a save, after the test hook; returns its result with errno set.
template <class F>
auto step(std::string_view name, F&& call) -> decltype(call()) {
  if (auto& fault = save_fault()) {
    if (int e = fault(name)) {
      errno = e;
      return -1;
    }
  }
  return call();
}

/// 0666 less the process's umask (read once: reading it means setting it).
mode_t new_file_mode() {
  static const mode_t mode = [] {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return static_cast<mode_t>(0666 & ~mask);
  }();
  return mode;
}

[[noreturn]] void throw_io(const std::filesystem::path& file, std::string_view what, int e) {
  throw SnapshotError("cannot save " + file.string() + ": " + std::string(what) + ": " +
                      std::strerror(e));
}

}  // namespace

void set_save_fault(std::function<int(std::string_view)> fault) {
  save_fault() = std::move(fault);
}

void write_snapshot_file(const std::filesystem::path& file, std::string_view bytes,
                         const SaveOptions& options) {
  const std::filesystem::path dir =
      file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  std::string temp = (dir / ("." + file.filename().string() + ".tmp-XXXXXX")).string();
  int fd = step("open", [&] { return ::mkstemp(temp.data()); });
  if (fd < 0) throw_io(file, "creating a temporary file in " + dir.string(), errno);
  auto fail = [&](std::string_view what) {
    const int e = errno;
    if (fd >= 0) ::close(fd);
    ::unlink(temp.c_str());
    throw_io(file, what, e);
  };
  // mkstemp creates the file 0600: give it the mode of the file it replaces, or what a new
  // file of this process would get.
  struct stat old {};
  const mode_t mode = ::stat(file.c_str(), &old) == 0 ? (old.st_mode & 07777) : new_file_mode();
  if (::fchmod(fd, mode) != 0) fail("setting the file's permissions");
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n =
        step("write", [&] { return ::write(fd, bytes.data() + done, bytes.size() - done); });
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      fail("writing");
    }
    done += static_cast<std::size_t>(n);
  }
  if (step("fsync", [&] { return ::fsync(fd); }) != 0) fail("flushing to disk");
  const int closed = step("close", [&] { return ::close(fd); });
  fd = -1;
  if (closed != 0) fail("closing");
  if (options.keep_previous && std::filesystem::exists(file)) {
    const std::string prev = file.string() + ".prev";
    const std::string staged = temp + ".prev";
    // Link the old file under a staged name, then rename it over <file>.prev: the old
    // .prev is replaced in one step and the target itself is never touched.
    if (step("link", [&] { return ::link(file.c_str(), staged.c_str()); }) != 0)
      fail("keeping the previous snapshot");
    if (step("rename", [&] { return ::rename(staged.c_str(), prev.c_str()); }) != 0) {
      const int e = errno;
      ::unlink(staged.c_str());
      errno = e;
      fail("keeping the previous snapshot");
    }
  }
  if (step("rename", [&] { return ::rename(temp.c_str(), file.c_str()); }) != 0)
    fail("replacing the file");
  // The new file is in place; make the rename itself durable.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  const int synced = dfd < 0 ? -1 : step("fsync directory", [&] { return ::fsync(dfd); });
  const int e = errno;
  if (dfd >= 0) ::close(dfd);
  if (synced != 0)
    throw SnapshotError("saved " + file.string() + ", but flushing its directory failed (" +
                        std::strerror(e) + "): a crash now may bring back the old file");
}

std::string read_snapshot_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0) throw SnapshotError("cannot load " + file.string() + ": " + std::strerror(errno));
  auto fail = [&](int e) {
    ::close(fd);
    throw SnapshotError("cannot load " + file.string() + ": " + std::strerror(e));
  };
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail(errno);
  // A regular file is read whole, straight into a buffer of its size; anything else (a
  // pipe, a device) no further than its frame is worth reading.
  const bool regular = S_ISREG(st.st_mode);
  std::string out = read_chunks(
      [&](char* at, std::size_t n) {
        for (;;) {
          const ssize_t got = ::read(fd, at, n);
          if (got >= 0) return static_cast<std::size_t>(got);
          if (errno != EINTR) fail(errno);
        }
      },
      regular ? static_cast<std::size_t>(st.st_size) : 0, !regular);
  ::close(fd);
  return out;
}

void write_snapshot_stream(std::ostream& out, std::string_view bytes) {
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) throw SnapshotError("cannot save: the output stream failed");
}

std::string read_snapshot_stream(std::istream& in) {
  // The stream buffer is read directly: its end sets no state on the stream, so a stream
  // whose exceptions() include failbit still loads. A stream may not end: it is read no
  // further than its frame is worth reading.
  std::streambuf* buffer = in.rdbuf();
  if (!in.good() || !buffer) throw SnapshotError("cannot load: the input stream failed");
  try {
    return read_chunks(
        [&](char* at, std::size_t n) {
          return static_cast<std::size_t>(buffer->sgetn(at, static_cast<std::streamsize>(n)));
        },
        0, true);
  } catch (const std::exception& e) {  // a failing stream buffer (a directory, an I/O error)
    throw SnapshotError(std::string("cannot load: the input stream failed: ") + e.what());
  }
}

}  // namespace relata::detail
