#!/bin/sh
# run.sh: `make run`. Starts a private PostgreSQL in .pgdata/ unless
# DATABASE_URL is set, brings the database schema up to date, and serves the
# app on http://127.0.0.1:8888 in the foreground. Ctrl-C stops both.
set -eu
cd "$(dirname "$0")/.."

own_pg=0
if [ -z "${DATABASE_URL:-}" ]; then
	DATABASE_URL=$(scripts/pg.sh start .pgdata)
	own_pg=1
fi
export DATABASE_URL

cleanup() {
	[ -f build/kore.pid ] && kill "$(cat build/kore.pid)" 2>/dev/null || true
	[ "$own_pg" = 1 ] && scripts/pg.sh stop .pgdata || true
}
trap cleanup EXIT INT TERM

scripts/migrate-db.sh
scripts/app.sh build/app.conf
echo "serving http://127.0.0.1:${SCHEMAC_PORT:-8888} (database: $DATABASE_URL)"
# Kore logs through printf: line-buffer it or forked workers repeat lines.
stdbuf -oL kore -f -n -r -c build/app.conf &
wait $! || true
