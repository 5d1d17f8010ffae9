#!/bin/sh
# pg.sh: a private, throwaway PostgreSQL cluster for `make run` and `make test`.
#
#   scripts/pg.sh start DIR   initialise (first time) and start a cluster whose
#                             data lives in DIR; print its DATABASE_URL
#   scripts/pg.sh stop DIR    stop it (fast shutdown); a no-op if not running
#   scripts/pg.sh url DIR     print the DATABASE_URL of the cluster in DIR
#
# The server listens on a Unix socket only (no TCP port to clash with), in a
# short directory under /tmp named after DIR, because socket paths are
# limited to 107 bytes. As root, everything runs as the `postgres` user,
# since PostgreSQL refuses to run as root.
set -eu

cmd=${1:?usage: pg.sh start|stop|url DIR}
dir=${2:?usage: pg.sh start|stop|url DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
bin=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$bin/initdb" ] || bin=/usr/lib/postgresql/15/bin
port=5432
sock=/tmp/schemac-pg-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)
url="postgresql:///app?host=$sock&port=$port&user=postgres"

as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case $cmd in
url)
	echo "$url"
	;;
start)
	mkdir -p "$sock"
	if [ "$(id -u)" = 0 ]; then
		chown postgres:postgres "$dir" "$sock"
		# The postgres user must reach DIR through its parents.
		if ! runuser -u postgres -- test -x "$dir"; then
			echo "pg.sh: user postgres cannot reach $dir; use a directory under /tmp" >&2
			exit 1
		fi
	fi
	if [ ! -f "$dir/PG_VERSION" ]; then
		as_pg "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 \
		    --locale=C --no-sync >"$sock/initdb.log" 2>&1 ||
		    { cat "$sock/initdb.log" >&2; exit 1; }
	fi
	if ! as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
		rm -f "$dir/postmaster.pid"
		# fsync and friends stay on: make run keeps its data, and the
		# fault test relies on the server's normal durability.
		as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
		    -o "-k $sock -c listen_addresses='' -p $port -c max_connections=200" \
		    start >/dev/null
	fi
	if ! as_pg psql -h "$sock" -p $port -U postgres -d postgres -tAc \
	    "SELECT 1 FROM pg_database WHERE datname = 'app'" | grep -q 1; then
		as_pg "$bin/createdb" -h "$sock" -p $port -U postgres app
	fi
	echo "$url"
	;;
stop)
	if [ -f "$dir/PG_VERSION" ] &&
	    as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
		as_pg "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
	fi
	;;
*)
	echo "pg.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
