#!/usr/bin/env bash
# A real MLflow tracking server for the integration tests and the benchmark.
#
#   bash scripts/mlflow.sh install          create/update .ml-marketplace/mlflow-venv;
#                                           prints the venv's python
#   bash scripts/mlflow.sh start DIR PORT   start a server on 127.0.0.1:PORT keeping
#                                           everything under DIR; prints its URL
#   bash scripts/mlflow.sh stop DIR         stop the server started in DIR
#
# MLFLOW_SERVER_OPTS adds options to `mlflow server` (split on spaces), e.g.
# "--gunicorn-opts=--log-level=warning" to serve through gunicorn instead of
# uvicorn; MLFLOW_START_TIMEOUT (seconds, default 120) bounds the wait for
# /health. A DIR on tmpfs (/dev/shm) makes SQLite commits cheaper.
# Only the last line of stdout is meant for callers; progress goes to stderr.
# The Python used is $MLFLOW_PYTHON when set, else the repo's virtualenv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.ml-marketplace/mlflow-venv"
REQUIREMENTS="$ROOT/scripts/mlflow/requirements.txt"

# No usage reporting from the server or the client, ever.
export MLFLOW_DISABLE_TELEMETRY=true
export DO_NOT_TRACK=true
export MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false
export PYTHONUNBUFFERED=1

# say, die, alive, venv_install, url_answers
# shellcheck source=lib/venv.sh
source "$ROOT/scripts/lib/venv.sh"

usage() {
  cat >&2 <<'EOF'
usage: bash scripts/mlflow.sh install
       bash scripts/mlflow.sh start DIR PORT
       bash scripts/mlflow.sh stop DIR
EOF
  exit 2
}

cmd_install() {
  venv_install "$VENV" "$REQUIREMENTS" MLflow
}

server_python() {
  if [ -n "${MLFLOW_PYTHON:-}" ]; then
    echo "$MLFLOW_PYTHON"
  elif [ -x "$VENV/bin/python" ]; then
    echo "$VENV/bin/python"
  else
    die "no MLflow virtualenv at $VENV: run \`bash scripts/mlflow.sh install\`"
  fi
}

# Absolute path of a directory, creating it.
abs_dir() {
  mkdir -p "$1"
  (cd "$1" && pwd)
}


healthy() { url_answers "$(server_python)" "http://127.0.0.1:$1/health"; }

cmd_start() {
  [ $# -eq 2 ] || usage
  local dir port python pid=""
  dir="$(abs_dir "$1")"
  port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
  local url="http://127.0.0.1:$port"

  [ -f "$dir/server.pid" ] && pid="$(cat "$dir/server.pid")"
  if alive "$pid"; then
    healthy "$port" || die "a server (pid $pid) is already running for $dir but $url/health does not answer"
    say "MLflow server already running (pid $pid)"
    echo "$url"
    return
  fi

  # Something else already answering here (another checkout's demo, a test
  # server left behind) would take our requests: seeding it fails in ways that
  # say nothing about the port.
  if healthy "$port"; then
    die "$url already answers (another MLflow server?); stop it, or choose another port"
  fi

  python="$(server_python)"
  mkdir -p "$dir/artifacts"
  # SQLite's write-ahead log (a setting stored in the database file, so made
  # before MLflow creates its tables) costs one sync per commit instead of
  # several: MLflow commits twice per write request, so on a busy disk this
  # saves more than half of a write's time.
  if [ ! -f "$dir/mlflow.db" ]; then
    "$python" -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' \
      "$dir/mlflow.db"
  fi
  # The server binds to loopback only; its default host allow-list already
  # accepts "127.0.0.1:*" and "localhost:*" Host headers, so the security
  # middleware needs no extra flags. Artifacts are proxied by the server
  # (mlflow-artifacts:/ URIs) into DIR/artifacts, as with a remote server.
  # setsid makes the server the leader of its own process group so `stop`
  # also ends the uvicorn worker it spawns.
  say "Starting MLflow server on $url (log: $dir/server.log)"
  setsid "$python" -m mlflow server \
    --backend-store-uri "sqlite:///$dir/mlflow.db" \
    --serve-artifacts \
    --artifacts-destination "$dir/artifacts" \
    --host 127.0.0.1 \
    --port "$port" \
    --workers 1 \
    ${MLFLOW_SERVER_OPTS:-} \
    >"$dir/server.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/server.pid"

  local deadline=$((SECONDS + ${MLFLOW_START_TIMEOUT:-120}))
  until healthy "$port"; do
    if ! alive "$pid"; then
      say "MLflow server exited before becoming healthy; last log lines:"
      tail -n 40 "$dir/server.log" >&2 || true
      rm -f "$dir/server.pid"
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "MLflow server did not answer $url/health within ${MLFLOW_START_TIMEOUT:-120}s; last log lines:"
      tail -n 40 "$dir/server.log" >&2 || true
      stop_pid "$pid"
      rm -f "$dir/server.pid"
      exit 1
    fi
    sleep 0.5
  done
  say "MLflow server ready (pid $pid)"
  echo "$url"
}

# Ends the process group led by PID: TERM, then KILL after 15 s.
stop_pid() {
  local pid="$1" i
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 30); do
    alive "$pid" || break
    sleep 0.5
  done
  if alive "$pid"; then
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  # The group may outlive its leader for a moment (the uvicorn worker).
  kill -KILL -- "-$pid" 2>/dev/null || true
}

cmd_stop() {
  [ $# -eq 1 ] || usage
  local dir="$1" pid=""
  [ -f "$dir/server.pid" ] || {
    say "no MLflow server recorded in $dir"
    return
  }
  pid="$(cat "$dir/server.pid")"
  if alive "$pid"; then
    say "Stopping MLflow server (pid $pid)"
    stop_pid "$pid"
  fi
  rm -f "$dir/server.pid"
}

[ $# -ge 1 ] || usage
command="$1"
shift
case "$command" in
  install)
    [ $# -eq 0 ] || usage
    cmd_install
    ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  *) usage ;;
esac
