#!/usr/bin/env bash
# Text keys through the relata command: inspect shows a std::string primary key (no
# auto-increment counter) and references to it and to a unique text column; verify checks
# them; dump escapes a value's control characters; the SQLite export declares TEXT keys (NOT NULL: SQLite lets NULL into a TEXT PRIMARY
# KEY otherwise) and its joins and foreign-key check follow them.
# Usage: text_keys.sh RELATA TEXT_KEYS (the two programs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
relata=$1 text_keys=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$text_keys" t.snapshot

inspect=$("$relata" inspect t.snapshot)
expect "levels" "table levels: 2 rows
  name STRING NOT NULL PRIMARY KEY
  depth INTEGER NOT NULL" "$(sed -n '/^table levels/,/^$/p' <<<"$inspect" | sed '/^$/d')"
expect "rooms' reference" "  levelName STRING NOT NULL REFERENCES levels(name) ON DELETE CASCADE ON UPDATE CASCADE" \
  "$(grep 'levelName' <<<"$inspect")"
expect "recipes' reference" "  partCode STRING NOT NULL REFERENCES parts(code) ON DELETE CASCADE ON UPDATE CASCADE" \
  "$(grep 'partCode' <<<"$inspect")"
expect "verify" "t.snapshot: sound (4 tables, 8 rows; frame, checksums, keys and foreign keys checked)" \
  "$("$relata" verify t.snapshot)"
expect "dump" '{"name":"cave","depth":1}
{"name":"mine","depth":2}' "$("$relata" dump t.snapshot --table levels --json)"
# The text dump is one line per row, one tab between fields: a value's own tab, newline or
# terminal escape is written as an escape, never sent to the terminal.
expect "text dump" '== parts (2 rows)
id	code	title
1	gear	Gear
2	bolt	Bolt\t\x1b[31mM4\n' "$("$relata" dump t.snapshot --table parts)"

"$relata" export t.snapshot --sqlite t.db >/dev/null
expect "schema" 'CREATE TABLE IF NOT EXISTS "levels" ("name" TEXT PRIMARY KEY NOT NULL, "depth" INTEGER NOT NULL);' \
  "$(sqlite3 t.db '.schema levels')"
expect "join by level name" "shaft|2
pool|1
lift|2" "$(sqlite3 t.db 'SELECT r.label, l.depth FROM rooms r JOIN levels l ON r.levelName = l.name ORDER BY r.id')"
expect "join by part code" "1|2" \
  "$(sqlite3 t.db 'SELECT c.id, p.id FROM recipes c JOIN parts p ON c.partCode = p.code')"
expect "foreign_key_check" "" "$(sqlite3 t.db 'PRAGMA foreign_key_check')"
# SQLite's own ON DELETE CASCADE, over the text key the export declared.
expect "cascade" "1" \
  "$(sqlite3 t.db 'PRAGMA foreign_keys = ON; DELETE FROM levels WHERE name = '"'mine'"'; SELECT count(*) FROM rooms')"
echo "text keys: ok"
