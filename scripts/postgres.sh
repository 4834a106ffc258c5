#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests on 127.0.0.1 and prints
# its connection URL. Installs Debian's postgresql package when no server
# binaries are present. The cluster lives under .ml-marketplace/ so it never
# touches a system cluster.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PG_PORT="${ML_TEST_POSTGRES_PORT:-54329}"
PG_DIR="$REPO_ROOT/.ml-marketplace/postgres"

find_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

PG_BIN="$(find_pg_bin)"
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  apt_install postgresql >&2
  PG_BIN="$(find_pg_bin)"
fi

# PostgreSQL refuses to run as root; use the postgres account the package made.
run_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q; then
  rm -rf "$PG_DIR" && mkdir -p "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  run_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 >/dev/null
  run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -o \
    "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" \
    start >&2
fi
echo "postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
