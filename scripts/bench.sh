#!/bin/sh
# bench.sh: `make bench` (SPEC section 8, BENCHMARKS.md). In one run on this
# machine: a private PostgreSQL with 10,000 users, the generated app with
# its access log off, and
#   - alternating pairs of pgbench point selects (-M prepared, same socket)
#     and wrk GET /users/{random id}; the ratio app / pgbench of each pair
#     and their median (target >= 0.80),
#   - wrk GET /users?limit=20 and POST /users with unique values,
#   - the app's RSS (kore parent + workers, sampled from /proc under load;
#     target <= 32 MiB),
#   - `schemac generate` on a synthetic 200-model schema (target < 100 ms).
# Prints a table. Everything it starts is stopped on exit, whatever happens.
#
# Environment (defaults in brackets):
#   BUILD [build]               build directory with schemac and app.so
#   BENCH_PORT [8897]           the app's port (127.0.0.1)
#   BENCH_PGDATA [/tmp/pg-bench] the private cluster's directory
#   BENCH_DURATION [10]         seconds per measured run
#   BENCH_WARMUP [3]            seconds of warm-up (app and pgbench)
#   BENCH_PAIRS [2]             pgbench/app GET pairs (median of their ratios)
#   BENCH_CONNECTIONS [64], BENCH_THREADS [2]   wrk and pgbench clients
#   BENCH_ROWS [10000]          users seeded
#   BENCH_WORKERS               SCHEMAC_WORKERS for the app (app default)
#   BENCH_SKIP_GEN=1            skip the generation timing
#   BENCH_OUT=FILE              also write the report to FILE
#   BENCH_STRICT=1              exit 1 when a target is missed
#   BENCH_KEEP=1                keep the temporary directory (logs, conf)
#   BENCH_PROFILE=RUN           perf-record the whole machine during RUN
#                               (e.g. get-1) and append where the CPU went
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)

B=${BUILD:-build}
PORT=${BENCH_PORT:-8897}
PGDIR=${BENCH_PGDATA:-/tmp/pg-bench}
DUR=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
PAIRS=${BENCH_PAIRS:-2}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
ROWS=${BENCH_ROWS:-10000}

for tool in wrk pgbench psql kore curl awk stdbuf; do
	command -v "$tool" >/dev/null ||
	    { echo "bench.sh: $tool is missing (make deps installs it)" >&2; exit 1; }
done
for f in "$B/schemac" "$B/app.so"; do
	[ -f "$f" ] || { echo "bench.sh: $f is missing: run make BUILD=$B build" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/schemac-bench.XXXXXX)
kore_pid=""
sampler_pid=""
pg_started=0
. scripts/bench/lib.sh

