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
if ! bash scripts/mlflow.sh start "$DIR" "$PORT" >/dev/null; then
  echo "demo-mlflow: the MLflow server did not start (see $DIR/server.log)" >&2
  exit 0
fi
if [ ! -f "$DIR/seeded" ]; then
  if "$python" scripts/mlflow/seed.py --tracking-uri "http://127.0.0.1:$PORT" \
    --plan examples/mlflow/registry.json >"$DIR/seed.json"; then
    touch "$DIR/seeded"
  else
    echo "demo-mlflow: seeding the example registry failed" >&2
  fi
fi
