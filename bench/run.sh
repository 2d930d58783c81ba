#!/usr/bin/env bash
# Runs every benchmark scenario (or those matching FILTER) and keeps BenchmarkDotNet's markdown reports in bench/results.
#   bench/run.sh                  the full suite: three processes per benchmark, on a quiet machine (about an hour on 2 cores)
#   FILTER='*B3_*' bench/run.sh   one scenario
#   bench/run.sh --job dry        any other argument goes to BenchmarkDotNet (here: a smoke check, no figures)
set -euo pipefail
cd "$(dirname "$0")/.."

artifacts=bench/BenchmarkDotNet.Artifacts
rm -rf "$artifacts"
dotnet run -c Release --project bench/SharedCall.Benchmarks -- \
  --filter "${FILTER:-*}" --launchCount 3 --warmupCount 3 --iterationCount 10 --artifacts "$artifacts" "$@"

mkdir -p bench/results
cp "$artifacts"/results/*-report-github.md bench/results/
echo "Reports copied to bench/results/"
