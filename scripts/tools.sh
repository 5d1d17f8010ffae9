#!/bin/sh
# tools.sh: installs the tools the docs and their tests need, once:
#   .tools/node_modules  @redocly/cli (the OpenAPI lint) and swagger-ui-dist
#                        (the static files /docs serves), pinned, from npm
#   /usr/bin/chromium    Debian's Chromium, for the /docs end-to-end test
#                        (only as root with apt-get; otherwise it must exist)
# npm itself comes with the machine's Node.js (20 or later: @redocly/cli 2
# needs it); without one, Debian's nodejs and npm are installed as root.
# Idempotent: when the pinned versions are already there it only checks and
# returns, in well under a second. .tools/ is git-ignored.
set -eu
cd "$(dirname "$0")/.."

REDOCLY_VERSION=2.77.0
SWAGGER_UI_VERSION=5.35.0

# The version in an installed package's package.json, or nothing.
installed() {
	f=.tools/node_modules/$1/package.json
	[ -f "$f" ] || return 0
	node -e 'process.stdout.write(require(process.argv[1]).version)' \
	    "$(pwd)/$f" 2>/dev/null || true
}

if [ "$(installed @redocly/cli)" != "$REDOCLY_VERSION" ] ||
    [ "$(installed swagger-ui-dist)" != "$SWAGGER_UI_VERSION" ] ||
    [ ! -x .tools/node_modules/.bin/redocly ]; then
	if ! command -v npm >/dev/null; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
			echo "tools.sh: installing Debian's nodejs and npm"
			apt-get update -qq
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			    --no-install-recommends nodejs npm >/dev/null
		else
			echo "tools.sh: npm is missing (install Node.js and npm)" >&2
			exit 1
		fi
	fi
	mkdir -p .tools
	# swagger-ui-dist's install step reports to Scarf's servers unless told not to.
	SCARF_ANALYTICS=false
	export SCARF_ANALYTICS
	echo "tools.sh: installing @redocly/cli@$REDOCLY_VERSION" \
	    "swagger-ui-dist@$SWAGGER_UI_VERSION into .tools/"
	npm install --prefix .tools --save-exact --no-audit --no-fund \
	    --loglevel=error \
	    "@redocly/cli@$REDOCLY_VERSION" \
	    "swagger-ui-dist@$SWAGGER_UI_VERSION" >/dev/null
fi

if ! command -v chromium >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "tools.sh: installing Debian's chromium"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    --no-install-recommends chromium >/dev/null
	else
		echo "tools.sh: chromium is missing (run as root, or install it)" >&2
		exit 1
	fi
fi
