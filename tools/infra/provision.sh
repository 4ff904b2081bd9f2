#!/usr/bin/env bash
# Makes sure a Redis and a MongoDB-protocol server answer at REDIS_URL and MONGO_URI.
# Uses what already answers; otherwise starts redis-server and FerretDB on loopback (building FerretDB once).
# Idempotent: a second run finds everything up and returns in about a second.
# Used by tools/start.sh, tools/test.sh and .ci/run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REDIS_URL="${REDIS_URL:-redis://${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-6379}}"
MONGO_URI="${MONGO_URI:-mongodb://127.0.0.1:27017/lead-scoring}"
mkdir -p "$LS_STATE_DIR"
started=()

redis_host=$(url_host "$REDIS_URL"); redis_port=$(url_port "$REDIS_URL" 6379)
if redis_answers "$redis_host" "$redis_port"; then
  log "Redis answers at $redis_host:$redis_port: using it"
else
  is_loopback "$redis_host" || die "Redis at $REDIS_URL does not answer, and it is not on this machine: start it or fix REDIS_URL"
  ensure_redis_server_installed
  start_redis "$redis_port" "$LS_STATE_DIR/redis-$redis_port"
  started+=("redis-server on 127.0.0.1:$redis_port (pid $(cat "$LS_STATE_DIR/redis-$redis_port/redis.pid"))")
fi

mongo_host=$(url_host "$MONGO_URI"); mongo_port=$(url_port "$MONGO_URI" 27017)
if port_open "$mongo_host" "$mongo_port"; then
  log "MongoDB-protocol server answers at $mongo_host:$mongo_port: using it"
else
  is_loopback "$mongo_host" || die "MongoDB at $MONGO_URI does not answer, and it is not on this machine: start it or fix MONGO_URI"
  ensure_ferretdb_built
  start_ferretdb "$mongo_port" "$LS_STATE_DIR/ferretdb-$mongo_port"
  started+=("FerretDB $FERRETDB_VERSION on 127.0.0.1:$mongo_port, backend $FERRETDB_BACKEND (pid $(cat "$LS_STATE_DIR/ferretdb-$mongo_port/ferretdb.pid"))")
fi

if ((${#started[@]} > 0)); then
  for line in "${started[@]}"; do log "started $line"; done
  log "stop them with: bash tools/infra/stop.sh"
fi
