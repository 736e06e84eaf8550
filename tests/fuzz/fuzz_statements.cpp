// libFuzzer target: the input bytes choose a sequence of statements (support/statements.hpp)
// run on one database. After every statement db.check() must pass, and a statement that
// failed must have left the database exactly as it was. Built with clang's
// -fsanitize=fuzzer,address,undefined by scripts/test.sh (a bounded run) or by hand:
//
//   cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DRELATA_FUZZ=ON
//   cmake --build build/fuzz --target fuzz_statements
//   build/fuzz/tests/fuzz_statements -max_total_time=600
#include "fuzz/fuzz_support.hpp"
#include "support/statements.hpp"

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
    const std::string before = fuzz::dump(db);
    const stmt::outcome o = stmt::apply(session, op);
    if (o != stmt::outcome::ok && fuzz::dump(db) != before)
      fuzz::fail("fuzz_statements", "a failed statement changed data", stmt::describe(op));
    const auto problems = db.check();
    if (!problems.empty())
      fuzz::fail("fuzz_statements", "db.check()",
                 problems.front() + " after " + stmt::describe(op));
  }
  return 0;
}
