#!/usr/bin/env bash
# Command 1 of the README: install everything and start the demo portal at
# http://localhost:3000 (backend on :7007) with the embedded SQLite database,
# the example ML catalog and the golden-path templates, and the example MLflow
# registry the portal syncs (scripts/demo-mlflow.sh), the example Feast
# feature store (scripts/demo-feast.sh), and example pipelines
# that report their runs over OpenLineage (scripts/demo-pipelines.js).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash scripts/install.sh
bash scripts/demo-mlflow.sh
bash scripts/demo-feast.sh
# The example warehouse jobs report their runs over OpenLineage once the
# backend answers (scripts/demo-pipelines.js); they stop with the portal.
mkdir -p .ml-marketplace
node scripts/demo-pipelines.js >.ml-marketplace/demo-pipelines.log 2>&1 &
PIPELINES=$!
trap 'kill "$PIPELINES" 2>/dev/null || true' EXIT
log "Starting the portal: http://localhost:3000 (Ctrl-C stops it)"
npx backstage-cli repo start
