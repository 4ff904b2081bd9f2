# Helpers shared by tools/start.sh and tools/test.sh. Sourced, not run.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE="${NX_SKIP_NX_CACHE:-}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

require_node() {
  command -v node >/dev/null || fail "Node.js 20.19 or newer is required (node is not on PATH)"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || fail "Node.js 20.19 or newer is required (found $(node -v))"
}

# `npm install`, not `npm ci`: the lockfile is written where the registry lacks other platforms' optional
# binaries, which `npm ci` counts as out of sync. Locked versions are installed all the same. Skipped when
# node_modules is already up to date with the lockfile.
install_node_modules() {
  local marker="$REPO_ROOT/node_modules/.package-lock.json"
  if [[ -f "$marker" && "$marker" -nt "$REPO_ROOT/package-lock.json" && "$marker" -nt "$REPO_ROOT/package.json" ]]; then
    return 0
  fi
  say "installing npm packages"
  (cd "$REPO_ROOT" && npm install --no-audit --no-fund)
}

# Debian's Chromium for the browser tests (playwright-core drives it; it cannot download its own here).
install_chromium() {
  [[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] && return 0
  command -v apt-get >/dev/null || fail "Chromium is missing at ${CHROMIUM_PATH:-/usr/bin/chromium}: install it or set CHROMIUM_PATH"
  say "installing Debian's chromium for the browser tests"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# Creates <path> if missing, readable and writable by this user only (0600): logs and .env hold keys and lead
# data. A file from an older version (or made by hand) is made private too. umask 077 in a subshell: the file is
# never readable by others, not even between its creation and a chmod.
private_file() { # private_file <path>
  (umask 077; : >>"$1")
  chmod 600 "$1"
}

# Writes random keys into <path> (.env) on first start, privately; makes an existing one private.
write_private_env() { # write_private_env <path>
  if [[ ! -f "$1" ]]; then
    say "writing random keys to $1 (first start)"
    local random='process.stdout.write(require("crypto").randomBytes(Number(process.argv[1])).toString(process.argv[2]))'
    private_file "$1"
    cat >"$1" <<ENV
# Written by tools/start.sh on first start. See .env.example for every variable.
INGEST_API_KEYS=ik_$(node -e "$random" 24 hex)
ADMIN_API_KEYS=ak_$(node -e "$random" 24 hex)
WEBHOOK_SECRETS=default=whsec_$(node -e "$random" 32 base64)
ENV
  fi
  chmod 600 "$1"
}
