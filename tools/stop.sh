#!/usr/bin/env bash
# Stops what tools/start.sh started: the services and the dashboard, then (unless --services-only) the Redis and
# FerretDB (and its PostgreSQL cluster) that provisioning started. Servers that were already running before are
# left alone.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
RUN_DIR="$REPO_ROOT/.run"

shopt -s nullglob
for pidfile in "$RUN_DIR"/*.pid; do
  pid=$(cat "$pidfile")
  # SIGTERM: the worker finishes its active jobs before it exits.
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    echo "stopped $(basename "$pidfile" .pid) (pid $pid)"
  fi
  rm -f "$pidfile"
done

[[ "${1:-}" == "--services-only" ]] || bash "$REPO_ROOT/tools/infra/stop.sh"
