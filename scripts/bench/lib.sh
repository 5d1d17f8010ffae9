# lib.sh: shell functions shared by scripts/bench.sh and
# scripts/bench-peers.sh (sourced, not run). The caller sets root (the
# repository), tmp (a private temporary directory), PGDIR, ROWS, CONNS,
# THREADS, and appends what it starts to its own cleanup.
#
# Results are appended to $tmp/results, one line per run:
#   name rps p50_ms p99_ms rss_kb pss_kb errors non2xx
# with "-" where a value does not apply.

log() {
	printf '%s\n' "$*" >&2
}

# bench_db: start the private cluster in $PGDIR, create a fresh database
# named $1 with the app's schema and $ROWS users, and write the pgbench
# script $tmp/point.sql. Sets admin_url, db_url, pg_sock, pg_port.
bench_db() {
	log "bench: starting PostgreSQL in $PGDIR"
	pg_started=1
	admin_url=$(scripts/pg.sh start "$PGDIR")
	db_url=$(printf '%s\n' "$admin_url" | sed "s|/app?|/$1?|")
	pg_sock=$(printf '%s\n' "$admin_url" | sed 's|.*[?&]host=\([^&]*\).*|\1|')
	pg_port=$(printf '%s\n' "$admin_url" | sed 's|.*[?&]port=\([^&]*\).*|\1|')
	PGOPTIONS='-c client_min_messages=warning' psql -q -X "$admin_url" \
	    -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" \
	    -c "CREATE DATABASE $1" >/dev/null

	log "bench: creating the schema and seeding $ROWS users"
	if [ -x scripts/migrate-db.sh ]; then
		DATABASE_URL=$db_url SCHEMAC_BIN=$root/$B/schemac \
		    scripts/migrate-db.sh >"$tmp/migrate.log" 2>&1 ||
		    { cat "$tmp/migrate.log" >&2; return 1; }
	else
		psql -q -X -v ON_ERROR_STOP=1 "$db_url" -f generated/schema.sql \
		    >"$tmp/migrate.log" 2>&1 ||
		    { cat "$tmp/migrate.log" >&2; return 1; }
	fi
	psql -q -X -v ON_ERROR_STOP=1 "$db_url" >/dev/null <<EOF || return 1
INSERT INTO users (email, username, full_name)
SELECT 'user' || g || '@example.com', 'user' || g, 'User Number ' || g
FROM generate_series(1, $ROWS) AS g;
VACUUM ANALYZE users;
EOF
	# The same columns as the app's GET, in the table's order.
	columns=$(psql -X -tA "$db_url" -c "SELECT string_agg(quote_ident(attname),
	    ', ' ORDER BY attnum) FROM pg_attribute
	    WHERE attrelid = 'users'::regclass AND attnum > 0 AND NOT attisdropped")
	sed -e "s/@ROWS@/$ROWS/" -e "s/@COLUMNS@/$columns/" \
	    scripts/bench/point.sql.in >"$tmp/point.sql"
}

# The process IDs of PID and all its descendants.
proc_tree() {
	ps -eo pid=,ppid= | awk -v root="$1" '
	{ parent[$1] = $2; pids[NR] = $1 }
	END {
		in_tree[root] = 1
		print root
		do {
			added = 0
			for (i in pids) {
				p = pids[i]
				if (!(p in in_tree) && (parent[p] in in_tree)) {
					in_tree[p] = 1
					print p
					added = 1
				}
			}
		} while (added)
	}'
}

# The sum of VmRSS and of Pss (kB) over the processes $pids: "rss pss".
# Shell built-ins only: the sampler runs during the measurement and must
# not take CPU from it (an awk and a ps per sample cost ~10% of the box).
tree_mem_kb() {
	rss=0
	pss=0
	for p in $pids; do
		[ -r "/proc/$p/status" ] || continue
		while read -r k v _; do
			case $k in VmRSS:) rss=$((rss + v)) ;; esac
		done <"/proc/$p/status"
		while read -r k v _; do
			case $k in Pss:) pss=$((pss + v)) ;; esac
		done <"/proc/$p/smaps_rollup"
	done
	echo "$rss $pss"
}

