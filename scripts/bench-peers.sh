#!/bin/sh
# bench-peers.sh: `make bench-peers` (optional; BENCHMARKS.md). The same
# two endpoints, GET /users/{random id} and GET /users?limit=20, on the
# same users table (10,000 rows), socket and machine, in one run, served by
#   schemac  the generated Kore app (access log off),
#   fastapi  bench/peers/fastapi: FastAPI + SQLAlchemy (asyncio, asyncpg)
#            under uvicorn with uvloop and httptools, Debian's packages,
#   fastify  bench/peers/fastify: Fastify + pg from npm (installed into
#            bench/peers/fastify/node_modules, git-ignored),
# with pgbench's prepared point select as the reference. Each server runs
# alone while it is measured; each gets a warm-up first. Prints a table.
# Installs what is missing (Debian packages as root, npm packages).
#
# Environment (defaults in brackets): BUILD [build], BENCH_PORT [8897] for
# the schemac app, PEER_PORT [8907] for the peers, BENCH_PGDATA
# [/tmp/pg-bench-peers], BENCH_DURATION [10], BENCH_WARMUP [3],
# BENCH_CONNECTIONS [64], BENCH_THREADS [2], BENCH_ROWS [10000],
# BENCH_WORKERS (the schemac app's workers; its default otherwise),
# PEER_WORKERS [nproc] processes of each peer (uvicorn workers, node
# cluster), PEERS ["schemac fastapi fastify"], BENCH_OUT=FILE, BENCH_KEEP=1.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)

B=${BUILD:-build}
PORT=${BENCH_PORT:-8897}
PEER_PORT=${PEER_PORT:-8907}
PGDIR=${BENCH_PGDATA:-/tmp/pg-bench-peers}
DUR=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
ROWS=${BENCH_ROWS:-10000}
PEER_WORKERS=${PEER_WORKERS:-$(nproc)}
PEERS=${PEERS:-schemac fastapi fastify}
# Debian's python3, whatever python3 comes first in PATH: the packages
# below are installed for it.
PY=/usr/bin/python3
PY_PACKAGES="python3-fastapi python3-sqlalchemy python3-uvicorn
    python3-asyncpg python3-uvloop python3-httptools"

for tool in wrk pgbench psql kore curl awk stdbuf; do
	command -v "$tool" >/dev/null ||
	    { echo "bench-peers.sh: $tool is missing (make deps installs it)" >&2; exit 1; }
done

# --- the peers' dependencies ------------------------------------------------------

case " $PEERS " in
*" fastapi "*)
	if ! $PY -c 'import fastapi, sqlalchemy, uvicorn, asyncpg, uvloop, httptools' 2>/dev/null; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
			echo "bench-peers: installing$(echo $PY_PACKAGES | sed 's/^/ /')" >&2
			apt-get update -qq
			# shellcheck disable=SC2086
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			    --no-install-recommends $PY_PACKAGES >/dev/null
		else
			echo "bench-peers.sh: install $PY_PACKAGES (as root)" >&2
			exit 1
		fi
	fi
	;;
esac
case " $PEERS " in
*" fastify "*)
	command -v npm >/dev/null ||
	    { echo "bench-peers.sh: node and npm are missing" >&2; exit 1; }
	fdir=bench/peers/fastify
	if [ ! -d "$fdir/node_modules/fastify" ] || [ ! -d "$fdir/node_modules/pg" ] ||
	    [ -n "$(find "$fdir/package.json" "$fdir/package-lock.json" \
	    -newer "$fdir/node_modules" 2>/dev/null)" ]; then
		echo "bench-peers: npm ci in $fdir" >&2
		(cd "$fdir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
		touch "$fdir/node_modules"
	fi
	;;
esac
case " $PEERS " in
*" schemac "*)
	for f in "$B/schemac" "$B/app.so"; do
		[ -f "$f" ] || { echo "bench-peers.sh: $f is missing: run make BUILD=$B build" >&2; exit 1; }
	done
	;;
esac

tmp=$(mktemp -d /tmp/schemac-peers.XXXXXX)
server_pid=""
sampler_pid=""
pg_started=0
. scripts/bench/lib.sh

