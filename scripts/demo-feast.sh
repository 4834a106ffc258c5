#!/usr/bin/env bash
# The demo's feature store: a real Feast registry (scripts/feast.sh) on
# 127.0.0.1:6572, app-config.yaml's ml.registries.feast "features". Applied
# and materialized afresh whenever it is not already running, so its online
# values are as fresh as a feature pipeline would keep them. Best effort: when
# Python or Feast cannot be set up the portal still starts, and its sync
# status says why.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PORT="${ML_DEMO_FEAST_PORT:-6572}"
DIR="$REPO_ROOT/.ml-marketplace/feast-demo"

log "Starting the demo Feast registry on http://127.0.0.1:$PORT"
if ! bash scripts/feast.sh install >/dev/null; then
  echo "demo-feast: could not install Feast; the portal starts without its feature store" >&2
  exit 0
fi
pid=""
[ -f "$DIR/server.pid" ] && pid="$(cat "$DIR/server.pid")"
if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
  rm -rf "$DIR"
fi
if ! bash scripts/feast.sh start "$DIR" "$PORT" >/dev/null; then
  echo "demo-feast: the Feast registry did not start (see $DIR/server.log)" >&2
fi
exit 0
