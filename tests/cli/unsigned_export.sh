#!/usr/bin/env bash
# A std::uint64_t column past INT64_MAX: the dump shows it exactly, and the SQLite export,
# whose integers are 64-bit signed, refuses it with a sentence and leaves no file (it used
# to store a rounded REAL). Usage: unsigned_export.sh RELATA WIDE_UNSIGNED (the two programs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
relata=$1 wide=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$wide" wide.snapshot

expect "dump" '{"id":1,"total":1}
{"id":2,"total":18446744073709551615}' "$("$relata" dump wide.snapshot --table counters --json)"
if "$relata" export wide.snapshot --sqlite wide.db 2>err.txt; then fail "export rounded a value"; fi
expect "refused" "relata: cannot export counters.total = 18446744073709551615 to SQLite, whose integers stop at 9223372036854775807 (the PostgreSQL export keeps it, as NUMERIC(20,0))" "$(cat err.txt)"
[[ ! -e wide.db ]] || fail "a refused export left wide.db"
echo "unsigned export: ok"
