#!/bin/sh
# test-sanitize.sh: `make test-sanitize` (SPEC section 8). Builds the
# generator, the Kore module and every test program with AddressSanitizer
# and UndefinedBehaviorSanitizer in a build directory of their own, then
# runs the whole suite (scripts/test.sh) on that build. Any sanitizer
# report fails the run: in a test program it fails that program; in the
# app (inside kore) it is written to $B/san-logs/ and counted at the end.
#
# How the app is run under the sanitizers (each step was needed; see
# BENCHMARKS.md "Sanitizers and Kore"):
#  - kore itself is not instrumented and loads app.so with dlopen(); ASan's
#    runtime must be the first library of the process, so kore runs with
#    the module's libasan in LD_PRELOAD. A `kore` wrapper first in PATH
#    does that (with-app.sh and run.sh call kore through PATH, also under
#    stdbuf); only kore gets the preload, not psql, PostgreSQL or curl.
#  - Kore's seccomp filter kills a worker on the system calls that the
#    sanitizers' reports and the leak scan make, which would lose every
#    report (SIGSYS) or hang the exiting worker. The wrapper adds a `load`
#    of tests/sanitize/kore_san.c, a module whose constructor allows them.
#  - kore dlclose()s the app before the worker's exit-time leak scan; the
#    module is linked with -z nodelete so its leak stacks keep their names.
#  - kore's own never-freed allocations are suppressed
#    (tests/sanitize/kore.supp); a leak report counts when its stack
#    reaches our code (app/, runtime/, generated/, or app.so).
#
# Environment: SAN_BUILD [build-san] the build directory;
# SCHEMAC_TEST_PGDATA [/tmp/schemac-san-<hash of the checkout>] the suite's
# cluster, apart from a plain `make test`'s so both can run at once; the
# rest (e.g. SCHEMAC_PORT) and the arguments go to scripts/test.sh.
set -u
cd "$(dirname "$0")/.." || exit 1
root=$(pwd)

B=${SAN_BUILD:-build-san}
# -fno-sanitize-recover: UBSan stops at the first report with a failing
# status instead of printing and carrying on. -O1 keeps it quick but
# debuggable; frame pointers give full stacks. GCC's flow warnings see the
# sanitizers' added null checks as paths and report stringop and bounds
# problems on them that the normal build (same warnings, -Werror) does not
# have; they stay warnings here, since this build is about run-time checks.
SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer -Wl,-z,nodelete
    -Wno-error=stringop-overread -Wno-error=stringop-overflow
    -Wno-error=array-bounds -Wno-error=maybe-uninitialized"

echo "== building with sanitizers in $B"
# shellcheck disable=SC2086
make --no-print-directory BUILD="$B" SAN="$(echo $SANFLAGS)" OPT="-O1 -g" \
    build tests || exit 1

# The libasan the module links against; kore must preload that one.
asan=$(ldd "$B/app.so" | awk '/libasan/ { print $3; exit }')
if [ -z "$asan" ] || [ ! -f "$asan" ]; then
	echo "test-sanitize.sh: $B/app.so is not linked against libasan" >&2
	exit 1
fi
kore_bin=$(command -v kore) ||
    { echo "test-sanitize.sh: kore is missing" >&2; exit 1; }

# The sandbox rules for the sanitizers, as a module of its own.
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
    -Wmissing-declarations -Wshadow -Wpointer-arith -Wcast-qual -pedantic \
    -D_DEFAULT_SOURCE -D_GNU_SOURCE -fPIC -shared \
    $(cat /usr/share/kore/features) tests/sanitize/kore_san.c \
    -o "$B/kore_san.so" || exit 1

logs=$root/$B/san-logs
rm -rf "$logs"
mkdir -p "$logs" "$B/san-bin"
cat >"$B/san-bin/kore" <<EOF
#!/bin/sh
# Written by scripts/test-sanitize.sh: kore under the sanitizers. Adds the
# sanitizer sandbox module to the configuration given with -c, preloads
# ASan, and sends every report to $logs/.
conf=""
prev=""
for a in "\$@"; do
	[ "\$prev" = -c ] && conf=\$a
	prev=\$a
done
if [ -n "\$conf" ] && [ -f "\$conf" ]; then
	san=\$conf.san
	{ echo "load $root/$B/kore_san.so"; cat "\$conf"; } >"\$san"
	for a in "\$@"; do
		shift
		if [ "\$a" = "\$conf" ]; then
			set -- "\$@" "\$san"
		else
			set -- "\$@" "\$a"
		fi
	done
fi
ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}fast_unwind_on_malloc=0:log_path=$logs/kore"
UBSAN_OPTIONS="\${UBSAN_OPTIONS:+\$UBSAN_OPTIONS:}log_path=$logs/kore-ubsan"
LSAN_OPTIONS="suppressions=$root/tests/sanitize/kore.supp:print_suppressions=0"
LD_PRELOAD="$asan\${LD_PRELOAD:+ \$LD_PRELOAD}"
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS LD_PRELOAD
exec "$kore_bin" "\$@"
EOF
chmod +x "$B/san-bin/kore"
PATH=$root/$B/san-bin:$PATH
export PATH

# Every report is a failure of the program it happens in.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

SCHEMAC_TEST_PGDATA=${SCHEMAC_TEST_PGDATA:-/tmp/schemac-san-$(pwd | cksum | cut -d' ' -f1)}
export SCHEMAC_TEST_PGDATA

echo "== running the suite on $B (kore preloads $asan)"
BUILD=$B scripts/test.sh "$@"
status=$?

# Reports from inside kore: any error, and leaks that reach our code.
found=0
for f in "$logs"/*; do
	[ -f "$f" ] || continue
	if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' "$f"; then
		echo "!! sanitizer report from the app ($f):"
		cat "$f"
		found=1
		continue
	fi
	ours=$(awk '
	/^(Direct|Indirect) leak/ { block = $0 "\n"; inblock = 1; next }
	inblock && /^$/ {
		if (block ~ /app\.so|[ \/](app|runtime|generated)\/[^ ]*\.c:/)
			printf "%s\n", block
		inblock = 0
		next
	}
	inblock { block = block $0 "\n" }
	END {
		if (inblock && block ~ /app\.so|[ \/](app|runtime|generated)\/[^ ]*\.c:/)
			printf "%s\n", block
	}' "$f")
	if [ -n "$ours" ]; then
		echo "!! leak in the app ($f):"
		printf '%s\n' "$ours"
		found=1
	fi
done
if [ "$found" = 1 ]; then
	echo "test-sanitize: the app had sanitizer reports (above)"
	exit 1
fi
echo "test-sanitize: no sanitizer report from the app ($(ls "$logs" | wc -l) report files of kore processes checked)"
exit $status
