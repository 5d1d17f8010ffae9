#!/bin/sh
# migrate-db.sh: brings the database at DATABASE_URL up to date with the
# schema. Used by `make run` and the test harness.
#
# Normally this is `schemac db upgrade` (SCHEMAC_BIN overrides the binary,
# default build/schemac), which applies the pending migrations of
# schema/migrations. Only while a build has no migration support, or no
# migration exists yet, is generated/schema.sql loaded instead, and only
# into a database that has no tables yet.
set -eu
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?migrate-db.sh: DATABASE_URL must be set}"
bin=${SCHEMAC_BIN:-build/schemac}

has_migrations=0
for f in schema/migrations/[0-9]*.up.sql; do
	[ -f "$f" ] && has_migrations=1
	break
done

if [ "$has_migrations" = 1 ] && "$bin" db --help >/dev/null 2>&1; then
	exec "$bin" db upgrade
fi

ntables=$(psql -X -q -tA -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c \
    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$ntables" = 0 ]; then
	echo "migrate-db.sh: loading generated/schema.sql (no migrations yet)"
	psql -X -q -1 -v ON_ERROR_STOP=1 -d "$DATABASE_URL" \
	    -f generated/schema.sql
else
	echo "migrate-db.sh: database has tables; leaving it as it is"
fi
