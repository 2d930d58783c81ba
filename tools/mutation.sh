#!/usr/bin/env bash
# Mutation testing (issue 7): Stryker.NET mutates a package's sources and runs its test projects against each mutant;
# a mutant no test notices "survives". Prints the mutation score per package. CI does not run this (it is slow).
#
#   tools/mutation.sh                 # the core: src/SharedCall, with SharedCall.Tests and SharedCall.Reliability.Tests
#   tools/mutation.sh interception    # src/SharedCall.Interception, with SharedCall.Interception.Tests
#   tools/mutation.sh all
#
# The reliability tests run smaller counts here (each mutant runs every test that covers it); override them with
# SHAREDCALL_STRESS_OPERATIONS, SHAREDCALL_LEAK_CALLS and SHAREDCALL_INTERLEAVINGS. STRYKER_CONCURRENCY sets the
# parallel test runners (default 2). Reports: StrykerOutput/<package>/reports/mutation-report.{html,json}.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export SHAREDCALL_STRESS_OPERATIONS=${SHAREDCALL_STRESS_OPERATIONS:-20000}
export SHAREDCALL_LEAK_CALLS=${SHAREDCALL_LEAK_CALLS:-20000}
export SHAREDCALL_INTERLEAVINGS=${SHAREDCALL_INTERLEAVINGS:-50}
dotnet tool restore >/dev/null

# mutate <name> <source project dir> <test project>...
mutate() {
  local name=$1 project=$2
  shift 2
  local tests=()
  for t in "$@"; do tests+=(--test-project "$root/$t"); done
  (cd "$root/$project" && dotnet stryker --project "$(basename "$project").csproj" "${tests[@]}" \
    --reporter progress --reporter json --reporter html --reporter cleartext \
    --concurrency "${STRYKER_CONCURRENCY:-2}" --output "$root/StrykerOutput/$name")
  score "$name"
}

# The score as Stryker defines it: detected (killed or timed out) / (detected + survived + no coverage).
score() {
  python3 - "$root/StrykerOutput/$1/reports/mutation-report.json" "$1" <<'PY'
import json, sys, collections
report = json.load(open(sys.argv[1]))
status = collections.Counter(m["status"] for f in report["files"].values() for m in f["mutants"])
detected = status["Killed"] + status["Timeout"]
valid = detected + status["Survived"] + status["NoCoverage"]
print(f"mutation score {sys.argv[2]}: {100 * detected / valid:.1f}% ({detected} of {valid} detected; {dict(status)})")
PY
}

case "${1:-core}" in
  core|all)
    mutate core src/SharedCall tests/SharedCall.Tests/SharedCall.Tests.csproj \
      tests/SharedCall.Reliability.Tests/SharedCall.Reliability.Tests.csproj ;;&
  interception|all)
    mutate interception src/SharedCall.Interception tests/SharedCall.Interception.Tests/SharedCall.Interception.Tests.csproj ;;
  core) ;;
  *) echo "usage: $0 [core|interception|all]" >&2; exit 2 ;;
esac
