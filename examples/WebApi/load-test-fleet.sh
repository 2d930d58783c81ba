# The fleet mode of load-test.sh (`bash examples/WebApi/load-test.sh --fleet N`), sourced by it once PostgreSQL runs
# and the API is built: it uses load-test.sh's FLEET, REQUESTS, PRODUCT_ID, WORK, sql, server_queries,
# wait_server_idle, start_apis, stop_apis, run_child(ren), ms and log, and its cleanup stops what is started here.
# See load-test.sh's header for what it measures and why each query holds its connection longer in this mode.

# --- Redis -------------------------------------------------------------------------------------------------------
REDIS_PORT=$(free_port)
mkdir -p "$WORK/redis"
log "starting redis-server on 127.0.0.1:$REDIS_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK/redis" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 100); do
  [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break
  kill -0 "$REDIS_PID" 2>/dev/null || { cat "$WORK/redis.log" >&2; echo "redis-server exited" >&2; exit 1; }
  sleep 0.1
done
[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] || { cat "$WORK/redis.log" >&2; echo "redis-server did not answer" >&2; exit 1; }

# --- the bursts --------------------------------------------------------------------------------------------------
# Each process's repository executions so far (/stats), one number per process.
executions() {
  local api
  for api in "${APIS[@]}"; do printf '%s\n' "$(curl -fsS "$api/stats" | sed -n 's/.*"repositoryQueries":\([0-9]*\).*/\1/p')"; done
}

# The CSV rows of hey (-o csv: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset;
# failed requests have no row) of every process together -> "total success failed duration min avg max p50 p95 p99".
# The duration runs from the first hey's start to the last response (all were started together).
fleet_stats() {
  local total=$1
  shift
  awk -F, 'FNR > 1 && $7 == 200 { print $1, $1 + $8 }' "$@" | sort -n -k1,1 | awk -v total="$total" '
    { t[NR] = $1; sum += $1; if ($2 > end) end = $2 }
    function pct(p) { i = int(NR * p + 0.999999); if (i < 1) i = 1; return t[i] }
    END { printf "%d %d %d %s %s %s %s %s %s %s\n", total, NR, total - NR, end, t[1], (NR ? sum / NR : 0), t[NR], pct(0.5), pct(0.95), pct(0.99) }'
}

declare -A FLEET_RESULT
# fleet_burst NAME PATH: REQUESTS requests at a concurrency of REQUESTS to PATH on every process, all started together.
fleet_burst() {
  local name=$1 path=$2 api i commands=() before after
  wait_server_idle
  sql "SELECT pg_stat_statements_reset()" >/dev/null
  read -r -a before <<<"$(executions | tr '\n' ' ')"
  log "$name: ${#APIS[@]} processes x $REQUESTS requests at once -> $path"
  for i in "${!APIS[@]}"; do
    commands+=("hey -n $REQUESTS -c $REQUESTS -t 0 -o csv '${APIS[$i]}$path' >'$WORK/fleet-$name-$i.csv'")
  done
  run_children "${commands[@]}"
  wait_server_idle
  read -r -a after <<<"$(executions | tr '\n' ' ')"
  local per_process=""
  for i in "${!APIS[@]}"; do per_process+="${per_process:+/}$((after[i] - before[i]))"; done
  FLEET_RESULT[$name]="$(fleet_stats $((REQUESTS * ${#APIS[@]})) "$WORK"/fleet-"$name"-*.csv) $(server_queries) $per_process"
}

# warm_up PATH...: JIT, proxies, connection pools (and the Redis connection) of every process.
warm_up() {
  local path api commands=()
  for path in "$@"; do
    for api in "${APIS[@]}"; do commands+=("hey -n 20 -c 10 -t 60 '$api$path' >/dev/null"); done
  done
  log "warming up $* on every process"
  run_children "${commands[@]}"
  wait_server_idle
}

start_apis "$FLEET"
warm_up "/products/$PRODUCT_ID" "/products/$PRODUCT_ID/coalesced"
fleet_burst plain "/products/$PRODUCT_ID"
fleet_burst in-process "/products/$PRODUCT_ID/coalesced"
stop_apis

start_apis "$FLEET" SHAREDCALL_REDIS="127.0.0.1:$REDIS_PORT"
# The plain endpoint too: fleet-wide, the coalesced warm-up runs a query in one process only, and a process whose pool
# never opened a connection would pay Npgsql's first open (hundreds of milliseconds) inside the measured burst.
warm_up "/products/$PRODUCT_ID" "/products/$PRODUCT_ID/coalesced"
fleet_burst fleet-wide "/products/$PRODUCT_ID/coalesced"
stop_apis

# --- the report --------------------------------------------------------------------------------------------------
echo
echo "Fleet load test: $FLEET API processes (ASP.NET Core + Autofac EnableInterfaceInterceptors() + Npgsql, pool 5..10 each)"
echo "on one PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') and one Redis $(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p'); each query holds its connection ${QUERY_DELAY_SECONDS} s (pg_sleep), product $PRODUCT_ID."
echo "Each burst: $REQUESTS requests to every process at once (one hey per process, concurrency $REQUESTS, all started together)."
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory, $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC'); load tool: hey, loopback."
echo
read -r -a P <<<"${FLEET_RESULT[plain]}"
read -r -a I <<<"${FLEET_RESULT[in-process]}"
read -r -a F <<<"${FLEET_RESULT[fleet-wide]}"
row() { printf '  %-30s %14s %14s %14s\n' "$@"; }
# row_at LABEL INDEX [ms]: the field INDEX of the three results (see fleet_stats; then server queries, executions).
row_at() { if [ -n "${3:-}" ]; then row "$1" "$(ms "${P[$2]}")" "$(ms "${I[$2]}")" "$(ms "${F[$2]}")"; else row "$1" "${P[$2]}" "${I[$2]}" "${F[$2]}"; fi; }
row "" "plain" "in-process" "fleet-wide"
row_at "requests (all processes)" 0
row_at "successful" 1
row_at "failed" 2
row_at "duration" 3 ms
row_at "min latency" 4 ms
row_at "avg latency" 5 ms
row_at "p50 latency" 7 ms
row_at "p95 latency" 8 ms
row_at "p99 latency" 9 ms
row_at "max latency" 6 ms
row_at "executions per process" 11
row_at "server queries" 10