# start_sampler NAME PID / stop_sampler: sample the memory of PID's process
# tree (as it is when the run starts) every second.
start_sampler() {
	: >"$tmp/mem.$1"
	pids=$(proc_tree "$2" | tr '\n' ' ')
	(
		while :; do
			tree_mem_kb >>"$tmp/mem.$1"
			sleep 1
		done
	) &
	sampler_pid=$!
}
stop_sampler() {
	[ -n "${sampler_pid:-}" ] || return 0
	kill "$sampler_pid" 2>/dev/null || true
	wait "$sampler_pid" 2>/dev/null || true
	sampler_pid=""
}

# run_wrk NAME LUA SECONDS URL PID: load URL with wrk and scripts/bench/LUA
# while sampling PID's memory; append a results line.
run_wrk() {
	start_sampler "$1" "$5"
	profiler=""
	if [ "${BENCH_PROFILE:-}" = "$1" ]; then
		# The whole machine, sampled by CPU clock (hardware counters may
		# be missing in a VM): wrk, kore, PostgreSQL and the kernel.
		perf record -a -g -F 499 -e cpu-clock -o "$tmp/perf.$1.data" \
		    -- sleep "$3" >"$tmp/perf.$1.log" 2>&1 &
		profiler=$!
	fi
	BENCH_LUA_DIR=$root/scripts/bench BENCH_ROWS=$ROWS \
	    wrk -t"$THREADS" -c"$CONNS" -d"$3"s -s "$root/scripts/bench/$2" "$4" \
	    >"$tmp/wrk.$1" 2>&1 &
	wrk_pid=$!
	wait "$wrk_pid" || { stop_sampler; cat "$tmp/wrk.$1" >&2; return 1; }
	stop_sampler
	if [ -n "$profiler" ]; then
		wait "$profiler" || true
		# Our processes: the server's tree, the cluster's, and wrk.
		ours="$pids $(proc_tree "$(head -1 "$PGDIR/postmaster.pid")") $wrk_pid"
		perf_summary "$1" "$(echo $ours | tr ' ' ',')" \
		    >"$tmp/profile.$1.txt" 2>&1 || true
	fi
	line=$(grep '^BENCH ' "$tmp/wrk.$1") || { cat "$tmp/wrk.$1" >&2; return 1; }
	mem=$(awk '$1 > r { r = $1 } $2 > p { p = $2 }
	    END { printf "%d %d", r, p }' "$tmp/mem.$1")
	printf '%s\n' "$line" | awk -v n="$1" -v mem="$mem" '{
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		printf "%s %s %s %s %s %s %s\n", n, v["rps"], v["p50_ms"],
		    v["p99_ms"], mem, v["errors"], v["non2xx"]
	}' >>"$tmp/results"
}

# perf_summary NAME PIDS: where the CPU went during run NAME
# (BENCH_PROFILE), in % of all samples of the machine (both cores): by
# process for the whole machine (other work shows up there), then, for the
# benchmark's own processes PIDS (comma-separated) only, kore and postgres
# by library (the kernel included) and by function.
perf_summary() {
	d=$tmp/perf.$1.data
	echo "CPU by process, whole machine:"
	perf report -i "$d" --stdio --no-children -g none --sort comm \
	    2>/dev/null | awk '/^ +[0-9.]+%/ && $1 + 0 >= 0.5 { printf "    %7s  %s\n", $1, $2 }' |
	    head -12
	perf report -i "$d" --stdio --no-children -g none --pid="$2" \
	    --sort comm,dso,sym 2>/dev/null | awk '
	/^ +[0-9.]+%/ {
		pct = $1; sub(/%/, "", pct)
		comm = $2; dso = $3
		sym = ""
		for (i = 5; i <= NF; i++) sym = sym (i > 5 ? " " : "") $i
		bycomm[comm] += pct
		if (comm == "kore" || comm == "postgres") {
			bydso[comm] = bydso[comm]
			lib[comm, dso] += pct
			libs[comm] = libs[comm] (index(libs[comm], " " dso " ") ? "" : " " dso " ")
			n[comm]++
			if (n[comm] <= 25)
				top[comm] = top[comm] sprintf("    %6.2f%%  %-20s %s\n", pct, dso, sym)
		}
	}
	END {
		print "CPU by process, the benchmark'"'"'s own processes:"
		for (c in bycomm) if (bycomm[c] >= 0.2) printf "    %6.2f%%  %s\n", bycomm[c], c
		for (c in libs) {
			printf "%s by library:", c
			m = split(libs[c], l, " ")
			for (i = 1; i <= m; i++) if (l[i] != "" && lib[c, l[i]] >= 0.1)
				printf " %s %.2f%%;", l[i], lib[c, l[i]]
			printf "\n"
		}
		print "kore, hottest functions:"
		printf "%s", top["kore"]
		print "postgres, hottest functions:"
		printf "%s", top["postgres"]
	}'
}

