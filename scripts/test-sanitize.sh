#!/bin/sh
# test-sanitize.sh: `make test-sanitize` (SPEC section 8). Builds the
# generator, the Kore module and every test program with AddressSanitizer
# and UndefinedBehaviorSanitizer in a build directory of their own, then
# runs the whole suite (scripts/test.sh) on that build. Any sanitizer
# report fails the test program it happens in, and so the run.
#
# The app is a module that kore, which is not instrumented, loads with
# dlopen(). ASan's runtime must be the first library of the process, so
# kore runs with the module's libasan in LD_PRELOAD: this script puts a
# `kore` wrapper first in PATH that does that (with-app.sh and run.sh call
# kore through PATH, also under stdbuf). Only kore gets the preload; the
# other processes of the suite (psql, PostgreSQL, curl) stay as they are.
#
# Environment: SAN_BUILD [build-san] the build directory; the rest is
# passed to scripts/test.sh.
set -eu
cd "$(dirname "$0")/.."

B=${SAN_BUILD:-build-san}
# -fno-sanitize-recover: UBSan stops at the first report with a failing
# status instead of printing and carrying on. -O1 keeps it quick but
# debuggable; frame pointers give full stacks. GCC's flow warnings see the
# sanitizers' added null checks as paths and report stringop and bounds
# problems on them that the normal build (same warnings, -Werror) does not
# have; they stay warnings here, since this build is about run-time checks.
SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
    -Wno-error=stringop-overread -Wno-error=stringop-overflow
    -Wno-error=array-bounds -Wno-error=maybe-uninitialized"

echo "== building with $SANFLAGS in $B"
# shellcheck disable=SC2086
make --no-print-directory BUILD="$B" SAN="$(echo $SANFLAGS)" OPT="-O1 -g" build tests

# The libasan the module links against; kore must preload that one.
asan=$(ldd "$B/app.so" | awk '/libasan/ { print $3; exit }')
if [ -z "$asan" ] || [ ! -f "$asan" ]; then
	echo "test-sanitize.sh: $B/app.so is not linked against libasan" >&2
	exit 1
fi
kore_bin=$(command -v kore) || { echo "test-sanitize.sh: kore is missing" >&2; exit 1; }
mkdir -p "$B/san-bin"
cat >"$B/san-bin/kore" <<EOF
#!/bin/sh
# Written by scripts/test-sanitize.sh: kore with the ASan runtime first.
LD_PRELOAD="$asan\${LD_PRELOAD:+ \$LD_PRELOAD}"
export LD_PRELOAD
exec "$kore_bin" "\$@"
EOF
chmod +x "$B/san-bin/kore"
PATH=$(pwd)/$B/san-bin:$PATH
export PATH

# halt_on_error and exit codes make every report a failure of its program.
# Kore's workers run under seccomp: LeakSanitizer's end-of-process scan
# needs ptrace and threads that the filter forbids, so leak checking is off
# inside kore (SCHEMAC_KORE_ASAN_OPTIONS) and on everywhere else; the
# runtime and the generated code are leak-checked by the runtime_ and db_
# tests, which link the same sources.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1:strict_string_checks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

echo "== running the suite on $B (kore preloads $asan)"
BUILD=$B exec scripts/test.sh "$@"
