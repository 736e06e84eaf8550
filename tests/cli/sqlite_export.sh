#!/usr/bin/env bash
# The relata command over the inventory example's snapshot: inspect, verify, dump, and an
# export to SQLite that the sqlite3 program opens and checks. Usage: sqlite_export.sh RELATA
# INVENTORY (paths of the two programs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
relata=$1 inventory=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$inventory" inv.snapshot >/dev/null

"$relata" inspect inv.snapshot > inspect.txt
grep -qx '4 tables, 9 rows' inspect.txt || fail "inspect: $(cat inspect.txt)"
grep -qx '  categoryId INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE ON UPDATE CASCADE' \
  inspect.txt || fail "inspect lacks the products foreign key"
"$relata" verify inv.snapshot | grep -q ': sound (4 tables, 9 rows' || fail verify
expect "dump --json" '{"id":2,"name":"Saw","categoryId":1,"price":"24.50","createdAt":"2026-01-15T10:30:00.000Z","updatedAt":"2026-01-15T10:30:00.000Z"}' \
  "$("$relata" dump inv.snapshot --table products --json | sed -n 2p)"

# A damaged file: verify fails with one line naming the problem.
cp inv.snapshot bad.snapshot
printf 'X' | dd of=bad.snapshot bs=1 seek=200 conv=notrunc status=none
if "$relata" verify bad.snapshot 2>err.txt; then fail "verify accepted a damaged file"; fi
expect "damaged" "relata: snapshot payload damaged: its checksum does not match" "$(cat err.txt)"

"$relata" export inv.snapshot --sqlite inv.db | grep -qx 'exported 4 tables, 9 rows to inv.db' || fail export
expect "foreign_key_check" "" "$(sqlite3 inv.db 'PRAGMA foreign_key_check;')"
expect "integrity_check" "ok" "$(sqlite3 inv.db 'PRAGMA integrity_check;')"
expect "counts" "2|3|1|3" "$(sqlite3 inv.db 'SELECT (SELECT count(*) FROM categories), (SELECT count(*) FROM products), (SELECT count(*) FROM orders), (SELECT count(*) FROM order_items);')"
expect "join" "ORD-1001|Hammer|2|9.99
ORD-1001|Saw|1|24.50
ORD-1001|Hose|3|15.00" "$(sqlite3 inv.db 'SELECT o.orderNumber, p.name, i.quantity, i.price FROM order_items i JOIN orders o ON o.id = i.orderId JOIN products p ON p.id = i.productId ORDER BY i.id;')"
# The foreign keys carry their actions: deleting a category cascades in SQLite too.
expect "cascade" "1" "$(sqlite3 inv.db 'PRAGMA foreign_keys=ON; DELETE FROM categories WHERE id = 1; SELECT count(*) FROM products;')"
if "$relata" export inv.snapshot --sqlite inv.db 2>/dev/null; then fail "export overwrote a file"; fi
echo "relata command and SQLite export: ok"
