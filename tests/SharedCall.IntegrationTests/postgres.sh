#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the integration tests and the web load test.
#
#   bash postgres.sh start         initdb a cluster in a temp folder on a free loopback port, start it, create
#                                  pg_stat_statements, seed 1,000 products, and print on stdout:
#                                    SHAREDCALL_PG_CONNECTION=Host=127.0.0.1;Port=...;Username=postgres;Database=sharedcall
#                                    SHAREDCALL_PG_DIR=/tmp/sharedcall-pg.XXXXXX
#                                  (progress goes to stderr). The server keeps running after the script exits.
#   bash postgres.sh stop [DIR]    stop the cluster in DIR (default: $SHAREDCALL_PG_DIR) and remove DIR.
#
# Installs the Debian package `postgresql` when no PostgreSQL server binaries are found (needs root and apt-get).
# The server only listens on 127.0.0.1. initdb and postgres refuse to run as root, so as root they run as the
# `postgres` user (or `nobody`), which owns the temp folder.
set -euo pipefail

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# Prints the folder holding initdb, pg_ctl and psql of one PostgreSQL version, or nothing.
find_pg_bin() {
  local initdb_path dir
  if initdb_path=$(command -v initdb 2>/dev/null); then
    dir=$(dirname "$(readlink -f "$initdb_path")")
    if [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      printf '%s\n' "$dir"
      return
    fi
  fi
  # Debian installs the server outside PATH, one folder per major version: take the newest.
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5 -n -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      printf '%s\n' "$dir"
      return
    fi
  done
}

install_postgresql() {
  [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is not available to install it"
  log "installing the Debian package postgresql"
  # Only the binaries are wanted: keep the package from creating and starting a cluster of its own on port 5432.
  mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/50-sharedcall-no-main.conf
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
}

# A loopback port that nothing listens on now (bash's /dev/tcp connect fails on a free port).
free_port() {
  local port attempt
  for attempt in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return
    fi
  done
  die "no free loopback port found"
}

# Runs a command as the cluster's owner: the postgres user, else nobody; as a non-root user, as that user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    # runuser lives in /usr/sbin, which a CI PATH may leave out.
    local runuser
    runuser=$(PATH="$PATH:/usr/sbin:/sbin" command -v runuser) || die "runuser (package util-linux) is needed to run PostgreSQL as $PG_OWNER"
    "$runuser" -u "$PG_OWNER" -- "$@"
  else
    "$@"
  fi
}

stop_cluster() {
  local dir=$1
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  local bin
  bin=$(cat "$dir/pg_bin" 2>/dev/null || find_pg_bin)
  if [ -f "$dir/data/postmaster.pid" ] && [ -n "$bin" ]; then
    PG_OWNER=$(stat -c %U "$dir/data")
    local pid
    pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 && [ -n "$pid" ]; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf -- "$dir"
  log "stopped and removed $dir"
}

# EXIT trap while starting: remove whatever was made, keep the exit status.
abandon_start() {
  local status=$?
  trap - EXIT INT TERM
  stop_cluster "$STARTING_DIR"
  exit "$status"
}

start_cluster() {
  local bin
  bin=$(find_pg_bin)
  if [ -z "$bin" ]; then
    install_postgresql
    bin=$(find_pg_bin)
    [ -n "$bin" ] || die "the postgresql package is installed but initdb/pg_ctl/postgres were not found"
  fi
  log "using PostgreSQL binaries in $bin ($("$bin/postgres" --version))"

  PG_OWNER=postgres
  id -u postgres >/dev/null 2>&1 || PG_OWNER=nobody

  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/sharedcall-pg.XXXXXX")
  # Cleans up a half-started cluster: a failure or an interruption before the end leaves nothing behind.
  STARTING_DIR=$dir
  trap abandon_start EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  printf '%s\n' "$bin" > "$dir/pg_bin"
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$PG_OWNER" "$dir"

  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

  local port attempt started=0
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # Throwaway data: durability settings off for speed; enough connections for a pool of 10 plus the tests.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200" \
      -o "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top" \
      -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1 && { started=1; break; }
    log "start on port $port failed (attempt $attempt); retrying on another port"
  done
  if [ "$started" -ne 1 ]; then
    tail -n 20 "$dir/server.log" >&2 || true
    die "the server did not start"
  fi

  local psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
  "${psql[@]}" -d postgres -c 'CREATE DATABASE sharedcall' >&2
  "${psql[@]}" -d sharedcall >&2 <<'SQL'
CREATE EXTENSION pg_stat_statements;
CREATE TABLE products (
  id    integer PRIMARY KEY,
  name  text           NOT NULL,
  price numeric(10, 2) NOT NULL,
  stock integer        NOT NULL
);
INSERT INTO products (id, name, price, stock)
SELECT i, 'Product ' || i, round((10 + (i * 37) % 990)::numeric, 2), (i * 13) % 500
FROM generate_series(1, 1000) AS i;
ANALYZE products;
SQL

  trap - EXIT INT TERM
  log "PostgreSQL is running on 127.0.0.1:$port (data in $dir); stop it with: bash $0 stop $dir"
  printf 'SHAREDCALL_PG_CONNECTION=Host=127.0.0.1;Port=%s;Username=postgres;Database=sharedcall\n' "$port"
  printf 'SHAREDCALL_PG_DIR=%s\n' "$dir"
  printf 'SHAREDCALL_PG_BIN=%s\n' "$bin"
}

case "${1:-}" in
  start) start_cluster ;;
  stop) stop_cluster "${2:-${SHAREDCALL_PG_DIR:-}}" ;;
  *) die "usage: $0 start | stop [DIR]" ;;
esac
