#!/bin/sh
# run.sh: `make run`. Reads the settings (environment, then app/schemac.env,
# then defaults; see scripts/app.sh), starts a private PostgreSQL in .pgdata/
# unless DATABASE_URL is set, brings the database schema up to date with the
# migrations, and serves the app in the foreground. Ctrl-C stops both.
set -eu
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
export BUILD
eval "$(scripts/app.sh --env)"
# The app reads it itself (runtime/sc_accesslog.h), not through app.conf.
export SCHEMAC_ACCESSLOG

own_pg=0
if [ -z "${DATABASE_URL:-}" ]; then
	DATABASE_URL=$(scripts/pg.sh start .pgdata)
	own_pg=1
fi
export DATABASE_URL

cleanup() {
	trap - EXIT INT TERM
	[ -f "$SCHEMAC_PIDFILE" ] && kill "$(cat "$SCHEMAC_PIDFILE")" 2>/dev/null
	[ -n "${kore_pid:-}" ] && wait "$kore_pid" 2>/dev/null
	[ "$own_pg" = 1 ] && scripts/pg.sh stop .pgdata
	exit 0
}
trap cleanup EXIT INT TERM

scripts/migrate-db.sh
scripts/app.sh "$BUILD/app.conf"
echo "serving http://$SCHEMAC_BIND:$SCHEMAC_PORT (docs: /docs; database: $DATABASE_URL)"
# Kore logs through printf: line-buffer it or forked workers repeat lines.
stdbuf -oL kore -f -n -r -c "$BUILD/app.conf" &
kore_pid=$!
wait "$kore_pid" || true
