#!/usr/bin/env bash
# Command 1 of the README: install everything and start the demo portal at
# http://localhost:3000 (backend on :7007) with the embedded SQLite database,
# the example ML catalog and the golden-path templates, and the example MLflow
# registry the portal syncs (scripts/demo-mlflow.sh).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash scripts/install.sh
bash scripts/demo-mlflow.sh
log "Starting the portal: http://localhost:3000 (Ctrl-C stops it)"
exec npx backstage-cli repo start
