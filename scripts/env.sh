# Shared environment for the repo's scripts. Source it; do not run it.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
cd "$REPO_ROOT"

# A supported Node LTS (22+) first on PATH, installed from the npm registry when
# the machine's node is older.
source "$REPO_ROOT/scripts/node.sh"

# node-gyp builds better-sqlite3 from source (its prebuilt download is blocked on
# closed networks). Point it at the running Node's own headers so it never tries
# to download them.
if [ -z "${npm_config_nodedir:-}" ]; then
  NODE_PREFIX="$(dirname "$(dirname "$(command -v node)")")"
  if [ -f "$NODE_PREFIX/include/node/node.h" ]; then
    export npm_config_nodedir="$NODE_PREFIX"
  fi
fi

log() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  log "Installing Debian packages: $*"
  local apt_log
  apt_log="$(mktemp)"
  if ! { as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; } \
    >"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2
    echo "apt-get could not install $*; install it by hand and re-run" >&2
    return 1
  fi
}
