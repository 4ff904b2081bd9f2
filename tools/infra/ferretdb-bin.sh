#!/usr/bin/env bash
# Prints the path of the cached FerretDB binary, building it first if needed (used by tests that start their own).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_ferretdb_built
echo "$FERRETDB_BIN"
