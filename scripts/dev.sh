#!/usr/bin/env bash
# `npm run dev`: a local n8n 2.x running the node and credential from this working tree, rebuilt and
# reloaded on every save, with the basic example published against the HubSpot simulator (or real HubSpot
# when HUBSPOT_ACCESS_TOKEN is set, as for `npm start`). Ctrl-C stops everything it started.
#
#   npm run dev
#   N8N_PORT=5679 npm run dev          # fixed port (default: 5678 if free, else any free port)
#   DEV_RESTART=1 npm run dev          # restart n8n on every rebuild instead of n8n's hot reload
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d node_modules ]]; then
	echo "[dev] installing dev dependencies (npm ci)"
	npm ci --no-audit --no-fund
fi
echo "[dev] making sure n8n 2.x and Node 24 are installed (several minutes the first time only)"
bash scripts/install-n8n.sh 2
# exec and node --import tsx, as in demo.sh: Ctrl-C reaches dev.ts itself, which stops n8n, tsc and the
# simulator and removes the temporary folder before exiting.
exec node --import tsx scripts/dev.ts
