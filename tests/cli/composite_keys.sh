#!/usr/bin/env bash
# Composite primary keys through the relata command: inspect shows the key as one table
# constraint (and no auto-increment counter), verify checks it, dump lists rows in key order,
# and the SQLite export declares PRIMARY KEY ("studentId", "courseId") with NOT NULL columns,
# so SQLite itself refuses a second row with a taken pair.
# Usage: composite_keys.sh RELATA COMPOSITE_KEYS (the two programs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
relata=$1 composite_keys=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$composite_keys" c.snapshot

inspect=$("$relata" inspect c.snapshot)
expect "enrollments" "table enrollments: 3 rows
  studentId INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE ON UPDATE CASCADE
  courseId INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE ON UPDATE CASCADE
  grade INTEGER NOT NULL
  PRIMARY KEY (studentId, courseId)" "$(sed -n '/^table enrollments/,/^$/p' <<<"$inspect" | sed '/^$/d')"
expect "verify" "c.snapshot: sound (4 tables, 9 rows; frame, checksums, keys and foreign keys checked)" \
  "$("$relata" verify c.snapshot)"
expect "dump in key order" '{"room":"hall","slot":-1,"item":"key"}
{"room":"hall","slot":2,"item":"lamp"}' "$("$relata" dump c.snapshot --table shelves --json)"

"$relata" export c.snapshot --sqlite c.db >/dev/null
expect "schema" 'CREATE TABLE IF NOT EXISTS "enrollments" ("studentId" INTEGER NOT NULL REFERENCES "students"("id") ON DELETE CASCADE ON UPDATE CASCADE, "courseId" INTEGER NOT NULL REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE CASCADE, "grade" INTEGER NOT NULL, PRIMARY KEY ("studentId", "courseId"));
CREATE INDEX "enrollments_studentId" ON "enrollments"("studentId");
CREATE INDEX "enrollments_courseId" ON "enrollments"("courseId");' \
  "$(sqlite3 c.db '.schema enrollments')"
expect "rows" "1|1|8
1|2|9
2|1|7" "$(sqlite3 c.db 'SELECT * FROM enrollments ORDER BY studentId, courseId')"
expect "a taken pair" "UNIQUE constraint failed: enrollments.studentId, enrollments.courseId" \
  "$(sqlite3 c.db 'INSERT INTO enrollments VALUES (1, 2, 0)' 2>&1 | grep -o 'UNIQUE constraint failed: [a-zA-Z., ]*[a-zA-Z]' || true)"
expect "foreign_key_check" "" "$(sqlite3 c.db 'PRAGMA foreign_key_check')"
echo "composite keys: ok"
