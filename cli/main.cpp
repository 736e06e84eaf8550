// relata — the command line over snapshot files. It reads the self-describing format
// (docs/snapshot-format.md) and needs none of the program's model headers.
//
//   relata inspect FILE                      tables, columns, keys, counts, format
//   relata verify FILE                       frame, checksums and every constraint
//   relata dump FILE [--table T] [--json]    rows as text or JSON lines
//   relata export FILE --sqlite OUT.db       a SQLite database with the same schema and rows
//   relata export FILE --postgres CONNINFO   the same into PostgreSQL, in one transaction
//
// Errors are one line on stderr and a non-zero exit status.
#include <sqlite3.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "export.hpp"
#include "relata/detail/json_values.hpp"
#include "relata/detail/snapshot_format.hpp"
#include "relata/detail/snapshot_io.hpp"
#include "relata/error.hpp"

namespace snap = relata::detail::snapshot;

namespace {

std::uint64_t total_rows(const snap::Reader& r) {
  std::uint64_t n = 0;
  for (const auto& t : r.tables()) n += t.rows;
  return n;
}

int inspect(const std::string& file) {
  const std::string bytes = relata::detail::read_snapshot_file(file);
  snap::Reader r({bytes.data(), bytes.size()});
  const auto& h = r.header();
  std::cout << file << ": relata snapshot, format version " << h.version << ", " << bytes.size()
            << " bytes, Boost archive version " << h.archive_version << ", payload checksum XXH3 "
            << std::hex << h.payload_checksum << std::dec << "\n"
            << r.tables().size() << " tables, " << total_rows(r) << " rows\n";
  for (const auto& t : r.tables()) {
    std::cout << "\ntable " << t.name << ": " << t.rows << " rows";
    const snap::UniqueGroup key = relata_cli::primary_key_of(t);
    const bool composite = key.columns.size() > 1;
    // A text or composite key has no counter.
    if (t.columns[t.pk].kind != relata::column_kind::string && !composite)
      std::cout << ", next id " << t.next_id << (t.exhausted ? " (exhausted)" : "");
    std::cout << "\n";
    for (std::uint32_t k = 0; k < t.columns.size(); ++k) {
      const auto& c = t.columns[k];
      std::cout << "  " << c.name << " " << snap::type_name(c);
      if (!c.has(snap::nullable)) std::cout << " NOT NULL";
      if (c.has(snap::primary_key) && !composite) std::cout << " PRIMARY KEY";
      if (c.has(snap::auto_increment)) std::cout << " AUTO_INCREMENT";
      if (c.has(snap::unique)) std::cout << " UNIQUE";
      if (c.has(snap::indexed)) std::cout << " INDEXED";
      if (c.has(snap::created_at)) std::cout << " CREATED_AT";
      if (c.has(snap::updated_at)) std::cout << " UPDATED_AT";
      if (k == t.deleted_at) std::cout << " DELETED_AT";
      if (c.has(snap::foreign_key)) {
        const auto& target = relata_cli::referenced(r, c);
        std::cout << " REFERENCES " << c.references_table << "("
                  << target.columns[c.referenced_column].name << ")";
        if (c.enforced)
          std::cout << " ON DELETE " << snap::action_name(c.on_delete) << " ON UPDATE "
                    << snap::action_name(c.on_update);
        else
          std::cout << " NOT ENFORCED";
      }
      std::cout << "\n";
    }
    if (composite) std::cout << "  PRIMARY KEY " << relata_cli::column_list(t, key) << "\n";
    for (const auto& g : t.unique_groups)
      std::cout << "  UNIQUE " << g.name << " " << relata_cli::column_list(t, g) << "\n";
  }
  return 0;
}

int verify(const std::string& file) {
  const std::string bytes = relata::detail::read_snapshot_file(file);
  snap::Reader r({bytes.data(), bytes.size()});
  relata_cli::Progress progress("verify", total_rows(r));
  const auto problems = snap::verify(r, 20, &relata_cli::Progress::report, &progress);
  progress.done();
  if (!problems.empty()) {
    for (const auto& p : problems) std::cerr << "relata: " << file << ": " << p << "\n";
    return 1;
  }
  std::cout << file << ": sound (" << r.tables().size() << " tables, " << total_rows(r)
            << " rows; frame, checksums, keys and foreign keys checked)\n";
  return 0;
}

int dump(const std::string& file, const std::string& only, bool json) {
  const std::string bytes = relata::detail::read_snapshot_file(file);
  snap::Reader r({bytes.data(), bytes.size()});
  if (!only.empty()) {
    bool found = false;
    for (const auto& t : r.tables()) found = found || t.name == only;
    if (!found) throw CLI::ValidationError("--table", "the snapshot has no table " + only);
  }
  std::size_t t = 0, last = ~std::size_t{0};
  std::vector<relata::Value> row;
  while (r.next(t, row)) {
    const auto& table = r.tables()[t];
    if (!only.empty() && table.name != only) continue;
    if (json) {
      boost::json::object o;
      for (std::size_t k = 0; k < row.size(); ++k)
        o[table.columns[k].name] = relata::detail::to_json(row[k]);
      if (only.empty())
        std::cout << relata::to_string(boost::json::object{{"table", table.name}, {"row", o}});
      else
        std::cout << relata::to_string(o);
      std::cout << "\n";
      continue;
    }
    if (t != last) {
      std::cout << (last == ~std::size_t{0} ? "" : "\n") << "== " << table.name << " ("
                << table.rows << " rows)\n";
      for (std::size_t k = 0; k < table.columns.size(); ++k)
        std::cout << (k ? "\t" : "") << table.columns[k].name;
      std::cout << "\n";
      last = t;
    }
    for (std::size_t k = 0; k < row.size(); ++k)
      std::cout << (k ? "\t" : "") << relata_cli::to_text(row[k]);
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"relata: inspect, verify, dump and export relata snapshot files"};
  app.require_subcommand(1);
  std::string file, table, sqlite_out, postgres;
  bool json = false;

  auto* inspect_cmd = app.add_subcommand("inspect", "tables, columns, keys and row counts");
  inspect_cmd->add_option("FILE", file, "snapshot file")->required();
  auto* verify_cmd =
      app.add_subcommand("verify", "check frame, checksums and every constraint (exit 0 if sound)");
  verify_cmd->add_option("FILE", file, "snapshot file")->required();
  auto* dump_cmd = app.add_subcommand("dump", "print rows as text or JSON lines");
  dump_cmd->add_option("FILE", file, "snapshot file")->required();
  dump_cmd->add_option("--table", table, "only this table");
  dump_cmd->add_flag("--json", json, "one JSON object per line");
  auto* export_cmd = app.add_subcommand("export", "copy schema and rows into SQLite or PostgreSQL");
  export_cmd->add_option("FILE", file, "snapshot file")->required();
  auto* to_sqlite = export_cmd->add_option("--sqlite", sqlite_out, "new SQLite database file");
  auto* to_postgres = export_cmd->add_option("--postgres", postgres,
                                             "libpq connection string of an empty database");
  to_sqlite->excludes(to_postgres);
  export_cmd->callback([&] {
    if (sqlite_out.empty() && postgres.empty())
      throw CLI::ValidationError("export", "give --sqlite OUT.db or --postgres CONNINFO");
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (*inspect_cmd) return inspect(file);
    if (*verify_cmd) return verify(file);
    if (*dump_cmd) return dump(file, table, json);
    if (*export_cmd) {
      const std::string bytes = relata::detail::read_snapshot_file(file);
      snap::Reader r({bytes.data(), bytes.size()});
      if (!sqlite_out.empty()) return relata_cli::export_sqlite(r, sqlite_out);
      return relata_cli::export_postgres(r, postgres);
    }
  } catch (const std::exception& e) {
    std::cerr << "relata: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
