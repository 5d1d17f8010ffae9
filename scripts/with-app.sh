#!/bin/sh
# with-app.sh DBURL PROGRAM [ARGS...]: run PROGRAM against a freshly started
# app. Brings the database at DBURL up to date, starts Kore on
# 127.0.0.1:$SCHEMAC_PORT (default 8899) and waits (at most 10 s) until
# /healthz answers, runs PROGRAM with SCHEMAC_URL=http://127.0.0.1:PORT and
# DATABASE_URL=DBURL in its environment, stops Kore and exits with PROGRAM's
# status. Used by scripts/test.sh for the tests/http_* programs.
#
# The app is the one scripts/app.sh describes (SCHEMAC_* settings), built in
# $BUILD (default build). Another app, such as a fixture's, is chosen with
# SCHEMAC_GEN=<its generated directory> (its routes.conf and schema.sql) and
# SCHEMAC_MODULE=<its app.so>; an empty database is then loaded from
# $SCHEMAC_GEN/schema.sql, since schema/migrations describe the main schema.
# Kore's log goes to $BUILD/with-app-PORT.log; it is printed if Kore fails.
set -u
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then
	echo "usage: scripts/with-app.sh DBURL PROGRAM [ARGS...]" >&2
	exit 2
fi
dburl=$1
shift

build=${BUILD:-build}
gen=${SCHEMAC_GEN:-generated}
port=${SCHEMAC_PORT:-8899}
SCHEMAC_PORT=$port
SCHEMAC_BIND=${SCHEMAC_BIND:-127.0.0.1}
SCHEMAC_MODULE=${SCHEMAC_MODULE:-$build/app.so}
SCHEMAC_ROUTES=${SCHEMAC_ROUTES:-$gen/routes.conf}
SCHEMAC_PIDFILE=${SCHEMAC_PIDFILE:-$build/with-app-$port.pid}
SCHEMAC_ACCESSLOG=${SCHEMAC_ACCESSLOG:-$build/with-app-$port-access.log}
SCHEMAC_BODY_MAX=${SCHEMAC_BODY_MAX:-1048576}
SCHEMAC_BIN=${SCHEMAC_BIN:-$build/schemac}
SCHEMAC_OPENAPI=${SCHEMAC_OPENAPI:-$gen/openapi.json}
export BUILD=$build SCHEMAC_PORT SCHEMAC_BIND SCHEMAC_MODULE SCHEMAC_ROUTES \
    SCHEMAC_PIDFILE SCHEMAC_ACCESSLOG SCHEMAC_BODY_MAX SCHEMAC_BIN SCHEMAC_OPENAPI
conf=$build/with-app-$port.conf
log=$build/with-app-$port.log
mkdir -p "$build"

# The database.
if [ "$gen" = generated ] && [ -x scripts/migrate-db.sh ]; then
	DATABASE_URL=$dburl scripts/migrate-db.sh >/dev/null ||
	    { echo "with-app.sh: migrating the database failed" >&2; exit 1; }
else
	# Another app's schema: its DDL, into a database without tables.
	ntables=$(psql -X -q -tA -v ON_ERROR_STOP=1 -d "$dburl" -c \
	    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") ||
	    { echo "with-app.sh: cannot reach the database" >&2; exit 1; }
	if [ "$ntables" = 0 ]; then
		psql -X -q -1 -v ON_ERROR_STOP=1 -d "$dburl" \
		    -f "$gen/schema.sql" >/dev/null || {
			echo "with-app.sh: loading $gen/schema.sql failed" >&2
			exit 1
		}
	fi
fi

scripts/app.sh "$conf" || exit 1

if curl -s -o /dev/null "http://$SCHEMAC_BIND:$port/" 2>/dev/null; then
	echo "with-app.sh: port $port is in use (set SCHEMAC_PORT)" >&2
	exit 1
fi

# Kore logs through printf: line-buffer it or forked workers repeat lines.
DATABASE_URL=$dburl stdbuf -oL kore -f -n -r -c "$conf" >"$log" 2>&1 &
pid=$!

# Stop kore: SIGTERM lets it drain; a kore that has not exited after 10 s
# is stuck (e.g. a worker died holding a lock) and gets SIGKILL, with its
# workers, so a test run never hangs or leaves a process spinning.
stop() {
	kill "$pid" 2>/dev/null || return 0
	i=0
	while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "with-app.sh: kore did not stop in 10 s; killing it" >&2
		pkill -KILL -P "$pid" 2>/dev/null
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
}
trap 'stop; exit 130' INT TERM

url=http://127.0.0.1:$port
i=0
until curl -sf -o /dev/null "$url/healthz"; do
	i=$((i + 1))
	if ! kill -0 "$pid" 2>/dev/null || [ "$i" -ge 100 ]; then
		echo "with-app.sh: the app did not become healthy in 10 s;" \
		    "its log ($log):" >&2
		cat "$log" >&2
		stop
		exit 1
	fi
	sleep 0.1
done

SCHEMAC_URL=$url DATABASE_URL=$dburl "$@"
status=$?
stop
trap - INT TERM
exit $status
