#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL for the store's tests, under target/postgres,
# listening on a Unix socket there and on 127.0.0.1:$PORT. Prints the database URL.
#   scripts/postgres.sh start    # prints postgres://…
#   scripts/postgres.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${DIORAMA_TEST_POSTGRES_PORT:-55439}
DIR="$PWD/target/postgres"
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$BIN" ]; then
  echo "postgres.sh: PostgreSQL is not installed (scripts/setup.sh installs it)" >&2
  exit 1
fi
# PostgreSQL will not run as root; then it runs as the postgres user the package made.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
case "${1:-start}" in
  start)
    mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      as_owner "$BIN/initdb -D '$DIR/data' -A trust -U postgres >/dev/null"
    fi
    if ! as_owner "$BIN/pg_ctl -D '$DIR/data' status" >/dev/null 2>&1; then
      as_owner "$BIN/pg_ctl -D '$DIR/data' -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1\" -l '$DIR/log' -w start" >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_owner "$BIN/pg_ctl -D '$DIR/data' -m fast stop" >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: scripts/postgres.sh start|stop" >&2
    exit 2
    ;;
esac
