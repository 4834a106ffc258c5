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

# What the run must leave as it found it: the tracked files (npm install must
# not rewrite package-lock.json) and the servers it starts.
tree_state() { git status --porcelain 2>/dev/null; git diff 2>/dev/null | sha1sum; }
tree_before="$(tree_state)"
pids_before=" $( (pgrep -f -- "$REPO_ROOT" || true) | tr '\n' ' ') "
demo_mlflow_pid_file="$REPO_ROOT/.ml-marketplace/mlflow-demo/server.pid"
demo_mlflow_was_running=false
if [ -f "$demo_mlflow_pid_file" ] && kill -0 "$(cat "$demo_mlflow_pid_file")" 2>/dev/null; then
  demo_mlflow_was_running=true
fi
demo_feast_pid_file="$REPO_ROOT/.ml-marketplace/feast-demo/server.pid"
demo_feast_was_running=false
if [ -f "$demo_feast_pid_file" ] && kill -0 "$(cat "$demo_feast_pid_file")" 2>/dev/null; then
  demo_feast_was_running=true
fi
postgres_started=false
cleanup() {
  $postgres_started && bash scripts/postgres.sh stop || true
  $demo_mlflow_was_running || bash scripts/mlflow.sh stop "$REPO_ROOT/.ml-marketplace/mlflow-demo" 2>/dev/null || true
  $demo_feast_was_running || bash scripts/feast.sh stop "$REPO_ROOT/.ml-marketplace/feast-demo" 2>/dev/null || true
}
trap cleanup EXIT

step "Install Node packages" bash scripts/install.sh
step "Install Chromium" bash scripts/chromium.sh
step "Install MLflow" bash -c 'bash scripts/mlflow.sh install >/dev/null'
step "Install Feast" bash -c 'bash scripts/feast.sh install >/dev/null'
# Tests that need a real MLflow server or Feast registry refuse to skip when set.
export ML_TEST_REQUIRE_MLFLOW=1
export ML_TEST_REQUIRE_FEAST=1
# The golden-path templates are proven by running their own tests in a venv.
export ML_TEST_REQUIRE_PYTHON=1
log "Start PostgreSQL"
t0=$(date +%s)
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$pg_bin" ] || ! "$pg_bin/pg_isready" -h 127.0.0.1 -p "${ML_TEST_POSTGRES_PORT:-54329}" -q; then
  postgres_started=true
fi
ML_TEST_POSTGRES_URL="$(bash scripts/postgres.sh start)"
export ML_TEST_POSTGRES_URL
echo "PostgreSQL for the tests: $ML_TEST_POSTGRES_URL"
timings+=("$(printf '%-28s %4ss' "Start PostgreSQL" $(( $(date +%s) - t0 )))")
# Integration tests refuse to skip their PostgreSQL half when CI is set.
export CI="${CI:-true}"

rm -rf test-results && mkdir -p test-results
step "Package metadata" node scripts/check-packages.js
step "PostgreSQL from a private checkout" bash scripts/test-private-checkout.sh
step "Type check" npx tsc
step "Build plugin packages" bash scripts/build-plugins.sh
step "Adoption into a fresh app" bash scripts/test-adoption.sh
step "Lint" npx backstage-cli repo lint
step "Format check" npx prettier --check --loglevel warn .
step "Unit and integration tests" npx backstage-cli repo test --watchAll=false \
  --json --outputFile=test-results/jest.json
step "Browser tests" npx playwright test

log "Leave nothing behind"
cleanup
trap - EXIT
leftovers() {
  # Processes started from this checkout (servers, portals), other than this run.
  (pgrep -af -- "$REPO_ROOT" || true) | while read -r pid cmd; do
    case "$pids_before" in *" $pid "*) continue ;; esac
    [[ "$cmd" == pgrep* ]] || echo "$pid $cmd"
  done
  if [ -n "$pg_bin" ] && $postgres_started && "$pg_bin/pg_isready" -h 127.0.0.1 -p "${ML_TEST_POSTGRES_PORT:-54329}" -q; then
    echo "PostgreSQL still answers on port ${ML_TEST_POSTGRES_PORT:-54329}"
  fi
}
left="$(leftovers)"
if [ -n "$left" ]; then
  echo "still running after the tests:"; echo "$left"
  failed_steps+=("Leave nothing running")
fi
if [ "$(tree_state)" != "$tree_before" ]; then
  echo "the run changed tracked files:"; git status --porcelain
  failed_steps+=("Leave git status unchanged")
fi

log "Summary"
for t in "${timings[@]}"; do echo "  $t"; done
echo "  total                        $(( $(date +%s) - started ))s"
echo
node scripts/summarize-tests.js test-results/jest.json test-results/playwright.json "${failed_steps[@]}"
