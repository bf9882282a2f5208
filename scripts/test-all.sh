#!/usr/bin/env bash
# The whole test suite (`npm test`), runnable on a fresh clone: installs what it needs, builds, lints with
# n8n's own scanner, then runs every level of tests and prints one closing line "tests: N passed, N failed".
#
#   TEST_LEVELS="unit engine" npm test    # run only some levels (default: all of them)
set -uo pipefail
cd "$(dirname "$0")/.."

LEVELS="${TEST_LEVELS:-unit engine simulator e2e browser commands queue}"
step() { printf '\n=== %s\n' "$*"; }

needs_chromium=false
needs_queue=false
needs_n8n=false
for level in $LEVELS; do
	[[ "$level" == browser ]] && needs_chromium=true
	[[ "$level" == queue ]] && needs_queue=true
	[[ "$level" == e2e || "$level" == browser || "$level" == commands || "$level" == queue ]] && needs_n8n=true
done

# PostgreSQL's server programs wherever the machine has them (same search as test/queue/support/postgres.ts).
has_postgres() {
	local dir
	for dir in "${POSTGRES_BIN:-}" "$(pg_config --bindir 2>/dev/null)" \
		$(ls -d /usr/lib/postgresql/*/bin /usr/pgsql-*/bin 2>/dev/null | sort -rV) \
		$(command -v initdb >/dev/null && dirname "$(command -v initdb)"); do
		[[ -n "$dir" && -x "$dir/initdb" && -x "$dir/postgres" ]] && return 0
	done
	return 1
}

# What the chosen levels need from the machine, checked before anything runs: as root with apt-get (CI on
# Debian) it is installed; otherwise one line says what to install. Nothing else here needs root.
missing=()
if $needs_chromium && [[ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]]; then missing+=(chromium); fi
if $needs_queue && [[ -z "${REDIS_SERVER:-}" ]] && ! command -v redis-server >/dev/null; then missing+=(redis-server); fi
if $needs_queue && ! has_postgres; then missing+=(postgresql); fi
if ((${#missing[@]} > 0)); then
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
		step "installing Debian's ${missing[*]} for the browser and queue-mode tests"
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) || exit 1
		# Debian starts system-wide services for these; the tests run their own on free ports.
		for service in redis-server postgresql; do
			[[ " ${missing[*]} " == *" $service "* ]] && { service "$service" stop >/dev/null 2>&1 || true; }
		done
	else
		echo "npm test needs ${missing[*]} for the browser/queue levels: install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) or leave those levels out: TEST_LEVELS=\"unit engine simulator e2e commands\" npm test" >&2
		exit 1
	fi
fi

if [[ ! -d node_modules ]]; then
	step "npm ci"
	npm ci --no-audit --no-fund || exit 1
fi

step "build"
npm run build || exit 1
step "lint (n8n's package scanner + latest n8n rules)"
npm run lint || exit 1

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
