// libFuzzer target: Database::load over arbitrary bytes. The first input byte chooses the
// form: even — the rest is a whole file (the frame's checks meet it first); odd — the
// second byte is a table count and the rest a payload, wrapped in a valid frame with correct
// checksums, so that the decoder itself meets the damage (bit 1 of the first byte set: a
// format version 1 frame, else the current version's). Either way a load must end in a
// SnapshotError with the database unchanged, or in a database whose check() is clean; any
// other exception, crash or sanitizer report is a defect. Built and run by scripts/test.sh
// (seeded with the inventory and guild examples' snapshots), or by hand:
//
//   cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DRELATA_FUZZ=ON
//   cmake --build build/fuzz --target fuzz_snapshot
//   build/fuzz/tests/fuzz_snapshot -max_total_time=600
#include <boost/archive/basic_archive.hpp>
#include <cstring>
#include <sstream>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "fuzz/fuzz_support.hpp"
#include "inventory/models.hpp"
#include "relata/detail/snapshot_format.hpp"

namespace {

template <class U>
void put(std::string& s, std::size_t at, U v) {
  std::memcpy(s.data() + at, &v, sizeof v);
}

/// A valid 48-byte frame of format `version` around `payload` claiming `tables` tables.
std::string framed(std::uint32_t version, std::uint32_t tables, const std::uint8_t* payload,
                   std::size_t n) {
  std::string out(48, '\0');
  std::memcpy(out.data(), "\x89RLTS\r\n\x1a", 8);
  put(out, 8, version);
  put(out, 16, static_cast<std::uint32_t>(boost::archive::BOOST_ARCHIVE_VERSION()));
  put(out, 20, tables);
  put(out, 24, static_cast<std::uint64_t>(n));
  out.append(reinterpret_cast<const char*>(payload), n);
  put(out, 32, static_cast<std::uint64_t>(XXH3_64bits(out.data() + 48, n)));
  put(out, 40, static_cast<std::uint64_t>(XXH3_64bits(out.data(), 40)));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  std::string bytes = (data[0] & 1)
                          ? framed((data[0] & 2) ? 1 : relata::detail::snapshot::format_version,
                                   data[1], data + 2, size - 2)
                          : std::string(reinterpret_cast<const char*>(data + 1), size - 1);
  relata::Database db;
  db.set_clock(relata::fixed_clock(relata::Timestamp::parse("2026-01-15T10:30:00.000Z")));
  inventory::define_all(db);
  db.create(inventory::Category{.name = "Kept"});
  const std::string before = fuzz::dump(db);
  std::istringstream in(bytes);
  try {
    db.load(in);
  } catch (const relata::SnapshotError&) {
    if (fuzz::dump(db) != before)
      fuzz::fail("fuzz_snapshot", "a failed load changed the database", fuzz::dump(db));
    return 0;
  } catch (const std::exception& e) {
    fuzz::fail("fuzz_snapshot", "a load threw something other than SnapshotError", e.what());
  }
  if (auto problems = db.check(); !problems.empty())
    fuzz::fail("fuzz_snapshot", "a loaded database is unsound", problems[0]);
  return 0;
}
