#!/usr/bin/env bash
# Runs every benchmark scenario (or those matching FILTER) and keeps BenchmarkDotNet's markdown reports in bench/results.
#   bench/run.sh                  the full suite: three processes per benchmark, on a quiet machine (an hour or more on 2 cores)
#   FILTER='*B3_*' bench/run.sh   one scenario
#   bench/run.sh --disasm         any other argument goes to BenchmarkDotNet
#   B14 (Redis) uses SHAREDCALL_REDIS, or a redis-server this script starts (apt-get install redis-server)
set -euo pipefail
cd "$(dirname "$0")/.."

# B14 measures against Redis: SHAREDCALL_REDIS, else a throwaway redis-server on a free loopback port, stopped at exit.
if [ -z "${SHAREDCALL_REDIS:-}" ] && command -v redis-server >/dev/null; then
  redis_dir=$(mktemp -d)
  redis_port=$(for _ in $(seq 1 100); do p=$((20000 + RANDOM % 12000)); if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; break; fi; done)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" --daemonize yes --pidfile "$redis_dir/redis.pid" >/dev/null
  trap 'kill "$(cat "$redis_dir/redis.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$redis_dir"' EXIT
  export SHAREDCALL_REDIS="127.0.0.1:$redis_port"
fi

artifacts=bench/BenchmarkDotNet.Artifacts
rm -rf "$artifacts"
dotnet run -c Release --project bench/SharedCall.Benchmarks -- \
  --filter "${FILTER:-*}" --launchCount 3 --warmupCount 3 --iterationCount 10 --artifacts "$artifacts" "$@"

mkdir -p bench/results
cp "$artifacts"/results/*-report-github.md bench/results/
echo "Reports copied to bench/results/"
