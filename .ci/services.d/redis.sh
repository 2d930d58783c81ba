#!/usr/bin/env bash
# CI service hook for the Redis tests (tests/SharedCall.Redis.Tests): .ci/run does
#   source .ci/services.d/redis.sh start    before the tests: installs redis-server with apt-get when it is missing,
#                                          starts a throwaway one on 127.0.0.1:6399 and exports SHAREDCALL_REDIS (read
#                                          by the tests) and SHAREDCALL_REDIS_DIR (its pid file)
#   bash .ci/services.d/redis.sh stop       at exit: stops that server and removes its folder
# Sourced into .ci/run's shell, so it returns instead of exiting and leaves the shell's options and traps alone.
# Without redis-server the Redis tests still run against the embedded Garnet; the redis-server runs say skipped.

sharedcall_redis_port=6399

case "${1:-}" in
  start)
    if ! command -v redis-server >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
      echo "installing redis-server with apt-get"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; } >/dev/null 2>&1 \
        || echo "apt-get could not install redis-server" >&2
    fi
    if command -v redis-server >/dev/null 2>&1; then
      export SHAREDCALL_REDIS SHAREDCALL_REDIS_DIR
      SHAREDCALL_REDIS_DIR=$(mktemp -d)
      if redis-server --port "$sharedcall_redis_port" --bind 127.0.0.1 --save '' --appendonly no \
           --daemonize yes --pidfile "$SHAREDCALL_REDIS_DIR/redis.pid" --dir "$SHAREDCALL_REDIS_DIR" >/dev/null; then
        SHAREDCALL_REDIS="127.0.0.1:$sharedcall_redis_port"
        echo "redis-server for the Redis tests: $SHAREDCALL_REDIS"
      else
        echo "redis-server could not be started: the redis-server tests will report themselves skipped" >&2
        unset SHAREDCALL_REDIS
        false
      fi
    else
      echo "no redis-server: the redis-server tests will report themselves skipped (Garnet runs them all)" >&2
      false
    fi
    ;;
  stop)
    if [ -n "${SHAREDCALL_REDIS_DIR:-}" ] && [ -f "$SHAREDCALL_REDIS_DIR/redis.pid" ]; then
      kill "$(cat "$SHAREDCALL_REDIS_DIR/redis.pid")" 2>/dev/null || true
    fi
    [ -n "${SHAREDCALL_REDIS_DIR:-}" ] && rm -rf "$SHAREDCALL_REDIS_DIR"
    true
    ;;
  *)
    echo "usage: source .ci/services.d/redis.sh start | bash .ci/services.d/redis.sh stop" >&2
    false
    ;;
esac
