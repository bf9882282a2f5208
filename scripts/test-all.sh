#!/usr/bin/env bash
# The whole test suite (`npm test`), runnable on a fresh clone: installs what it needs, builds, lints with
# n8n's own scanner, then runs every level of tests and prints one closing line "tests: N passed, N failed".
#
#   TEST_LEVELS="unit engine" npm test    # run only some levels (default: all of them)
set -uo pipefail
cd "$(dirname "$0")/.."

LEVELS="${TEST_LEVELS:-unit engine simulator e2e browser commands queue}"
step() { printf '\n=== %s\n' "$*"; }

if [[ ! -d node_modules ]]; then
	step "npm ci"
	npm ci --no-audit --no-fund || exit 1
fi

step "build"
npm run build || exit 1
step "lint (n8n's package scanner + latest n8n rules)"
npm run lint || exit 1

needs_chromium=false
needs_redis=false
needs_n8n=false
for level in $LEVELS; do
	[[ "$level" == browser ]] && needs_chromium=true
	[[ "$level" == queue ]] && needs_redis=true
	[[ "$level" == e2e || "$level" == browser || "$level" == commands || "$level" == queue ]] && needs_n8n=true
done
if $needs_chromium && [[ ! -x /usr/bin/chromium ]]; then
	step "installing Debian's chromium for the browser tests"
	if [[ $(id -u) -eq 0 ]]; then
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || exit 1
	else
		echo "chromium is missing: run 'sudo apt-get install chromium' first" >&2
		exit 1
	fi
fi
if $needs_redis && [[ ! -x /usr/bin/redis-server ]]; then
	step "installing Debian's redis-server for the queue-mode tests"
	if [[ $(id -u) -eq 0 ]]; then
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) || exit 1
	else
		echo "redis-server is missing: run 'sudo apt-get install redis-server' first" >&2
		exit 1
	fi
fi
if $needs_n8n; then
	step "real n8n instances (cached outside the repository after the first run)"
	bash scripts/install-n8n.sh all || exit 1
fi

rm -rf reports && mkdir -p reports
failed_levels=()
for level in $LEVELS; do
	config="test/jest.$level.config.js"
	[[ -f "$config" ]] || { echo "no $config" >&2; failed_levels+=("$level"); continue; }
	step "tests: $level"
	npx jest -c "$config" --ci --json --outputFile="reports/$level.json" || failed_levels+=("$level")
done

node scripts/test-summary.mjs reports
if ((${#failed_levels[@]} > 0)); then
	echo "failed levels: ${failed_levels[*]}"
	exit 1
fi
