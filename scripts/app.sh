#!/bin/sh
# app.sh OUT_CONF: write the app's Kore configuration to OUT_CONF from
# app/app.conf.in, with the settings below. Each comes from the environment,
# else from app/schemac.env (plain NAME=value lines, sourced; the
# environment wins), else from its default:
#   SCHEMAC_BIND       address to listen on              127.0.0.1
#   SCHEMAC_PORT       TCP port                          8888
#   SCHEMAC_WORKERS    Kore worker processes             half the CPUs, at least 1
#   SCHEMAC_BODY_MAX   largest request body, bytes (413) 1048576
#   SCHEMAC_MODULE     the app module                    $BUILD/app.so (BUILD=build)
#   SCHEMAC_ROUTES     the generated route lines         generated/routes.conf
#   SCHEMAC_PIDFILE    Kore's pid file                   $BUILD/kore.pid
#   SCHEMAC_ACCESSLOG  access log file, or "off"         $BUILD/access.log
# DATABASE_URL (a libpq connection string) and SCHEMAC_ACCESSLOG are read by
# the app itself when it starts (not through the Kore configuration: Kore's
# own `accesslog` crashes under load, see runtime/sc_accesslog.h), so they
# must be in kore's environment; app/schemac.env may set them, for scripts
# that source this file's settings (see `app.sh --env`, which prints
# SCHEMAC_ACCESSLOG as an absolute path).
#
# app.sh --env prints the settings as NAME='value' lines instead (for
# scripts: eval "$(scripts/app.sh --env)").
set -eu
cd "$(dirname "$0")/.."

VARS="SCHEMAC_BIND SCHEMAC_PORT SCHEMAC_WORKERS SCHEMAC_BODY_MAX SCHEMAC_MODULE
SCHEMAC_ROUTES SCHEMAC_PIDFILE SCHEMAC_ACCESSLOG DATABASE_URL"

die() {
	echo "app.sh: $*" >&2
	exit 1
}

# app/schemac.env, without letting it override what the environment says.
if [ -f app/schemac.env ]; then
	for v in $VARS; do
		eval "_set_$v=\${$v:+1} _val_$v=\${$v-}"
	done
	. ./app/schemac.env
	for v in $VARS; do
		if eval "[ -n \"\${_set_$v}\" ]"; then
			eval "$v=\${_val_$v}"
		fi
	done
fi

build=${BUILD:-build}
ncpu=$(nproc 2>/dev/null || echo 2)
# One worker per two cores measured best: PostgreSQL needs the rest.
workers=$((ncpu / 2))
[ "$workers" -ge 1 ] || workers=1

SCHEMAC_BIND=${SCHEMAC_BIND:-127.0.0.1}
SCHEMAC_PORT=${SCHEMAC_PORT:-8888}
SCHEMAC_WORKERS=${SCHEMAC_WORKERS:-$workers}
SCHEMAC_BODY_MAX=${SCHEMAC_BODY_MAX:-1048576}
SCHEMAC_MODULE=${SCHEMAC_MODULE:-$build/app.so}
SCHEMAC_ROUTES=${SCHEMAC_ROUTES:-generated/routes.conf}
SCHEMAC_PIDFILE=${SCHEMAC_PIDFILE:-$build/kore.pid}
SCHEMAC_ACCESSLOG=${SCHEMAC_ACCESSLOG:-$build/access.log}
# The app opens it from kore's working directory, which a caller may not
# share with this script: make it absolute.
case $SCHEMAC_ACCESSLOG in
off | none | no | 0 | /*) ;;
*) SCHEMAC_ACCESSLOG=$(pwd)/$SCHEMAC_ACCESSLOG ;;
esac

# --env: NAME='value' lines, quoted so that a shell may eval them.
if [ "${1:-}" = --env ]; then
	for v in $VARS; do
		eval "val=\${$v-}"
		printf "%s='%s'\n" "$v" "$(printf '%s' "$val" | sed "s/'/'\\\\''/g")"
	done
	exit 0
fi
[ $# -eq 1 ] || die "usage: scripts/app.sh OUT_CONF | --env"
out=$1

isnum() {
	case $1 in '' | *[!0-9]*) return 1 ;; esac
}
isnum "$SCHEMAC_PORT" && [ "$SCHEMAC_PORT" -ge 1 ] &&
    [ "$SCHEMAC_PORT" -le 65535 ] || die "SCHEMAC_PORT: not a port: $SCHEMAC_PORT"
isnum "$SCHEMAC_WORKERS" && [ "$SCHEMAC_WORKERS" -ge 1 ] ||
    die "SCHEMAC_WORKERS: not a positive number: $SCHEMAC_WORKERS"
isnum "$SCHEMAC_BODY_MAX" && [ "$SCHEMAC_BODY_MAX" -ge 1 ] ||
    die "SCHEMAC_BODY_MAX: not a positive number of bytes: $SCHEMAC_BODY_MAX"
case $SCHEMAC_BIND in
'' | *[!0-9A-Za-z.:_-]*) die "SCHEMAC_BIND: not an address: $SCHEMAC_BIND" ;;
esac
[ -f "$SCHEMAC_MODULE" ] || die "SCHEMAC_MODULE: no such file: $SCHEMAC_MODULE (run make)"
[ -f "$SCHEMAC_ROUTES" ] || die "SCHEMAC_ROUTES: no such file: $SCHEMAC_ROUTES (run make)"

# Kore resolves paths against its working directory; make them absolute so
# the config works from anywhere. Kore splits config lines at spaces.
abs() {
	case $1 in
	/*) p=$1 ;;
	*) p=$(pwd)/$1 ;;
	esac
	case $p in *[[:space:]]*) die "path with a space: $p" ;; esac
	printf '%s\n' "$p"
}
module=$(abs "$SCHEMAC_MODULE")
routes=$(abs "$SCHEMAC_ROUTES")
pidfile=$(abs "$SCHEMAC_PIDFILE")

# sed replacement text: escape the delimiter and the specials.
esc() {
	printf '%s\n' "$1" | sed 's/[|&\\]/\\&/g'
}

mkdir -p "$(dirname "$out")"
tmp=$out.tmp.$$
sed -e "s|@BIND@|$(esc "$SCHEMAC_BIND")|g" \
    -e "s|@PORT@|$SCHEMAC_PORT|g" \
    -e "s|@WORKERS@|$SCHEMAC_WORKERS|g" \
    -e "s|@BODY_MAX@|$SCHEMAC_BODY_MAX|g" \
    -e "s|@MODULE@|$(esc "$module")|g" \
    -e "s|@ROUTES@|$(esc "$routes")|g" \
    -e "s|@PIDFILE@|$(esc "$pidfile")|g" \
    app/app.conf.in >"$tmp"
if grep -n '^[[:space:]]*[^#[:space:]].*@[A-Z_]*@' "$tmp" >&2; then
	rm -f "$tmp"
	die "app/app.conf.in has a @VARIABLE@ this script does not know"
fi
mv "$tmp" "$out"
