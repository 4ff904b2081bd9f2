#!/usr/bin/env bash
# Brings up the whole system on this machine: infrastructure (Redis, FerretDB), npm packages, the three services,
# the dashboard, the default rules and the sample data; then prints the URLs and keys.
# Idempotent: running it again rebuilds and restarts the services; `bash tools/stop.sh` stops everything.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"
RUN_DIR="$REPO_ROOT/.run"
# The logs hold request lines and lead data, and .run holds them: only this user may read them (0700 folders,
# 0600 files). Set here rather than with a global umask, which would also reach the builds and npm packages.
mkdir -p "$RUN_DIR/logs"
chmod 700 "$RUN_DIR" "$RUN_DIR/logs"

require_node

# First start: random keys into .env (ignored by git). No key is built into the code.
write_private_env .env
set -a; source .env; set +a
export MONGO_URI="${MONGO_URI:-mongodb://127.0.0.1:27017/lead-scoring}"
export REDIS_URL="${REDIS_URL:-redis://${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-6379}}"
# The local database is FerretDB: one document per update command (libs/persistence/src/bulk-writes.ts says why).
export MONGO_UPDATES_PER_COMMAND="${MONGO_UPDATES_PER_COMMAND:-8}"
# Triggers may call receivers on this machine or its network (a local test server); cloud metadata stays refused.
export OUTBOUND_ALLOW_PRIVATE_NETWORKS="${OUTBOUND_ALLOW_PRIVATE_NETWORKS:-true}"
INGESTION_PORT="${INGESTION_PORT:-7777}"; REALTIME_PORT="${REALTIME_PORT:-7778}"; WORKER_PORT="${WORKER_PORT:-7779}"
DASHBOARD_PORT="${DASHBOARD_PORT:-5173}"
export INGESTION_PORT REALTIME_PORT WORKER_PORT

say "provisioning infrastructure"
bash tools/infra/provision.sh
install_node_modules

say "building the services and the dashboard"
npx nx run-many -t build --parallel=2 --output-style=static

bash tools/stop.sh --services-only
say "starting the services (logs in .run/logs)"
start_process() { # start_process <name> <command...>
  local name="$1"; shift
  local log="$RUN_DIR/logs/$name.log"
  private_file "$log"
  nohup "$@" >"$log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
}
# Heap limits per service, as in libs/runtime/src/heap-budget.ts (why: see there).
declare -A HEAP_MIB=([ingestion-gateway]=192 [scoring-worker]=192 [realtime-gateway]=192)
for app in ingestion-gateway scoring-worker realtime-gateway; do
  start_process "$app" node ${HEAP_MIB[$app]:+"--max-old-space-size=${HEAP_MIB[$app]}"} "dist/apps/$app/apps/$app/src/main.js"
done
# The dashboard reads its gateway URLs at run time, so one build serves any deployment.
cat > dist/apps/dashboard/runtime-config.js <<JS
window.__LEAD_SCORING_CONFIG__ = { apiBaseUrl: 'http://127.0.0.1:$INGESTION_PORT', realtimeUrl: 'http://127.0.0.1:$REALTIME_PORT' };
JS
# Its Content-Security-Policy lets the page connect to these two gateways only (apps/dashboard/security-headers.ts).
DASHBOARD_GATEWAY_URLS="http://127.0.0.1:$INGESTION_PORT http://127.0.0.1:$REALTIME_PORT" \
  start_process dashboard node node_modules/vite/bin/vite.js preview --config apps/dashboard/vite.config.ts --host 127.0.0.1 --port "$DASHBOARD_PORT" --strictPort

wait_ready() { # wait_ready <name> <url>
  local deadline=$((SECONDS + 90))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$2" || true)" == "200" ]]; do
    if (( SECONDS >= deadline )); then
      tail -n 20 "$RUN_DIR/logs/$1.log" >&2
      fail "$1 is not ready at $2 after 90 s (log: .run/logs/$1.log)"
    fi
    sleep 0.5
  done
}
wait_ready ingestion-gateway "http://127.0.0.1:$INGESTION_PORT/health/ready"
wait_ready scoring-worker "http://127.0.0.1:$WORKER_PORT/health/ready"
wait_ready realtime-gateway "http://127.0.0.1:$REALTIME_PORT/health/ready"
wait_ready dashboard "http://127.0.0.1:$DASHBOARD_PORT/"

say "loading the sample data (sample_batch.csv; loading it again adds nothing)"
bash tools/seed/load-sample.sh "http://127.0.0.1:$INGESTION_PORT" "${INGEST_API_KEYS%%,*}"

cat <<INFO

Lead scoring is running.
  Dashboard           http://127.0.0.1:$DASHBOARD_PORT   (sign in with the admin key)
  Ingestion gateway   http://127.0.0.1:$INGESTION_PORT   (POST /api/events ..., API docs at /api/docs)
  Realtime gateway    http://127.0.0.1:$REALTIME_PORT   (reads and Socket.io)
  Scoring worker      http://127.0.0.1:$WORKER_PORT/health/ready, /metrics
  Ingestion key       ${INGEST_API_KEYS%%,*}
  Admin key           ${ADMIN_API_KEYS%%,*}
  Webhook secrets     $WEBHOOK_SECRETS
  Logs                .run/logs/*.log
  Stop                bash tools/stop.sh

Try:  curl -X POST http://127.0.0.1:$INGESTION_PORT/api/events -H 'Content-Type: application/json' \\
        -H 'X-API-Key: ${INGEST_API_KEYS%%,*}' \\
        -d '{"event_type":"PURCHASE","source":"manual","metadata":{"email":"alice@microsoft.com","name":"Alice Johnson"}}'
INFO