# run_pgbench NAME SECONDS: the reference point selects (-M prepared) on
# the app's socket; append a results line. 2% of the transactions are
# logged for the latency percentiles (the full log would slow pgbench).
run_pgbench() {
	rm -f "$tmp/pgb.$1".*
	pgbench -n -M prepared -c "$CONNS" -j "$THREADS" -T "$2" \
	    -f "$tmp/point.sql" -l --sampling-rate=0.02 \
	    --log-prefix="$tmp/pgb.$1" "$db_url" >"$tmp/pgbench.$1" 2>&1 ||
	    { cat "$tmp/pgbench.$1" >&2; return 1; }
	tps=$(awk '/^tps = / { print $3; exit }' "$tmp/pgbench.$1")
	failed=$(awk '/^number of failed transactions:/ { print $5 }' "$tmp/pgbench.$1")
	# Log lines: client transaction latency_us script epoch epoch_us.
	cat "$tmp/pgb.$1".* | awk '{ print $3 }' | sort -n | awk '
	{ a[NR] = $1 }
	function pct(p,   i) {
		i = int(NR * p + 0.5)
		if (i < 1) i = 1
		return a[i] / 1000
	}
	END {
		if (NR) printf "%.3f %.3f\n", pct(0.50), pct(0.99)
		else print "- -"
	}' >"$tmp/lat.$1"
	echo "$1 ${tps:-0} $(cat "$tmp/lat.$1") - - ${failed:-0} -" >>"$tmp/results"
}

# wait_healthy URL PID LOG: wait up to 30 s for URL/healthz to answer 200
# while PID lives; print LOG and fail otherwise.
wait_healthy() {
	i=0
	until curl -sf -o /dev/null "$1/healthz"; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 "$2" 2>/dev/null; then
			log "bench: $1 did not become healthy; its log:"
			cat "$3" >&2
			return 1
		fi
		sleep 0.1
	done
}

# check_row URL: a wrong answer at full speed is no result; GET user 42.
check_row() {
	got=$(curl -s "$1/users/42")
	case $got in
	*'"username":"user42"'* | *'"username": "user42"'*) ;;
	*)
		log "bench: GET $1/users/42 returned: $got"
		return 1
		;;
	esac
}

# stop_tree PID: TERM the process (it stops its workers), wait up to 5 s,
# then KILL what is left of its tree.
stop_tree() {
	[ -n "$1" ] || return 0
	left=$(proc_tree "$1")
	kill -TERM "$1" 2>/dev/null || return 0
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	for p in $left; do
		kill -KILL "$p" 2>/dev/null || true
	done
	wait "$1" 2>/dev/null || true
	return 0
}

# machine_facts: the lines that make a result comparable.
machine_facts() {
	echo "machine: $(nproc) cores," \
	    "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
	    "$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
	    "Linux $(uname -r)"
	echo "software: PostgreSQL $(psql -X -tA "$db_url" -c 'SHOW server_version' | cut -d' ' -f1)," \
	    "kore $(kore -v 2>/dev/null | awk '{ print $1; exit }')," \
	    "$(wrk -v 2>&1 | awk '{ print $1, $2; exit }')"
}
