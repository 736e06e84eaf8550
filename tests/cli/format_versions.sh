#!/usr/bin/env bash
# Snapshot format versions through the relata command: the guild example's snapshot
# (format version 2) records the paranoid heroes' deleted_at column and the composite
# unique constraint heroes(name, guildId), which inspect shows and the SQLite export
# enforces; the same roster saved by a version 1 build (tests/fixtures/guild-v1.snapshot)
# still reads, verifies and dumps to the same rows.
# Usage: format_versions.sh RELATA GUILD FIXTURE
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
relata=$1 guild=$2 fixture=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$guild" guild.snapshot >/dev/null

"$relata" inspect guild.snapshot > v2.txt
grep -q ': relata snapshot, format version 2, ' v2.txt || fail "inspect v2: $(cat v2.txt)"
grep -qx '  deletedAt TIMESTAMP DELETED_AT' v2.txt || fail "inspect lacks DELETED_AT: $(cat v2.txt)"
grep -qx '  UNIQUE hero_name (name, guildId)' v2.txt || fail "inspect lacks the group: $(cat v2.txt)"
"$relata" inspect "$fixture" > v1.txt
grep -q ': relata snapshot, format version 1, ' v1.txt || fail "inspect v1: $(cat v1.txt)"
grep -qx '  deletedAt TIMESTAMP' v1.txt || fail "inspect v1 deletedAt: $(cat v1.txt)"
if grep -q UNIQUE\ hero_name v1.txt; then fail "version 1 has no unique groups"; fi

"$relata" verify guild.snapshot | grep -q ': sound (3 tables, 9 rows' || fail "verify v2"
"$relata" verify "$fixture" | grep -q ': sound (3 tables, 9 rows' || fail "verify v1"
expect "same rows in both versions" "$("$relata" dump "$fixture")" "$("$relata" dump guild.snapshot)"

"$relata" export guild.snapshot --sqlite guild.db >/dev/null || fail export
expect "group index" "name,guildId" \
  "$(sqlite3 guild.db "SELECT group_concat(ii.name) FROM pragma_index_list('heroes') il, pragma_index_info(il.name) ii WHERE il.[unique] = 1 AND il.origin = 'u'")"
if sqlite3 guild.db "INSERT INTO heroes VALUES (9, 'Ayla', 1, 5, NULL)" 2>err.txt; then
  fail "a second Ayla in guild 1 was accepted"
fi
grep -q 'UNIQUE constraint failed: heroes.name, heroes.guildId' err.txt || fail "$(cat err.txt)"
sqlite3 guild.db "INSERT INTO heroes VALUES (9, 'Ayla', 2, 5, NULL)" || fail "Ayla in guild 2"
echo "snapshot format versions 1 and 2 through inspect, verify, dump and the SQLite export: ok"
