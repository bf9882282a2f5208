#!/usr/bin/env bash
# One-command demo (`npm start`): a local n8n 2.x with this package and the basic example workflow,
# answering visitor-token requests. Uses real HubSpot when HUBSPOT_ACCESS_TOKEN is set, the HubSpot
# simulator otherwise. Ctrl-C stops everything it started.
#
#   npm start                                   # simulator
#   HUBSPOT_ACCESS_TOKEN=pat-... npm start      # real HubSpot (https://api.hubapi.com)
#   N8N_PORT=5678 npm start                     # fixed port (default: 5678 if free, else any free port)
#   HUBSPOT_PORTAL_ID=1234567 HUBSPOT_EU=1      # for the demo page's chat widget (real HubSpot only)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d node_modules ]]; then
	echo "[demo] installing dev dependencies (npm ci)"
	npm ci --no-audit --no-fund
fi
echo "[demo] making sure n8n 2.x and Node 24 are installed (several minutes the first time only)"
bash scripts/install-n8n.sh 2
# exec: Ctrl-C reaches the demo directly, which then stops n8n and the simulator.
# node --import tsx rather than the tsx launcher: the launcher can exit on Ctrl-C before the demo has
# finished stopping n8n and removing its folders.
exec node --import tsx scripts/demo.ts
