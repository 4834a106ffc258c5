#!/usr/bin/env bash
# Command 2 of the README, and exactly what CI runs (.ci/run): installs
# everything a fresh machine lacks (Node packages, Debian's Chromium and
# PostgreSQL, MLflow in a Python virtualenv), then runs every test: type check, package builds, lint, unit
# and integration tests of every package on SQLite and PostgreSQL, and the
# browser tests.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

started=$(date +%s)
failed_steps=()
timings=()

step() {
  local name="$1"; shift
  log "$name"
  local t0=$(date +%s)
  if "$@"; then :; else failed_steps+=("$name"); fi
  timings+=("$(printf '%-28s %4ss' "$name" $(( $(date +%s) - t0 )))")
}

step "Install Node packages" bash scripts/install.sh
step "Install Chromium" bash scripts/chromium.sh
step "Install MLflow" bash -c 'bash scripts/mlflow.sh install >/dev/null'
# Tests that need a real MLflow server refuse to skip when this is set.
export ML_TEST_REQUIRE_MLFLOW=1
# The golden-path templates are proven by running their own tests in a venv.
export ML_TEST_REQUIRE_PYTHON=1
log "Start PostgreSQL"
t0=$(date +%s)
ML_TEST_POSTGRES_URL="$(bash scripts/postgres.sh)"
export ML_TEST_POSTGRES_URL
echo "PostgreSQL for the tests: $ML_TEST_POSTGRES_URL"
timings+=("$(printf '%-28s %4ss' "Start PostgreSQL" $(( $(date +%s) - t0 )))")
# Integration tests refuse to skip their PostgreSQL half when CI is set.
export CI="${CI:-true}"

rm -rf test-results && mkdir -p test-results
step "Type check" npx tsc
step "Build plugin packages" bash scripts/build-plugins.sh
step "Lint" npx backstage-cli repo lint
step "Format check" npx prettier --check --loglevel warn .
step "Unit and integration tests" npx backstage-cli repo test --watchAll=false \
  --json --outputFile=test-results/jest.json
step "Browser tests" npx playwright test

log "Summary"
for t in "${timings[@]}"; do echo "  $t"; done
echo "  total                        $(( $(date +%s) - started ))s"
echo
node scripts/summarize-tests.js test-results/jest.json test-results/playwright.json "${failed_steps[@]}"
