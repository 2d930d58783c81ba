#!/usr/bin/env bash
# CI service hook for the integration tests (tests/SharedCall.IntegrationTests): .ci/run does
#   source .ci/services.d/postgres.sh start    before the tests: starts a throwaway PostgreSQL cluster and exports
#                                             SHAREDCALL_PG_CONNECTION (read by the tests) and SHAREDCALL_PG_DIR
#   bash .ci/services.d/postgres.sh stop       at exit: stops that cluster and removes its folder
# Sourced into .ci/run's shell, so it returns instead of exiting and leaves the shell's options and traps alone.

sharedcall_pg_script="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tests/SharedCall.IntegrationTests/postgres.sh"

case "${1:-}" in
  start)
    if sharedcall_pg_output=$(bash "$sharedcall_pg_script" start); then
      export SHAREDCALL_PG_CONNECTION SHAREDCALL_PG_DIR
      SHAREDCALL_PG_CONNECTION=$(printf '%s\n' "$sharedcall_pg_output" | sed -n 's/^SHAREDCALL_PG_CONNECTION=//p')
      SHAREDCALL_PG_DIR=$(printf '%s\n' "$sharedcall_pg_output" | sed -n 's/^SHAREDCALL_PG_DIR=//p')
      echo "PostgreSQL for the integration tests: $SHAREDCALL_PG_CONNECTION"
    else
      echo "PostgreSQL could not be started: the integration tests will report themselves skipped" >&2
      false
    fi
    ;;
  stop)
    bash "$sharedcall_pg_script" stop "${SHAREDCALL_PG_DIR:-}"
    ;;
  *)
    echo "usage: source .ci/services.d/postgres.sh start | bash .ci/services.d/postgres.sh stop" >&2
    false
    ;;
esac
