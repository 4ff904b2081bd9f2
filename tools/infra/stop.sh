#!/usr/bin/env bash
# Stops the Redis, FerretDB and PostgreSQL servers that provision.sh started (found by their pid files); leaves
# others alone.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

shopt -s nullglob
for pidfile in "$LS_STATE_DIR"/redis-*/redis.pid "$LS_STATE_DIR"/ferretdb-*/ferretdb.pid; do
  pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then log "stopped $(basename "$(dirname "$pidfile")") (pid $pid)"; fi
  rm -f "$pidfile"
done
stop_postgres_cluster