cleanup() {
	set +e
	stop_sampler
	stop_tree "$kore_pid"
	[ "$pg_started" = 1 ] && scripts/pg.sh stop "$PGDIR"
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench.sh: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load0=$(cut -d' ' -f1-3 /proc/loadavg)
bench_db bench

# --- the app ------------------------------------------------------------------

log "bench: starting the app on 127.0.0.1:$PORT"
if [ -n "${BENCH_WORKERS:-}" ]; then
	SCHEMAC_WORKERS=$BENCH_WORKERS
	export SCHEMAC_WORKERS
fi
SCHEMAC_PORT=$PORT
SCHEMAC_BIND=127.0.0.1
SCHEMAC_ACCESSLOG=off
SCHEMAC_MODULE=$root/$B/app.so
SCHEMAC_PIDFILE=$tmp/kore.pid
DATABASE_URL=$db_url
export SCHEMAC_PORT SCHEMAC_BIND SCHEMAC_ACCESSLOG SCHEMAC_MODULE \
    SCHEMAC_PIDFILE DATABASE_URL
scripts/app.sh "$tmp/app.conf" >"$tmp/app.sh.log" 2>&1 ||
    { cat "$tmp/app.sh.log" >&2; exit 1; }
# Kore logs through printf: line-buffered, or forked workers repeat lines.
stdbuf -oL kore -f -n -r -c "$tmp/app.conf" >"$tmp/kore.log" 2>&1 &
kore_pid=$!
base=http://127.0.0.1:$PORT
wait_healthy "$base" "$kore_pid" "$tmp/kore.log"
check_row "$base"
workers=$(awk '$1 == "workers" { print $2 }' "$tmp/app.conf")

# --- measuring ----------------------------------------------------------------

: >"$tmp/results"
log "bench: warming up (${WARMUP}s app, ${WARMUP}s pgbench)"
run_wrk warmup get.lua "$WARMUP" "$base" "$kore_pid"
run_pgbench warmup-pg "$WARMUP"

i=1
while [ $i -le "$PAIRS" ]; do
	log "bench: pair $i/$PAIRS: pgbench, then app GET (${DUR}s each)"
	run_pgbench "pgbench-$i" "$DUR"
	run_wrk "get-$i" get.lua "$DUR" "$base" "$kore_pid"
	i=$((i + 1))
done
log "bench: GET /users?limit=20 (${DUR}s)"
run_wrk list list.lua "$DUR" "$base" "$kore_pid"
log "bench: POST /users (${DUR}s)"
run_wrk post post.lua "$DUR" "$base" "$kore_pid"
posted=$(psql -X -tA "$db_url" -c "SELECT count(*) - $ROWS FROM users")
acked=$(sed -n 's/^BENCH requests=\([0-9]*\) .* non2xx=\([0-9]*\).*/\1 \2/p' "$tmp/wrk.post" |
    awk '{ print $1 - $2 }')
kore_alive=yes
kill -0 "$kore_pid" 2>/dev/null || kore_alive=NO
# The RSS of each kore process after the load, for the notes.
per_proc=""
for p in $(proc_tree "$kore_pid"); do
	kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
	what=worker
	[ "$p" = "$kore_pid" ] && what=parent
	per_proc="$per_proc${per_proc:+, }$what $(awk -v k="${kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }') MiB"
done

# --- generating a 200-model schema ---------------------------------------------

gen_ms="-"
gen_note=""
if [ "${BENCH_SKIP_GEN:-0}" != 1 ]; then
	log "bench: timing schemac generate on 200 models"
	scripts/bench/gen-schema.sh 200 >"$tmp/schema200.yaml"
	if ! "$B/schemac" check --schema "$tmp/schema200.yaml" >"$tmp/check200.log" 2>&1; then
		# A schemac without the full schema language: time the subset.
		scripts/bench/gen-schema.sh 200 basic >"$tmp/schema200.yaml"
		gen_note=" (basic types only: the full schema failed schemac check)"
		"$B/schemac" check --schema "$tmp/schema200.yaml" >"$tmp/check200.log" 2>&1 ||
		    { cat "$tmp/check200.log" >&2; exit 1; }
	fi
	gen_cmd="$root/$B/schemac generate --schema $tmp/schema200.yaml --out $tmp/gen200"
	if command -v hyperfine >/dev/null; then
		# A fresh output directory each run: every file is written.
		hyperfine -N --warmup 3 --runs 30 \
		    --prepare "sh -c 'rm -rf $tmp/gen200 && mkdir $tmp/gen200'" \
		    --export-csv "$tmp/gen.csv" "$gen_cmd" >"$tmp/hyperfine.log" 2>&1 ||
		    { cat "$tmp/hyperfine.log" >&2; exit 1; }
		gen_ms=$(awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$tmp/gen.csv")
		gen_how="hyperfine, median of 30 runs"
	else
		: >"$tmp/gen.times"
		for _ in $(seq 1 21); do
			rm -rf "$tmp/gen200"
			mkdir "$tmp/gen200"
			t0=$(date +%s%N)
			$gen_cmd >/dev/null
			t1=$(date +%s%N)
			echo $(((t1 - t0) / 1000)) >>"$tmp/gen.times"
		done
		gen_ms=$(sort -n "$tmp/gen.times" | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }')
		gen_how="date +%s%N, median of 21 runs"
	fi
	nfiles=$(ls "$tmp/gen200" | wc -l)
	gen_bytes=$(cat "$tmp/gen200"/* | wc -c)
fi

# --- the report -----------------------------------------------------------------

report() {
	echo "schemac bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
	machine_facts
	echo "load average when the run started: $load0 (1, 5, 15 min; other work on the machine skews the figures)"
	echo "load: wrk and pgbench -c $CONNS, $THREADS threads, ${DUR}s per run" \
	    "(after ${WARMUP}s warm-ups), all on this machine; app workers $workers," \
	    "access log off; $ROWS users"
	echo
	printf '%-22s %10s %9s %9s %9s %7s %7s\n' run 'req/s' 'p50 ms' 'p99 ms' \
	    'RSS MiB' errors non2xx
	printf '%-22s %10s %9s %9s %9s %7s %7s\n' ---------------------- \
	    ---------- --------- --------- --------- ------- -------
	awk '$1 != "warmup" && $1 != "warmup-pg" {
		n = $1
		if (n ~ /^pgbench-/) n = "pgbench point select " substr(n, 9)
		else if (n ~ /^get-/) n = "GET /users/{id} " substr(n, 5)
		else if (n == "list") n = "GET /users?limit=20"
		else if (n == "post") n = "POST /users"
		rss = ($5 == "-") ? "-" : sprintf("%.1f", $5 / 1024)
		printf "%-22s %10.0f %9s %9s %9s %7s %7s\n", n, $2, $3, $4, rss, $7, $8
	}' "$tmp/results"
	echo
	awk -v pairs="$PAIRS" '
	$1 ~ /^pgbench-/ { pg[substr($1, 9)] = $2 }
	$1 ~ /^get-/ { app[substr($1, 5)] = $2 }
	END {
		s = ""
		for (i = 1; i <= pairs; i++) {
			r[i] = app[i] / pg[i]
			s = s sprintf("%s%.2f", i > 1 ? ", " : "", r[i])
		}
		# median: sort the ratios
		for (i = 1; i <= pairs; i++)
			for (j = i + 1; j <= pairs; j++)
				if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
		if (pairs % 2) m = r[(pairs + 1) / 2]
		else m = (r[pairs / 2] + r[pairs / 2 + 1]) / 2
		printf "ratio app GET / pgbench: %s; median %.2f (target >= 0.80) %s\n",
		    s, m, (m >= 0.80) ? "ok" : "MISSED"
	}' "$tmp/results"
	awk '$1 != "warmup" && $5 != "-" { if ($5 > m) m = $5; if ($6 > p) p = $6 }
	END {
		printf "app RSS under load: max %.1f MiB (kore parent + workers, " \
		    "sampled every second; PSS %.1f MiB) (target <= 32 MiB) %s\n",
		    m / 1024, p / 1024, (m <= 32 * 1024) ? "ok" : "MISSED"
	}' "$tmp/results"
	echo "RSS by process after the load: $per_proc"
	echo "POST /users: $acked acknowledged with 2xx, $posted rows in the table;" \
	    "app still running after the load: $kore_alive"
	if [ "$gen_ms" != "-" ]; then
		echo "schemac generate, 200 models$gen_note: ${gen_ms} ms" \
		    "($gen_how; $nfiles files, $gen_bytes bytes)" \
		    "(target < 100 ms) $(awk -v g="$gen_ms" 'BEGIN { print (g < 100) ? "ok" : "MISSED" }')"
	fi
}
report >"$tmp/report"
if [ -n "${BENCH_PROFILE:-}" ] && [ -f "$tmp/profile.$BENCH_PROFILE.txt" ]; then
	{
		echo
		echo "profile of $BENCH_PROFILE (perf record -a -e cpu-clock):"
		cat "$tmp/profile.$BENCH_PROFILE.txt"
	} >>"$tmp/report"
fi
cat "$tmp/report"
[ -n "${BENCH_OUT:-}" ] && cp "$tmp/report" "$BENCH_OUT"
if [ "${BENCH_STRICT:-0}" = 1 ] && grep -q MISSED "$tmp/report"; then
	exit 1
fi
exit 0
