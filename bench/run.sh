#!/usr/bin/env bash
# Runs every benchmark scenario (or those matching FILTER) and keeps BenchmarkDotNet's markdown reports in bench/results.
#   bench/run.sh                  the full suite: three processes per benchmark, on a quiet machine (an hour or more on 2 cores)
#   FILTER='*B3_*' bench/run.sh   one scenario
#   bench/run.sh --disasm         any other argument goes to BenchmarkDotNet
set -euo pipefail
cd "$(dirname "$0")/.."

artifacts=bench/BenchmarkDotNet.Artifacts
rm -rf "$artifacts"
dotnet run -c Release --project bench/SharedCall.Benchmarks -- \
  --filter "${FILTER:-*}" --launchCount 3 --warmupCount 3 --iterationCount 10 --artifacts "$artifacts" "$@"

mkdir -p bench/results
cp "$artifacts"/results/*-report-github.md bench/results/
echo "Reports copied to bench/results/"
