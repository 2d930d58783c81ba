#!/usr/bin/env bash
# shared-call-py's web load test on real parts: ASP.NET Core + Autofac + Npgsql + PostgreSQL, driven by hey.
#
#   bash examples/WebApi/load-test.sh
#
# Installs what is missing (Debian packages postgresql and hey; needs root), starts a throwaway PostgreSQL cluster
# (tests/SharedCall.IntegrationTests/postgres.sh: temp folder, loopback only, pg_stat_statements, 1,000 products),
# builds and starts the API on 127.0.0.1, warms both endpoints up, then fires REQUESTS requests at each endpoint at a
# concurrency of 1,000 and again at 100, and prints hey's figures and the queries the server executed
# (pg_stat_statements, reset before every run). Everything it started is stopped and removed on exit or interrupt.
#
# Settings (environment): REQUESTS (default 1000), CONCURRENCY (default "1000 100"), PRODUCT_ID (default 42),
# QUERY_DELAY_SECONDS (how long each query holds its connection, pg_sleep; default 0.5),
# POOL_TIMEOUT_SECONDS (Npgsql's pool wait, default 120; Npgsql's own default, 15, makes the plain run fail).
#
#   bash examples/WebApi/load-test.sh --fleet 3
#
# Fleet mode: N API processes (2..8) on one PostgreSQL and one Redis. Also starts a throwaway redis-server on a free
# loopback port (installs the Debian package redis-server when missing; stopped and its folder removed on exit like
# the cluster). Each burst is REQUESTS requests (default 100) to every process at once: N hey runs started together,
# one per process, each at a concurrency of REQUESTS, so every request is in flight at the same time. Three bursts:
#   plain        /products/{id} on N processes without Redis: one query per request
#   in-process   /products/{id}/coalesced on the same processes: one query per process (N)
#   fleet-wide   /products/{id}/coalesced on N processes restarted with SHAREDCALL_REDIS: one query in all (1)
# and prints the server-counted queries (pg_stat_statements), each process's repository executions and the latencies
# of all N x REQUESTS requests together.
# Why the query is slower here: a burst is coalesced only while its first execution runs; a request arriving after it
# ended starts a new one. N hey processes and N APIs share the machine's cores, so the bursts take a while to arrive
# in full (~0.1 s on an idle 2-core machine, more on a busy one): each query holds its connection QUERY_DELAY_SECONDS
# (pg_sleep; default 1 here, 0.5 without --fleet) so that all N bursts arrive while the first execution runs, and the
# counts are N and 1.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PG_SCRIPT="$REPO_ROOT/tests/SharedCall.IntegrationTests/postgres.sh"
FLEET=0
case "${1:-}" in
  "") ;;
  --fleet) FLEET=${2:-}; [[ "$FLEET" =~ ^[2-8]$ ]] || { echo "usage: $0 [--fleet N] (N = 2..8 API processes)" >&2; exit 2; } ;;
  *) echo "usage: $0 [--fleet N] (N = 2..8 API processes)" >&2; exit 2 ;;
esac
if [ "$FLEET" -gt 0 ]; then
  REQUESTS=${REQUESTS:-100}
  export QUERY_DELAY_SECONDS=${QUERY_DELAY_SECONDS:-1}
else
  REQUESTS=${REQUESTS:-1000}
fi
CONCURRENCY=${CONCURRENCY:-"1000 100"}
PRODUCT_ID=${PRODUCT_ID:-42}
# Bounded: this is a loopback test, not a stress tool.
[ "$REQUESTS" -le 10000 ] || { echo "REQUESTS is capped at 10000" >&2; exit 2; }
[ "$FLEET" -eq 0 ] || [ "$REQUESTS" -le 1000 ] || { echo "REQUESTS is capped at 1000 per process with --fleet" >&2; exit 2; }

