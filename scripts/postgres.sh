#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, on 127.0.0.1.
#
#   bash scripts/postgres.sh [start]   start it (unless it answers) and print its URL
#   bash scripts/postgres.sh stop      stop it and delete its cluster
#
# Installs Debian's postgresql package when no server binaries are present.
# The cluster never touches a system cluster. PostgreSQL refuses to run as
# root, so as root the server runs as the `postgres` account, which may not be
# able to enter the checkout (a clone under /root or in a private temporary
# directory). The cluster therefore lives in a fresh directory under /tmp,
# owned by whoever runs the server, and .ml-marketplace/postgres/cluster-PORT
# remembers where.
# ML_TEST_POSTGRES_PORT picks the port (default 54329).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PG_PORT="${ML_TEST_POSTGRES_PORT:-54329}"
STATE_DIR="$REPO_ROOT/.ml-marketplace/postgres"
POINTER="$STATE_DIR/cluster-$PG_PORT"

find_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true
}

is_root() { [ "$(id -u)" = 0 ]; }
run_pg() {
  # From /, which `postgres` can enter whatever the checkout's permissions.
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

cmd_start() {
  PG_BIN="$(find_pg_bin)"
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    apt_install postgresql >&2
    PG_BIN="$(find_pg_bin)"
  fi
  if ! "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q; then
    cmd_stop 2>/dev/null || true
    mkdir -p "$STATE_DIR"
    # Always a short path under /tmp: the server's Unix socket lives in the
    # cluster directory, and socket paths longer than 107 bytes (a deep
    # checkout) make PostgreSQL refuse to start.
    local dir
    dir="$(run_pg mktemp -d /tmp/ml-marketplace-pg.XXXXXX)"
    printf '%s\n' "$dir" >"$POINTER"
    run_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 >/dev/null
    run_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" \
      start >&2 || {
      cat "$dir/server.log" >&2 2>/dev/null
      exit 1
    }
  fi
  echo "postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
}

cmd_stop() {
  [ -f "$POINTER" ] || return 0
  local dir PG_BIN
  dir="$(cat "$POINTER")"
  PG_BIN="$(find_pg_bin)"
  if [ -n "$PG_BIN" ] && [ -f "$dir/data/postmaster.pid" ]; then
    run_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  fi
  rm -rf "$dir" "$POINTER"
}

case "${1:-start}" in
start) cmd_start ;;
stop) cmd_stop ;;
*)
  echo "usage: bash scripts/postgres.sh [start|stop]" >&2
  exit 2
  ;;
esac
