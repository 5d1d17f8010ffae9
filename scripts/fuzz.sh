#!/bin/sh
# fuzz.sh: `make fuzz`. Builds every libFuzzer target tests/fuzz/fuzz_*.c
# with clang, AddressSanitizer and UndefinedBehaviorSanitizer, and runs each
# for a bounded time from its seed corpus (tests/fuzz/corpus_<name>/, with
# tests/fuzz/<name>.dict when present). Any crash, sanitizer report, leak,
# input slower than the timeout, or memory blow-up fails the run; libFuzzer
# saves the input under $FUZZ_BUILD/artifacts/ and prints how to replay it.
#
#   scripts/fuzz.sh               build, then fuzz each target FUZZ_SECONDS
#   scripts/fuzz.sh --seeds-only  build, then run each target once over its
#                                 seed corpus (seconds; a regression check)
#   scripts/fuzz.sh TARGET...     only these targets (e.g. fuzz_schema)
#
# Environment: FUZZ_SECONDS [30] per target, FUZZ_BUILD [build-fuzz],
# GEN [generated], CC [clang]. New inputs found while fuzzing go to
# $FUZZ_BUILD/corpus_<name>/, never into the seed corpus in the repository.
#
# What links with what: fuzz_schema takes the generator's sources (all of
# codegen/ but main.c) with libyaml; every other target takes the Kore-free
# runtime (the Makefile's RUNTIME_CORE_SRC) and the generated Kore-free C
# (models.c, queries.c) with libpq.
set -eu
cd "$(dirname "$0")/.."

SECONDS_EACH=${FUZZ_SECONDS:-30}
OUT=${FUZZ_BUILD:-build-fuzz}
GEN=${GEN:-generated}
CC=${CC:-clang}
command -v "$CC" >/dev/null || CC=clang
case $CC in
*clang*) ;;
*) CC=clang ;; # libFuzzer is clang's
esac
command -v "$CC" >/dev/null ||
    { echo "fuzz.sh: clang is missing (apt-get install clang)" >&2; exit 1; }

mode=fuzz
targets=""
for a in "$@"; do
	case $a in
	--seeds-only) mode=seeds ;;
	-*)
		echo "usage: fuzz.sh [--seeds-only] [TARGET...]" >&2
		exit 2
		;;
	*) targets="$targets ${a%.c}" ;;
	esac
done
if [ -z "$targets" ]; then
	for f in tests/fuzz/fuzz_*.c; do
		[ -f "$f" ] && targets="$targets $(basename "$f" .c)"
	done
fi

PG_INCLUDE=$(pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
CFLAGS="-g -O1 -fno-omit-frame-pointer $SAN -fsanitize=fuzzer-no-link
    -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Wall -Wextra
    -Icodegen -Iruntime -I$GEN -I$PG_INCLUDE"

# The Kore-free runtime, as the Makefile lists it (RUNTIME_CORE_SRC): the
# Kore part cannot link outside kore.
runtime_src=$(printf 'fuzz-print-core:\n\t@echo $(RUNTIME_CORE_SRC)\n' |
    make -s --no-print-directory -f Makefile -f - fuzz-print-core)
[ -n "$runtime_src" ] || { echo "fuzz.sh: no RUNTIME_CORE_SRC in the Makefile" >&2; exit 1; }
codegen_src=""
for f in codegen/*.c; do
	[ "$f" = codegen/main.c ] || codegen_src="$codegen_src $f"
done

mkdir -p "$OUT/obj" "$OUT/artifacts"

# compile SRC...: objects for sources, rebuilt when the source or any
# header is newer; prints the object paths.
compile() {
	for src in "$@"; do
		obj=$OUT/obj/$(printf '%s' "$src" | tr '/' '_' | sed 's/\.c$/.o/')
		if [ ! -f "$obj" ] || [ -n "$(find "$src" codegen runtime "$GEN" \
		    tests/fuzz -name '*.[ch]' -newer "$obj" 2>/dev/null | head -1)" ]; then
			# shellcheck disable=SC2086
			$CC $CFLAGS -c "$src" -o "$obj" || return 1
		fi
		printf '%s ' "$obj"
	done
}

build() {
	name=$1
	case $name in
	fuzz_schema)
		objs=$(compile $codegen_src) || return 1
		libs="-lyaml -lpq"
		;;
	*)
		for f in "$GEN/models.c" "$GEN/queries.c"; do
			[ -f "$f" ] || { echo "fuzz.sh: $f is missing (make generate)" >&2; return 1; }
		done
		objs=$(compile $runtime_src "$GEN/models.c" "$GEN/queries.c") || return 1
		libs="-lpq"
		;;
	esac
	# Our own targets are held to -Werror; the code under test is built
	# with the project's warnings by the Makefile already.
	# shellcheck disable=SC2086
	$CC $CFLAGS -Werror -fsanitize=fuzzer "tests/fuzz/$name.c" $objs \
	    $libs -o "$OUT/$name"
}

failed=""
for t in $targets; do
	[ -f "tests/fuzz/$t.c" ] || { echo "fuzz.sh: no tests/fuzz/$t.c" >&2; exit 2; }
	echo "== building $t"
	if ! build "$t"; then
		failed="$failed $t(build)"
		continue
	fi
	seeds=tests/fuzz/corpus_${t#fuzz_}
	[ -d "$seeds" ] || seeds=""
	dict=""
	[ -f "tests/fuzz/${t#fuzz_}.dict" ] && dict="-dict=tests/fuzz/${t#fuzz_}.dict"
	work=$OUT/corpus_${t#fuzz_}
	mkdir -p "$work"
	# -timeout: one input slower than this is a hang. -rss_limit_mb: a
	# blow-up. Leaks are reported at exit of each input batch (ASan).
	common="-timeout=10 -rss_limit_mb=2048 -max_len=65536
	    -artifact_prefix=$OUT/artifacts/$t- -print_final_stats=1"
	if [ "$mode" = seeds ]; then
		echo "== $t: every seed input once"
		[ -n "$seeds" ] || { echo "fuzz.sh: no seeds for $t" >&2; failed="$failed $t"; continue; }
		# shellcheck disable=SC2086
		if ! "$OUT/$t" $common -runs=0 "$seeds" >"$OUT/$t.log" 2>&1; then
			tail -40 "$OUT/$t.log"
			failed="$failed $t"
		else
			grep -E 'INITED|DONE' "$OUT/$t.log" | tail -2
		fi
		continue
	fi
	echo "== $t: fuzzing for ${SECONDS_EACH}s"
	# shellcheck disable=SC2086
	if ! "$OUT/$t" $common $dict -max_total_time="$SECONDS_EACH" \
	    "$work" $seeds >"$OUT/$t.log" 2>&1; then
		tail -60 "$OUT/$t.log"
		echo "!! $t FAILED (log: $OUT/$t.log; input in $OUT/artifacts/)"
		failed="$failed $t"
	else
		grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb)' \
		    "$OUT/$t.log" | tr '\n' ' '
		echo
		echo "   corpus: $(ls "$work" | wc -l) inputs in $work"
	fi
done

if [ -n "$failed" ]; then
	echo "fuzz FAILED:$failed"
	exit 1
fi
echo "fuzz: all targets ran clean"
