#!/usr/bin/env bash
# Runs every test: lint (with the module boundaries), type checks, unit tests, then the end-to-end tests that start
# real Redis, FerretDB and the three services, and drive them over HTTP, Socket.io and headless Chromium.
# Installs what is missing first (npm packages, redis-server, FerretDB, Chromium). Prints "N passed, N failed".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

require_node
say "provisioning infrastructure"
bash tools/infra/provision.sh
source tools/infra/lib.sh && ensure_redis_server_installed && ensure_ferretdb_built
install_chromium
install_node_modules

rm -rf tmp/test-results tmp/e2e-logs && mkdir -p tmp/test-results
status=0
say "lint, type checks and unit tests"
npx nx run-many -t lint typecheck test --parallel=2 --output-style=static --skip-nx-cache || status=$?
if [[ $status -eq 0 ]]; then
  say "builds and end-to-end tests"
  npx nx run @lead-scoring/e2e:e2e --output-style=static || status=$?
fi

node tools/lib/summarize-tests.mjs tmp/test-results || status=$((status == 0 ? 1 : status))
exit $status
