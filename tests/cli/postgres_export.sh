#!/usr/bin/env bash
# relata export --postgres into a throwaway PostgreSQL server (initdb + pg_ctl in a temporary
# directory, Unix socket only, torn down afterwards; run as the postgres user when root,
# since PostgreSQL refuses root). Checks row counts, keys and a join with psql; then the
# guild example's weak reference (an index, no FOREIGN KEY) and composite unique constraint,
# and a composite primary key (tests/cli/composite_keys.cpp's snapshot).
# Usage: postgres_export.sh RELATA INVENTORY GUILD COMPOSITE_KEYS
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
relata=$1 inventory=$2 guild=$3 composite_keys=$4
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/relata-pg.XXXXXX)
chmod 755 "$work"
as_server=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$work"
  as_server=(runuser -u postgres --)
fi
stop() {
  "${as_server[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT
"${as_server[@]}" "$bindir/initdb" -D "$work/data" -A trust -U relata >/dev/null
port=$((20000 + RANDOM % 20000))
"${as_server[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-c listen_addresses= -k $work -p $port" start >/dev/null
conn="host=$work port=$port user=relata dbname=postgres"

q() { psql "$conn" -XAtq -c "$1"; }

(cd "$work" && "$inventory" "$work/inv.snapshot" >/dev/null)
"$relata" export "$work/inv.snapshot" --postgres "$conn" | grep -qx 'exported 4 tables, 9 rows to PostgreSQL' \
  || fail export
expect "counts" "2|3|1|3" "$(q 'SELECT (SELECT count(*) FROM categories), (SELECT count(*) FROM products), (SELECT count(*) FROM orders), (SELECT count(*) FROM order_items)')"
expect "keys" "f|order_items|CASCADE
f|order_items|CASCADE
f|products|CASCADE
p|categories|
p|order_items|
p|orders|
p|products|
u|orders|" "$(q "SELECT contype, conrelid::regclass::text AS t, CASE confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT' WHEN 'n' THEN 'SET NULL' ELSE '' END FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2, 3")"
expect "join" "ORD-1001|Hammer|2|9.99
ORD-1001|Saw|1|24.50
ORD-1001|Hose|3|15.00" "$(q 'SELECT o."orderNumber", p.name, i.quantity, i.price FROM order_items i JOIN orders o ON o.id = i."orderId" JOIN products p ON p.id = i."productId" ORDER BY i.id')"
expect "timestamps" "2026-01-15 10:30:00+00" "$(q "SET TIME ZONE 'UTC'; SELECT DISTINCT \"createdAt\" FROM products")"
# The identity continues after the stored counter.
expect "next id" "4" "$(q "INSERT INTO products (name, \"categoryId\", price, \"createdAt\", \"updatedAt\") VALUES ('Rake', 2, 5, now(), now()) RETURNING id")"
# A second export into the same database fails and changes nothing (one transaction).
if "$relata" export "$work/inv.snapshot" --postgres "$conn" 2>/dev/null; then fail "export into a full database"; fi
expect "unchanged" "4" "$(q 'SELECT count(*) FROM products')"

# A weak reference (log.heroId, constraints(false)): an index and no foreign key, so the
# line of a hero deleted for good loads.
(cd "$work" && "$guild" "$work/guild.snapshot" >/dev/null)
"$relata" export "$work/guild.snapshot" --postgres "$conn" | grep -qx 'exported 3 tables, 9 rows to PostgreSQL' \
  || fail "guild export"
expect "weak: no foreign key" "0" "$(q "SELECT count(*) FROM pg_constraint WHERE conrelid = 'log'::regclass AND contype = 'f'")"
expect "weak: index" "1" "$(q "SELECT count(*) FROM pg_indexes WHERE tablename = 'log' AND indexdef LIKE '%(\"heroId\")%'")"
expect "weak: dangling" "2|2" "$(q 'SELECT id, "heroId" FROM log WHERE "heroId" NOT IN (SELECT id FROM heroes)')"
# The composite unique constraint heroes(name, guildId) arrives as one UNIQUE constraint.
expect "unique group" "UNIQUE (name, \"guildId\")" "$(q "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'heroes'::regclass AND contype = 'u'")"

# A composite primary key arrives as one PRIMARY KEY constraint, which PostgreSQL enforces.
"$composite_keys" "$work/composite.snapshot"
"$relata" export "$work/composite.snapshot" --postgres "$conn" | grep -qx 'exported 4 tables, 9 rows to PostgreSQL' \
  || fail "composite export"
expect "composite key" "PRIMARY KEY (\"studentId\", \"courseId\")" "$(q "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'enrollments'::regclass AND contype = 'p'")"
if q 'INSERT INTO enrollments VALUES (1, 2, 0)' 2>/dev/null; then fail "a taken pair was inserted"; fi
expect "composite rows" "1|1|8
1|2|9
2|1|7" "$(q 'SELECT * FROM enrollments ORDER BY 1, 2')"
echo "relata export --postgres: ok"
