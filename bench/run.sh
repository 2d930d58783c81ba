#!/usr/bin/env bash
# Regenerates docs/benchmarks.md from one run of every scenario.
#   bench/run.sh           full run (about an hour on 2 cores: the classes marked [MedianAcrossProcesses] run in five processes each)
#   bench/run.sh --quick   BenchmarkDotNet's short job (a few minutes): a smoke check, not figures to publish
# Any other argument is passed to the benchmark program; to run one scenario by hand instead, use
#   dotnet run -c Release --project bench/SharedCall.Benchmarks -- --filter '*B3_*'
set -euo pipefail
cd "$(dirname "$0")/.."

report=docs/benchmarks.md
args=(--report "$report")
for arg in "$@"; do
  case "$arg" in
    --quick) args+=(--quick) ;;
    *) args+=("$arg") ;;
  esac
done

mkdir -p docs
dotnet run -c Release --project bench/SharedCall.Benchmarks -- "${args[@]}"