log() { printf '\n::: %s\n' "$*" >&2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sharedcall-loadtest.XXXXXX")
API_PIDS=()
CHILD_PIDS=()
REDIS_PID=""
SHAREDCALL_PG_DIR=""
# Stops every API process this script started.
stop_apis() {
  local pid
  for pid in "${API_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${API_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  API_PIDS=()
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ "${#CHILD_PIDS[@]}" -gt 0 ]; then kill "${CHILD_PIDS[@]}" 2>/dev/null || true; fi
  stop_apis
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
  if [ -n "$SHAREDCALL_PG_DIR" ]; then bash "$PG_SCRIPT" stop "$SHAREDCALL_PG_DIR" || true; fi
  rm -rf -- "$WORK"
  exit "$status"
}
trap cleanup EXIT
# Runs long steps in the background and waits for them: bash runs a trap only between foreground commands, while
# `wait` returns at once on a signal, so an interrupt stops the script now rather than when the steps end.
# run_child CMD...: one step. run_children "CMD1" "CMD2"...: steps started together (each a string for bash -c).
run_child() {
  "$@" &
  CHILD_PIDS=($!)
  wait "${CHILD_PIDS[0]}"
  CHILD_PIDS=()
}
run_children() {
  local command status=0 pid
  for command in "$@"; do bash -c "exec $command" & CHILD_PIDS+=($!); done
  for pid in "${CHILD_PIDS[@]}"; do wait "$pid" || status=$?; done
  CHILD_PIDS=()
  return "$status"
}
trap 'exit 130' INT
trap 'exit 143' TERM