cleanup() {
	set +e
	stop_sampler
	stop_tree "$server_pid"
	[ "$pg_started" = 1 ] && scripts/pg.sh stop "$PGDIR"
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench-peers.sh: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load0=$(cut -d' ' -f1-3 /proc/loadavg)
bench_db peers
: >"$tmp/results"

# start_server NAME: start one contender in the background; sets
# server_pid and base, and how it was configured in $tmp/how.NAME.
start_server() {
	case $1 in
	schemac)
		base=http://127.0.0.1:$PORT
		if [ -n "${BENCH_WORKERS:-}" ]; then
			SCHEMAC_WORKERS=$BENCH_WORKERS
			export SCHEMAC_WORKERS
		fi
		SCHEMAC_PORT=$PORT SCHEMAC_BIND=127.0.0.1 SCHEMAC_ACCESSLOG=off \
		    SCHEMAC_MODULE=$root/$B/app.so SCHEMAC_PIDFILE=$tmp/kore.pid \
		    DATABASE_URL=$db_url scripts/app.sh "$tmp/app.conf" \
		    >"$tmp/app.sh.log" 2>&1 || { cat "$tmp/app.sh.log" >&2; return 1; }
		DATABASE_URL=$db_url SCHEMAC_PORT=$PORT SCHEMAC_ACCESSLOG=off \
		    stdbuf -oL kore -f -n -r -c "$tmp/app.conf" >"$tmp/log.$1" 2>&1 &
		server_pid=$!
		echo "kore $(kore -v | awk '{ print $1 }'), workers" \
		    "$(awk '$1 == "workers" { print $2 }' "$tmp/app.conf")," \
		    "access log off" >"$tmp/how.$1"
		;;
	fastapi)
		base=http://127.0.0.1:$PEER_PORT
		(cd bench/peers/fastapi && PGHOST=$pg_sock PGPORT=$pg_port \
		    PGDATABASE=peers PGUSER=postgres exec $PY -m uvicorn app:app \
		    --host 127.0.0.1 --port "$PEER_PORT" --workers "$PEER_WORKERS" \
		    --loop uvloop --http httptools --no-access-log \
		    --log-level warning) >"$tmp/log.$1" 2>&1 &
		server_pid=$!
		echo "FastAPI $($PY -c 'import fastapi; print(fastapi.__version__)')," \
		    "SQLAlchemy $($PY -c 'import sqlalchemy; print(sqlalchemy.__version__)')," \
		    "asyncpg, uvicorn $($PY -c 'import uvicorn; print(uvicorn.__version__)')" \
		    "with uvloop and httptools, $PEER_WORKERS workers, access log off" \
		    >"$tmp/how.$1"
		;;
	fastify)
		base=http://127.0.0.1:$PEER_PORT
		(cd bench/peers/fastify && PGHOST=$pg_sock PGPORT=$pg_port \
		    PGDATABASE=peers PGUSER=postgres PEER_PORT=$PEER_PORT \
		    PEER_WORKERS=$PEER_WORKERS NODE_ENV=production \
		    exec node app.js) >"$tmp/log.$1" 2>&1 &
		server_pid=$!
		v() {
			node -p "require('./bench/peers/fastify/node_modules/$1/package.json').version"
		}
		echo "Fastify $(v fastify), pg $(v pg), Node.js $(node -v)," \
		    "$PEER_WORKERS processes (node:cluster), logger off" >"$tmp/how.$1"
		;;
	*)
		echo "bench-peers.sh: unknown peer $1" >&2
		return 1
		;;
	esac
}

log "bench-peers: pgbench reference (${WARMUP}s warm-up, ${DUR}s)"
run_pgbench warmup-pg "$WARMUP"
run_pgbench pgbench "$DUR"

for p in $PEERS; do
	log "bench-peers: $p: warm-up ${WARMUP}s, then GET /users/{id} and GET /users?limit=20 (${DUR}s each)"
	start_server "$p"
	wait_healthy "$base" "$server_pid" "$tmp/log.$p"
	check_row "$base"
	run_wrk "warmup-$p" get.lua "$WARMUP" "$base" "$server_pid"
	run_wrk "get-$p" get.lua "$DUR" "$base" "$server_pid"
	run_wrk "list-$p" list.lua "$DUR" "$base" "$server_pid"
	stop_tree "$server_pid"
	server_pid=""
done

report() {
	echo "schemac bench-peers, $(date -u '+%Y-%m-%d %H:%M UTC')"
	machine_facts
	echo "load average when the run started: $load0 (1, 5, 15 min; other work on the machine skews the figures)"
	echo "load: wrk -c $CONNS -t $THREADS, ${DUR}s per run after a ${WARMUP}s warm-up;" \
	    "each server alone; all on this machine; $ROWS users"
	for p in $PEERS; do
		echo "  $p: $(cat "$tmp/how.$p")"
	done
	echo
	printf '%-9s %-20s %10s %9s %9s %9s %7s %7s\n' server endpoint 'req/s' \
	    'p50 ms' 'p99 ms' 'RSS MiB' errors non2xx
	printf '%-9s %-20s %10s %9s %9s %9s %7s %7s\n' --------- \
	    -------------------- ---------- --------- --------- --------- ------- -------
	awk '
	$1 == "pgbench" {
		printf "%-9s %-20s %10.0f %9s %9s %9s %7s %7s\n", "pgbench",
		    "point select", $2, $3, $4, "-", $7, "-"
	}
	$1 ~ /^(get|list)-/ {
		split($1, a, "-")
		ep = (a[1] == "get") ? "GET /users/{id}" : "GET /users?limit=20"
		printf "%-9s %-20s %10.0f %9s %9s %9.1f %7s %7s\n", a[2], ep, $2,
		    $3, $4, $5 / 1024, $7, $8
	}' "$tmp/results"
	echo
	awk '
	$1 ~ /^get-/ { get[substr($1, 5)] = $2 }
	$1 ~ /^list-/ { list[substr($1, 6)] = $2 }
	$1 == "pgbench" { pg = $2 }
	END {
		if (!("schemac" in get)) exit
		for (p in get) {
			if (p == "schemac") continue
			printf "schemac vs %s: GET by id %.1fx, list %.1fx\n", p,
			    get["schemac"] / get[p], list["schemac"] / list[p]
		}
		if (pg > 0)
			printf "schemac GET by id / pgbench (one pair): %.2f\n",
			    get["schemac"] / pg
	}' "$tmp/results"
}
report >"$tmp/report"
cat "$tmp/report"
[ -n "${BENCH_OUT:-}" ] && cp "$tmp/report" "$BENCH_OUT"
exit 0
