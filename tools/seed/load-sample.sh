#!/usr/bin/env bash
# Uploads sample_batch.csv through the CSV endpoint. Its rows carry event ids, so loading it twice adds nothing.
# Usage: load-sample.sh <ingestion base url> <ingestion key>
set -euo pipefail
base_url="$1"; key="$2"
csv="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/sample_batch.csv"
response=$(curl -sS -w '\n%{http_code}' -X POST "$base_url/api/events/upload" -H "X-API-Key: $key" -F "file=@$csv;type=text/csv")
status="${response##*$'\n'}"
body="${response%$'\n'*}"
if [[ "$status" != "200" && "$status" != "202" ]]; then
  echo "loading the sample data failed with HTTP $status: $body" >&2
  exit 1
fi
echo "$body" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(`sample data: ${r.rows} rows, ${r.accepted} accepted, ${r.duplicates} duplicates, ${r.rejected} rejected`)})'
