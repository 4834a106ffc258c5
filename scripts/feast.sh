#!/usr/bin/env bash
# A real Feast feature store and its REST registry server, for the integration
# tests and the demo.
#
#   bash scripts/feast.sh install          create/update .ml-marketplace/feast-venv;
#                                          prints the venv's python
#   bash scripts/feast.sh start DIR PORT   copy scripts/feast/repo (a feature
#                                          repository, not catalog content) into DIR, write
#                                          its data, apply and materialize it, and
#                                          serve its registry over REST on
#                                          127.0.0.1:PORT; prints the API's base URL
#   bash scripts/feast.sh stop DIR         stop the server started in DIR
#
# FEAST_START_TIMEOUT (seconds, default 120) bounds the wait for the server.
# Only the last line of stdout is meant for callers; progress goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.ml-marketplace/feast-venv"
REQUIREMENTS="$ROOT/scripts/feast/requirements.txt"
EXAMPLE="$ROOT/scripts/feast/repo"
export PYTHONUNBUFFERED=1

# say, die, alive, venv_install, url_answers
# shellcheck source=lib/venv.sh
source "$ROOT/scripts/lib/venv.sh"

usage() {
  cat >&2 <<'USAGE'
usage: bash scripts/feast.sh install
       bash scripts/feast.sh start DIR PORT
       bash scripts/feast.sh stop DIR
USAGE
  exit 2
}

cmd_install() {
  venv_install "$VENV" "$REQUIREMENTS" Feast
}

feast_bin() {
  [ -x "$VENV/bin/feast" ] || die "no Feast virtualenv at $VENV: run \`bash scripts/feast.sh install\`"
  echo "$VENV/bin/feast"
}


answers() { url_answers "$VENV/bin/python" "$1"; }

cmd_start() {
  [ $# -eq 2 ] || usage
  local dir port feast pid=""
  mkdir -p "$1"
  dir="$(cd "$1" && pwd)"
  port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
  local api="http://127.0.0.1:$port/api/v1"
  feast="$(feast_bin)"

  [ -f "$dir/server.pid" ] && pid="$(cat "$dir/server.pid")"
  if alive "$pid"; then
    answers "$api/projects" || die "a server (pid $pid) runs for $dir but $api does not answer"
    say "Feast registry server already running (pid $pid)"
    echo "$api"
    return
  fi
  if answers "$api/projects"; then
    die "$api already answers (another Feast server?); stop it, or choose another port"
  fi

  if [ ! -f "$dir/repo/feature_store.yaml" ]; then
    say "Applying the example feature repository in $dir/repo"
    mkdir -p "$dir/repo"
    cp -R "$EXAMPLE/." "$dir/repo/"
    (
      cd "$dir/repo"
      "$VENV/bin/python" generate_data.py >&2
      "$feast" apply >&2
      "$feast" materialize-incremental "$(date -u +%Y-%m-%dT%H:%M:%S)" >&2
    ) || die "could not apply the example repository (see above)"
  fi

  say "Starting the Feast registry server on $api"
  (
    cd "$dir/repo"
    # REST only: the gRPC server would outlive a killed parent.
    exec "$feast" serve_registry --no-grpc --rest-api --rest-port "$port" -h 127.0.0.1
  ) >"$dir/server.log" 2>&1 &
  echo $! >"$dir/server.pid"

  local deadline=$((SECONDS + ${FEAST_START_TIMEOUT:-120}))
  until answers "$api/projects"; do
    if ! alive "$(cat "$dir/server.pid")"; then
      tail -n 30 "$dir/server.log" >&2 || true
      die "the Feast registry server exited (log: $dir/server.log)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "the Feast registry server did not answer $api within ${FEAST_START_TIMEOUT:-120} s (log: $dir/server.log)"
    fi
    sleep 0.3
  done
  say "Feast registry server ready (pid $(cat "$dir/server.pid"))"
  echo "$api"
}

cmd_stop() {
  [ $# -eq 1 ] || usage
  local dir="$1" pid=""
  [ -f "$dir/server.pid" ] && pid="$(cat "$dir/server.pid")"
  if alive "$pid"; then
    say "Stopping Feast registry server (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      alive "$pid" || break
      sleep 0.1
    done
    alive "$pid" && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/server.pid"
}

[ $# -ge 1 ] || usage
command="$1"
shift
case "$command" in
install) cmd_install "$@" ;;
start) cmd_start "$@" ;;
stop) cmd_stop "$@" ;;
*) usage ;;
esac
