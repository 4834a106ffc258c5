#!/usr/bin/env bash
# The demo's MLflow registry: app-config.yaml's ml.registries.mlflow "demo" on
# 127.0.0.1:5055, seeded once with MLflow's own client from
# examples/mlflow/registry.json (models, versions, aliases, runs, metrics,
# datasets and owner tags). Best effort: when Python or the registry cannot be
# set up the portal still starts, and its sync status says why.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PORT="${ML_DEMO_MLFLOW_PORT:-5055}"
DIR="$REPO_ROOT/.ml-marketplace/mlflow-demo"

log "Starting the demo MLflow registry on http://127.0.0.1:$PORT"
if ! python="$(bash scripts/mlflow.sh install | tail -n 1)"; then
  echo "demo-mlflow: could not install MLflow; the portal starts without its registry" >&2
  exit 0
fi
start_server() {
  if ! bash scripts/mlflow.sh start "$DIR" "$PORT" >/dev/null; then
    echo "demo-mlflow: the MLflow server did not start (see $DIR/server.log)" >&2
    exit 0
  fi
}

# A registry seeded from an older plan starts again from the current one.
plan_hash="$(sha1sum examples/mlflow/registry.json | cut -d' ' -f1)"
if [ -f "$DIR/seeded" ] && [ "$(cat "$DIR/seeded")" != "$plan_hash" ]; then
  log "The example registry plan changed: seeding the demo MLflow again"
  bash scripts/mlflow.sh stop "$DIR"
  rm -rf "$DIR"
fi
start_server
# Seeding is not resumable (a model it half created exists), so a failed
# attempt (a busy machine can make the server answer 500 for a while) starts
# again from an empty registry, up to three times.
for attempt in 1 2 3; do
  [ -f "$DIR/seeded" ] && break
  if "$python" scripts/mlflow/seed.py --tracking-uri "http://127.0.0.1:$PORT" \
    --plan examples/mlflow/registry.json >"$DIR/seed.json"; then
    echo "$plan_hash" >"$DIR/seeded"
    break
  fi
  echo "demo-mlflow: seeding the example registry failed (attempt $attempt of 3); the server's last log lines:" >&2
  tail -n 30 "$DIR/server.log" >&2 || true
  [ "$attempt" -eq 3 ] && break
  bash scripts/mlflow.sh stop "$DIR"
  rm -rf "$DIR"
  start_server
done
