// relata export FILE --sqlite OUT.db: the snapshot's tables with their primary keys, unique
// columns and groups, indices and foreign keys (with their actions), and every row, in one
// transaction. DECIMAL and TIMESTAMP become TEXT holding the exact value and ISO 8601.
#include <sqlite3.h>

#include <filesystem>
#include <iostream>
#include <limits>
#include <stdexcept>

#include "export.hpp"

namespace relata_cli {
namespace {

const char* sqlite_type(const snap::Column& c) {
  switch (c.kind) {
    case relata::column_kind::float64:
      return "REAL";
    case relata::column_kind::string:
    case relata::column_kind::decimal:
    case relata::column_kind::timestamp:
      return "TEXT";
    default:
      return "INTEGER";
  }
}

class Sqlite {
 public:
  explicit Sqlite(const std::string& path) : path_(path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK)
      fail("cannot open");
  }
  ~Sqlite() {
    for (auto* s : statements_) sqlite3_finalize(s);
    sqlite3_close(db_);
    if (!committed_) std::filesystem::remove(path_);
  }
  void exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
  }
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) fail(sql);
    statements_.push_back(s);
    return s;
  }
  void step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) fail("insert");
    sqlite3_reset(s);
  }
  void commit() {
    exec("COMMIT");
    committed_ = true;
  }
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("SQLite export to " + path_ + " failed at " + what + ": " +
                             sqlite3_errmsg(db_));
  }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
  bool committed_ = false;
};

/// Binds value `k` of a row of table `t` to parameter k + 1 of `s`.
void bind_value(Sqlite& db, sqlite3_stmt* s, const snap::Table& t, std::size_t k,
                const relata::Value& v) {
  const int i = static_cast<int>(k + 1);
  int rc = SQLITE_OK;
  if (std::holds_alternative<std::monostate>(v)) {
    rc = sqlite3_bind_null(s, i);
  } else if (auto* n = std::get_if<std::int64_t>(&v)) {
    rc = sqlite3_bind_int64(s, i, *n);
  } else if (auto* u = std::get_if<std::uint64_t>(&v)) {
    // SQLite's integers are 64-bit signed: bound as text, a larger one would be stored as a
    // REAL, rounded (18446744073709551615 became 1.84467440737096e+19).
    if (*u > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
      throw std::runtime_error("cannot export " + t.name + "." + t.columns[k].name + " = " +
                               std::to_string(*u) +
                               " to SQLite, whose integers stop at 9223372036854775807 (the "
                               "PostgreSQL export keeps it, as NUMERIC(20,0))");
    rc = sqlite3_bind_int64(s, i, static_cast<sqlite3_int64>(*u));
  } else if (auto* d = std::get_if<double>(&v)) {
    rc = sqlite3_bind_double(s, i, *d);
  } else if (auto* b = std::get_if<bool>(&v)) {
    rc = sqlite3_bind_int(s, i, *b ? 1 : 0);
  } else {
    const std::string text = to_text(v);
    rc = sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  if (rc != SQLITE_OK) db.fail("binding a value");
}

}  // namespace

int export_sqlite(snap::Reader& r, const std::string& out) {
  if (std::filesystem::exists(out))
    throw std::runtime_error(out + " exists: export writes a new database");
  Sqlite db(out);
  db.exec("BEGIN");
  for (const auto& t : r.tables()) {
    std::string sql = "CREATE TABLE " + quoted(t.name) + " (";
    const snap::UniqueGroup key = primary_key_of(t);
    const bool composite = key.columns.size() > 1;  // a table constraint, below
    for (std::size_t k = 0; k < t.columns.size(); ++k) {
      const auto& c = t.columns[k];
      const bool sole_key = c.has(snap::primary_key) && !composite;
      sql += (k ? ", " : "") + quoted(c.name) + " " + sqlite_type(c);
      if (sole_key) sql += " PRIMARY KEY";
      // INTEGER PRIMARY KEY is the rowid, never NULL; another key needs NOT NULL said
      // (SQLite lets NULL into a TEXT or composite PRIMARY KEY).
      if (!c.has(snap::nullable) && (!sole_key || c.kind == relata::column_kind::string))
        sql += " NOT NULL";
      if (c.has(snap::unique)) sql += " UNIQUE";
      if (c.has(snap::foreign_key) && c.enforced)  // a weak reference: an index only
        sql += " REFERENCES " + quoted(c.references_table) + "(" +
               quoted(referenced(r, c).columns[c.referenced_column].name) + ") ON DELETE " +
               snap::action_name(c.on_delete) + " ON UPDATE " + snap::action_name(c.on_update);
    }
    if (composite) sql += ", PRIMARY KEY " + column_list(t, key, true);
    for (const auto& g : t.unique_groups) sql += ", UNIQUE " + column_list(t, g, true);
    db.exec(sql + ")");
    for (const auto& c : t.columns)
      if (c.has(snap::indexed) || (c.has(snap::foreign_key) && !c.has(snap::unique)))
        db.exec("CREATE INDEX " + quoted(t.name + "_" + c.name) + " ON " + quoted(t.name) + "(" +
                quoted(c.name) + ")");
  }
  std::vector<sqlite3_stmt*> inserts;
  std::uint64_t total = 0;
  for (const auto& t : r.tables()) {
    std::string sql = "INSERT INTO " + quoted(t.name) + " VALUES (";
    for (std::size_t k = 0; k < t.columns.size(); ++k) sql += k ? ", ?" : "?";
    inserts.push_back(db.prepare(sql + ")"));
    total += t.rows;
  }
  Progress progress("export", total);
  std::size_t t = 0;
  std::vector<relata::Value> row;
  std::uint64_t n = 0;
  while (r.next(t, row)) {
    for (std::size_t k = 0; k < row.size(); ++k)
      bind_value(db, inserts[t], r.tables()[t], k, row[k]);
    db.step(inserts[t]);
    if ((++n & 0xFFFF) == 0) Progress::report(n, &progress);
  }
  progress.done();
  db.commit();
  std::cout << "exported " << r.tables().size() << " tables, " << n << " rows to " << out << "\n";
  return 0;
}

}  // namespace relata_cli
