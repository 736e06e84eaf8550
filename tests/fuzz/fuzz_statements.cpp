// libFuzzer target: the input bytes choose a sequence of statements (support/statements.hpp)
// run on one database. After every statement db.check() must pass, and a statement that
// failed must have left the database exactly as it was. Built with clang's
// -fsanitize=fuzzer,address,undefined by scripts/test.sh (a bounded run) or by hand:
//
//   cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DRELATA_FUZZ=ON
//   cmake --build build/fuzz --target fuzz_statements
//   build/fuzz/tests/fuzz_statements -max_total_time=600
#include <cstdio>
#include <cstdlib>

#include "support/statements.hpp"

namespace {

std::string dump(const relata::Database& db) {
  std::string out;
  for (const auto* t : db.store().tables())
    out += t->name() + "=" + std::to_string(t->next_id()) + ";";
  return out + relata::to_string(relata::to_json(db));
}

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_statements: %s: %s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  stmt::Session session;
  relata::Database& db = session.db;
  std::size_t pos = 0;
  auto next = [&]() -> std::uint32_t { return pos < size ? data[pos++] : 0; };
  while (pos < size) {
    const stmt::Op op = stmt::generate(next);
    if (op.what == stmt::Op::kind::query) {
      (void)stmt::query(db, op);
      continue;
    }
    const std::string before = dump(db);
    const stmt::outcome o = stmt::apply(session, op);
    if (o != stmt::outcome::ok && dump(db) != before)
      fail("a failed statement changed data", stmt::describe(op));
    const auto problems = db.check();
    if (!problems.empty()) fail("db.check()", problems.front() + " after " + stmt::describe(op));
  }
  return 0;
}
