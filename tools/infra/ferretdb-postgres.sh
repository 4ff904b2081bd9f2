#!/usr/bin/env bash
# Prints the admin URL of the PostgreSQL that FerretDB stores in, starting the project's cluster first if needed
# (used by the test harness, which gives each test system a database of its own). Exits 1 when PostgreSQL is not
# installed, and the harness then stores in SQLite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_postgres_for_ferretdb || exit 1
url=$(postgres_url_for_ferretdb)
echo "${url%/*}/postgres"