# --- what is missing -------------------------------------------------------------------------------------------
if ! command -v hey >/dev/null; then
  log "installing the Debian package hey"
  [ "$(id -u)" -eq 0 ] || { echo "hey is missing; install it with: sudo apt-get install hey" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq hey >/dev/null
fi
if [ "$FLEET" -gt 0 ] && ! command -v redis-server >/dev/null; then
  log "installing the Debian package redis-server"
  [ "$(id -u)" -eq 0 ] || { echo "redis-server is missing; install it with: sudo apt-get install redis-server" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq redis-server >/dev/null
fi
command -v curl >/dev/null || { echo "curl is needed (apt-get install curl)" >&2; exit 1; }
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is needed (dotnet)" >&2; exit 1; }

# --- PostgreSQL --------------------------------------------------------------------------------------------------
log "starting PostgreSQL"
pg_output=$(bash "$PG_SCRIPT" start)
SHAREDCALL_PG_CONNECTION=$(printf '%s\n' "$pg_output" | sed -n 's/^SHAREDCALL_PG_CONNECTION=//p')
SHAREDCALL_PG_DIR=$(printf '%s\n' "$pg_output" | sed -n 's/^SHAREDCALL_PG_DIR=//p')
PG_BIN=$(printf '%s\n' "$pg_output" | sed -n 's/^SHAREDCALL_PG_BIN=//p')
PG_PORT=$(printf '%s\n' "$SHAREDCALL_PG_CONNECTION" | sed -n 's/.*Port=\([0-9]*\).*/\1/p')
export SHAREDCALL_PG_CONNECTION
sql() { "$PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d sharedcall -c "$1"; }
server_queries() {
  sql "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query LIKE '%pg_sleep%FROM products%' AND query NOT LIKE '%pg_stat_statements%'"
}
# A statement is recorded when its backend finishes it: wait until no backend of the API is still busy.
wait_server_idle() {
  for _ in $(seq 1 200); do
    [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = 'sharedcall' AND pid <> pg_backend_pid() AND state <> 'idle'")" = 0 ] && return
    sleep 0.05
  done
}

# Seconds -> "1.23 s" or "456 ms"; a / b -> "12.3x".
ms() { awk -v s="$1" 'BEGIN { if (s == "") print "-"; else if (s >= 1) printf "%.2f s", s; else printf "%.0f ms", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }

# --- the API -----------------------------------------------------------------------------------------------------
log "building examples/WebApi (Release)"
run_child dotnet build "$REPO_ROOT/examples/WebApi/WebApi.csproj" -c Release -v q -nologo >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; exit 1; }
# A loopback port nothing listens on, below Linux's ephemeral range (32768+), which hey's and Npgsql's own connections use.
free_port() { for _ in $(seq 1 100); do p=$((20000 + RANDOM % 12000)); if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi; done; }
# start_apis COUNT [VAR=VALUE...]: starts COUNT API processes on loopback ports (their URLs in APIS), waits for each.
APIS=()
start_apis() {
  local count=$1 i url
  shift
  APIS=()
  for i in $(seq 1 "$count"); do
    url="http://127.0.0.1:$(free_port)"
    log "starting the API on $url${*:+ ($*)}"
    env "$@" POOL_TIMEOUT_SECONDS="${POOL_TIMEOUT_SECONDS:-120}" DOTNET_gcServer=1 \
      dotnet "$REPO_ROOT/examples/WebApi/bin/Release/net10.0/WebApi.dll" --urls "$url" >"$WORK/api-$i.log" 2>&1 &
    API_PIDS+=($!)
    APIS+=("$url")
  done
  for i in "${!APIS[@]}"; do
    for _ in $(seq 1 300); do
      curl -fsS "${APIS[$i]}/stats" >/dev/null 2>&1 && break
      kill -0 "${API_PIDS[$i]}" 2>/dev/null || { cat "$WORK/api-$((i + 1)).log" >&2; echo "the API exited" >&2; exit 1; }
      sleep 0.1
    done
    curl -fsS "${APIS[$i]}/stats" >/dev/null || { cat "$WORK/api-$((i + 1)).log" >&2; echo "the API did not answer" >&2; exit 1; }
  done
}

if [ "$FLEET" -gt 0 ]; then
  # shellcheck source=examples/WebApi/load-test-fleet.sh
  source "$REPO_ROOT/examples/WebApi/load-test-fleet.sh"
  exit 0
fi

start_apis 1
API=${APIS[0]}

log "warming up both endpoints (JIT, proxies, the connection pool)"
run_child hey -n 50 -c 10 -t 60 "$API/products/$PRODUCT_ID" >/dev/null
run_child hey -n 50 -c 10 -t 60 "$API/products/$PRODUCT_ID/coalesced" >/dev/null
wait_server_idle

# --- the runs ----------------------------------------------------------------------------------------------------
# hey's summary -> "total success failed duration rps min avg max p50 p95 p99" (seconds), plus the server's count.
parse_hey() {
  awk -v total="$2" '
    /^  Total:/        { duration = $2 }
    /^  Slowest:/      { max = $2 }
    /^  Fastest:/      { min = $2 }
    /^  Average:/      { avg = $2 }
    /^  Requests\/sec:/ { rps = $2 }
    /^  50% in/        { p50 = $3 }
    /^  95% in/        { p95 = $3 }
    /^  99% in/        { p99 = $3 }
    /^  \[200\]/       { ok = $2 }
    END { printf "%d %d %d %s %s %s %s %s %s %s %s\n", total, ok, total - ok, duration, rps, min, avg, max, p50, p95, p99 }
  ' "$1"
}

declare -A RESULT
run() {
  local name=$1 url=$2 concurrency=$3
  wait_server_idle
  sql "SELECT pg_stat_statements_reset()" >/dev/null
  log "$name: $REQUESTS requests, concurrency $concurrency -> $url"
  # -t 0: no client timeout; the plain endpoint's last requests wait ~50 s for a pooled connection by design.
  run_child hey -n "$REQUESTS" -c "$concurrency" -t 0 "$url" >"$WORK/hey-$name-$concurrency.txt"
  wait_server_idle
  RESULT[$name,$concurrency]="$(parse_hey "$WORK/hey-$name-$concurrency.txt" "$REQUESTS") $(server_queries)"
  sed -n '/^Summary:/,/^Response time histogram:/p;/^Latency distribution:/,/^$/p;/^Status code distribution:/,$p' \
    "$WORK/hey-$name-$concurrency.txt" | grep -v '^Response time histogram:' >&2
}

for c in $CONCURRENCY; do
  run plain "$API/products/$PRODUCT_ID" "$c"
  run coalesced "$API/products/$PRODUCT_ID/coalesced" "$c"
done

# --- the report --------------------------------------------------------------------------------------------------

echo
echo "Web API load test: ASP.NET Core + Autofac EnableInterfaceInterceptors() + Npgsql (pool 5..10, Timeout=${POOL_TIMEOUT_SECONDS:-120} s)"
echo "on PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), each query holds its connection ${QUERY_DELAY_SECONDS:-0.5} s (pg_sleep), product $PRODUCT_ID."
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory, $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC'); load tool: hey, loopback."
for c in $CONCURRENCY; do
  read -r pt ps pf pd prps pmin pavg pmax p50 p95 p99 pq <<<"${RESULT[plain,$c]}"
  read -r ct cs cf cd crps cmin cavg cmax c50 c95 c99 cq <<<"${RESULT[coalesced,$c]}"
  echo
  echo "--- $REQUESTS requests at concurrency $c ---"
  printf '  %-22s %14s %14s %10s\n' "" "plain" "coalesced" "ratio"
  printf '  %-22s %14s %14s\n' "total requests" "$pt" "$ct"
  printf '  %-22s %14s %14s\n' "successful" "$ps" "$cs"
  printf '  %-22s %14s %14s\n' "failed" "$pf" "$cf"
  printf '  %-22s %14s %14s %10s\n' "duration" "$(ms "$pd")" "$(ms "$cd")" "$(ratio "$pd" "$cd")"
  printf '  %-22s %14s %14s %10s\n' "throughput (req/s)" "$(printf '%.2f' "$prps")" "$(printf '%.2f' "$crps")" "$(ratio "$crps" "$prps")"
  printf '  %-22s %14s %14s\n' "min latency" "$(ms "$pmin")" "$(ms "$cmin")"
  printf '  %-22s %14s %14s %10s\n' "avg latency" "$(ms "$pavg")" "$(ms "$cavg")" "$(ratio "$pavg" "$cavg")"
  printf '  %-22s %14s %14s\n' "max latency" "$(ms "$pmax")" "$(ms "$cmax")"
  printf '  %-22s %14s %14s %10s\n' "p50 latency" "$(ms "$p50")" "$(ms "$c50")" "$(ratio "$p50" "$c50")"
  printf '  %-22s %14s %14s %10s\n' "p95 latency" "$(ms "$p95")" "$(ms "$c95")" "$(ratio "$p95" "$c95")"
  printf '  %-22s %14s %14s %10s\n' "p99 latency" "$(ms "$p99")" "$(ms "$c99")" "$(ratio "$p99" "$c99")"
  printf '  %-22s %14s %14s %10s\n' "server queries" "$pq" "$cq" "$(ratio "$pq" "$cq")"
done
echo
echo "shared-call-py (FastAPI + asyncpg pool 5..10, 1,000 curl processes, ~all in flight at once):"
printf '  %-22s %14s %14s %10s\n' "" "normal" "coalesced" "ratio"
printf '  %-22s %14s %14s %10s\n' "duration" "104.04 s" "3.84 s" "27.1x"
printf '  %-22s %14s %14s %10s\n' "throughput (req/s)" "9.61" "260.48" "27.1x"
printf '  %-22s %14s %14s %10s\n' "p50 latency" "52.1 s" "731 ms" "71.3x"
printf '  %-22s %14s %14s %10s\n' "p99 latency" "101.3 s" "1432 ms" "70.7x"
printf '  %-22s %14s %14s\n' "failed" "0" "0"
