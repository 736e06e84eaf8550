#!/usr/bin/env bash
# The relata command over the guild example's snapshot, which holds a weak reference
# (log.heroId, constraints(false)) with a line whose hero was deleted for good: inspect
# marks it NOT ENFORCED, verify accepts the dangling value, and the SQLite export gives the
# column an index and no FOREIGN KEY. Usage: weak_reference.sh RELATA GUILD
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
relata=$1 guild=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$guild" guild.snapshot >/dev/null

"$relata" inspect guild.snapshot > inspect.txt
grep -qx '  heroId INTEGER NOT NULL REFERENCES heroes(id) NOT ENFORCED' inspect.txt ||
  fail "inspect: $(cat inspect.txt)"
grep -qx '  guildId INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE ON UPDATE CASCADE' \
  inspect.txt || fail "inspect lacks the enforced foreign key"
"$relata" verify guild.snapshot | grep -q ': sound (3 tables, 9 rows' || fail verify

"$relata" export guild.snapshot --sqlite guild.db | grep -qx 'exported 3 tables, 9 rows to guild.db' ||
  fail export
expect "no foreign key" "" "$(sqlite3 guild.db 'PRAGMA foreign_key_list(log);')"
expect "index" "log_heroId|heroId" \
  "$(sqlite3 guild.db "SELECT il.name, ii.name FROM pragma_index_list('log') il, pragma_index_info(il.name) ii")"
expect "foreign_key_check" "" "$(sqlite3 guild.db 'PRAGMA foreign_keys=ON; PRAGMA foreign_key_check;')"
# Bram (hero 2) was deleted for good; his log line stays, pointing at no row.
expect "dangling" "2|2" "$(sqlite3 guild.db 'SELECT id, heroId FROM log WHERE heroId NOT IN (SELECT id FROM heroes);')"
echo "weak reference through inspect, verify and the SQLite export: ok"
