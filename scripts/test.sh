#!/bin/sh
# test.sh: `make test`. Runs every test program in build/tests against a
# throwaway PostgreSQL cluster that it starts and always stops:
#   codegen_*, runtime_*   no database
#   golden                 scripts/golden.sh (generator output vs tests/golden)
#   db_*                   DATABASE_URL points at an empty database each
#   http_*                 against the app started by scripts/app.sh
# A failing program fails the run; every program runs regardless.
set -u
cd "$(dirname "$0")/.."

# BUILD selects the build directory (the sanitizer run uses its own).
B=${BUILD:-build}
SCHEMAC_BIN=${SCHEMAC_BIN:-$(pwd)/$B/schemac}
export SCHEMAC_BIN
SCHEMAC_MODULE=${SCHEMAC_MODULE:-$B/app.so}
export SCHEMAC_MODULE

PGDIR=${SCHEMAC_TEST_PGDATA:-/tmp/schemac-test-$(pwd | cksum | cut -d' ' -f1)}
failed=""
app_pid=""

cleanup() {
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
	scripts/pg.sh stop "$PGDIR" || true
}
trap cleanup EXIT INT TERM

run() {
	name=$1
	shift
	printf '== %s\n' "$name"
	if ! "$@"; then
		failed="$failed $name"
		printf '!! %s FAILED\n' "$name"
	fi
}

for t in $B/tests/codegen_* $B/tests/runtime_*; do
	[ -x "$t" ] && run "$(basename "$t")" "$t"
done
# $B/tests/codegen_golden runs the golden cases above.

base_url=$(scripts/pg.sh start "$PGDIR") || { echo "cannot start PostgreSQL" >&2; exit 1; }
# Tests that create databases use PGURL_ADMIN; the fault test restarts the
# server in SCHEMAC_TEST_PGDATA (with scripts/pg.sh).
PGURL_ADMIN=$base_url
SCHEMAC_TEST_PGDATA=$PGDIR
export PGURL_ADMIN SCHEMAC_TEST_PGDATA

# A fresh, empty database for a test program; prints its URL.
fresh_db() {
	PGOPTIONS='-c client_min_messages=warning' psql -q "$PGURL_ADMIN" -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" \
	    -c "CREATE DATABASE \"$1\"" >/dev/null || return 1
	printf '%s\n' "$base_url" | sed "s|/app?|/$1?|"
}

for t in $B/tests/db_* $B/tests/migrate_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	run "$n" env DATABASE_URL="$(fresh_db "t_$n")" "$t"
done

# The end-to-end tests, each against a freshly started app.
for t in $B/tests/http_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	case $n in
	http_shop*)	# the shop fixture, served by its own app
		run "$n" env SCHEMAC_GEN="$B/shop-gen" \
		    SCHEMAC_MODULE="$B/shop-app.so" \
		    scripts/with-app.sh "$(fresh_db "t_$n")" "$t"
		;;
	*)
		run "$n" scripts/with-app.sh "$(fresh_db "t_$n")" "$t"
		;;
	esac
done

if [ -n "$failed" ]; then
	echo "FAILED:$failed"
	exit 1
fi
echo "all tests passed"
