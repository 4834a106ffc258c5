#!/usr/bin/env bash
# Proves that the throw-away PostgreSQL cluster starts from a checkout that
# other accounts cannot enter (a clone under /root, or in a private temporary
# directory), and that `postgres.sh stop` leaves nothing behind. Run by
# `npm run test:all`.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PORT="${ML_PRIVATE_TEST_PORT:-54339}"
private="$(mktemp -d)"
chmod 700 "$private"
checkout="$private/checkout"
trap 'ML_TEST_POSTGRES_PORT=$PORT bash "$checkout/scripts/postgres.sh" stop >/dev/null 2>&1 || true; rm -rf "$private"' EXIT

mkdir -p "$checkout"
cp -r "$REPO_ROOT/scripts" "$checkout/"
echo "checkout copied to $checkout (mode $(stat -c %a "$private"), user $(id -un))"

url="$(ML_TEST_POSTGRES_PORT=$PORT bash "$checkout/scripts/postgres.sh" start)"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
answer="$("$pg_bin/psql" "$url" -tAc 'select 40 + 2')"
[ "$answer" = 42 ] || { echo "FAIL: PostgreSQL at $url answered '$answer'" >&2; exit 1; }
echo "PostgreSQL from the private checkout answers at $url"

cluster="$(cat "$checkout/.ml-marketplace/postgres/cluster-$PORT")"
ML_TEST_POSTGRES_PORT=$PORT bash "$checkout/scripts/postgres.sh" stop
if "$pg_bin/pg_isready" -h 127.0.0.1 -p "$PORT" -q; then
  echo "FAIL: PostgreSQL still answers on $PORT after stop" >&2
  exit 1
fi
[ ! -e "$cluster" ] || { echo "FAIL: $cluster is left behind" >&2; exit 1; }
echo "stopped; its cluster $cluster is gone"
