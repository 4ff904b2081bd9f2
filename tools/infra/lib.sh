# Shared helpers of the infrastructure scripts. Sourced, not run.
# Everything here is idempotent: calling it twice leaves the machine as calling it once.

LS_CACHE_DIR="${LEAD_SCORING_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lead-scoring}"
LS_STATE_DIR="${LEAD_SCORING_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/lead-scoring}"
FERRETDB_VERSION="v1.24.2"
FERRETDB_BIN="$LS_CACHE_DIR/ferretdb-$FERRETDB_VERSION"
INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] error: %s\n' "$*" >&2; exit 1; }

# host and port of a redis:// or mongodb:// URL (first host only; credentials and path ignored).
url_host() { local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"; rest="${rest%%,*}"; echo "${rest%%:*}"; }
url_port() {
  local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"; rest="${rest%%,*}"
  if [[ "$rest" == *:* ]]; then echo "${rest##*:}"; else echo "$2"; fi
}
is_loopback() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# A Redis answers PING with +PONG (or -NOAUTH when it wants a password, which still proves it is Redis).
redis_answers() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/$1/$2" && printf 'PING\r\n' >&3 && timeout 2 head -c 7 <&3) 2>/dev/null ) || return 1
  [[ "$reply" == +PONG* || "$reply" == -NOAUTH* ]]
}

wait_until() { # wait_until <seconds> <command...>
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    (( SECONDS >= deadline )) && return 1
    sleep 0.2
  done
}

ensure_redis_server_installed() {
  command -v redis-server >/dev/null && return 0
  log "redis-server is missing: installing Debian's redis-server package"
  command -v apt-get >/dev/null || die "no redis-server and no apt-get: install Redis 7 or set REDIS_URL to a running one"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  # Debian's package may start its own service; ours is started explicitly, so that is harmless either way.
  command -v redis-server >/dev/null || die "installing redis-server failed"
}

# Starts a throwaway-config Redis on loopback; the pid file lets stop.sh find it.
start_redis() { # start_redis <port> <dir>
  local port="$1" dir="$2"
  mkdir -p "$dir"
  chmod 700 "$dir" # its log and data hold lead data: this user only
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --dir "$dir" --save "" --appendonly no \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
  wait_until 10 redis_answers 127.0.0.1 "$port" || die "redis-server did not answer on port $port (see $dir/redis.log)"
}

# Builds FerretDB once from the version pinned (with checksums) in tools/infra/ferretdb/go.mod, then reuses it.
ensure_ferretdb_built() {
  [[ -x "$FERRETDB_BIN" ]] && return 0
  command -v go >/dev/null || die "FerretDB must be built with Go (1.22+), and 'go' is not on PATH: install Go or set MONGO_URI to a running MongoDB"
  log "building FerretDB $FERRETDB_VERSION once (about a minute on first run; cached at $FERRETDB_BIN)"
  local src_dir build_dir
  src_dir=$(cd "$INFRA_DIR/ferretdb" && go mod download -json github.com/FerretDB/FerretDB | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  [[ -d "$src_dir" ]] || die "could not download the FerretDB module through the Go module proxy"
  build_dir="$LS_CACHE_DIR/ferretdb-src-$FERRETDB_VERSION"
  rm -rf "$build_dir" && mkdir -p "$LS_CACHE_DIR" && cp -r "$src_dir" "$build_dir" && chmod -R u+w "$build_dir"
  # A module-cache copy has no generated version file, and FerretDB refuses to start without one.
  echo "$FERRETDB_VERSION" > "$build_dir/build/version/version.txt"
  (cd "$build_dir" && go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb) || die "building FerretDB failed"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$build_dir"
}

# FerretDB's PostgreSQL is a cluster of the project's own on this port (unless FERRETDB_POSTGRESQL_URL names
# another), so that it runs with PostgreSQL's defaults whatever the machine's own server is set to. Above all
# autovacuum: a machine's server may have it off (CI machines often do), and then FerretDB's tables are never
# analyzed nor cleaned of dead rows, and every lookup slows down as a run goes on (docs/benchmarks.md).
LS_POSTGRES_PORT="${LEAD_SCORING_POSTGRES_PORT:-5439}"

postgres_url_for_ferretdb() {
  echo "${FERRETDB_POSTGRESQL_URL:-postgres://postgres@127.0.0.1:$LS_POSTGRES_PORT/lead_scoring_ferretdb}"
}

# The newest installed PostgreSQL's server programs (Debian keeps them off PATH), else those on PATH.
postgres_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -z "$dir" ]] && command -v initdb >/dev/null && dir=$(dirname "$(command -v initdb)")
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

# PostgreSQL refuses to run as root, so root's cluster belongs to the postgres user, in its home.
postgres_cluster_dir() {
  if [[ $(id -u) == 0 ]]; then echo "/var/lib/postgresql/lead-scoring-$LS_POSTGRES_PORT"
  else echo "$LS_STATE_DIR/postgresql-$LS_POSTGRES_PORT"; fi
}
as_cluster_owner() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Starts the project's PostgreSQL on 127.0.0.1:$LS_POSTGRES_PORT, creating it on first use. Loopback only, trust
# authentication (like Debian's default for local connections), no Unix socket; durability settings are
# PostgreSQL's defaults (fsync and synchronous_commit on). Returns 1 when PostgreSQL is not installed.
ensure_postgres_cluster() {
  port_open 127.0.0.1 "$LS_POSTGRES_PORT" && return 0
  local bin dir output
  bin=$(postgres_bin_dir) || return 1
  dir=$(postgres_cluster_dir)
  if [[ ! -f "$dir/PG_VERSION" ]]; then
    log "creating a PostgreSQL cluster for FerretDB in $dir (port $LS_POSTGRES_PORT)"
    mkdir -p "$dir" && chmod 700 "$dir"
    [[ $(id -u) == 0 ]] && chown postgres: "$dir"
    output=$(as_cluster_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 2>&1) \
      || die "initdb failed: $output"
    printf '\n# tools/infra/lib.sh\nlisten_addresses = %s\nport = %s\nunix_socket_directories = %s\n' \
      "'127.0.0.1'" "$LS_POSTGRES_PORT" "''" >> "$dir/postgresql.conf"
  fi
  output=$(as_cluster_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start 2>&1) \
    || die "PostgreSQL did not start: $output (see $dir/server.log)"
  log "started PostgreSQL on 127.0.0.1:$LS_POSTGRES_PORT (data in $dir)"
}

# The project's cluster, unless FERRETDB_POSTGRESQL_URL names another server (then its owner runs it).
ensure_postgres_for_ferretdb() {
  [[ -n "${FERRETDB_POSTGRESQL_URL:-}" ]] || ensure_postgres_cluster
}

stop_postgres_cluster() {
  local bin dir
  dir=$(postgres_cluster_dir)
  [[ -f "$dir/postmaster.pid" ]] && bin=$(postgres_bin_dir) || return 0
  as_cluster_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null && log "stopped PostgreSQL on port $LS_POSTGRES_PORT"
}

# True when the PostgreSQL behind FERRETDB_POSTGRESQL_URL answers and its database exists (created if missing),
# with the GIN indexes that let FerretDB's equality filters use an index (see the SQL file).
ensure_postgres_database() {
  local url host port db
  url=$(postgres_url_for_ferretdb)
  host=$(url_host "$url"); port=$(url_port "$url" 5432); db="${url##*/}"; db="${db%%\?*}"
  ensure_postgres_for_ferretdb || return 1
  port_open "$host" "$port" || return 1
  command -v psql >/dev/null || return 1
  local admin_url="${url%/*}/postgres"
  if [[ "$(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" 2>/dev/null)" != "1" ]]; then
    psql "$admin_url" -qc "CREATE DATABASE \"$db\"" >/dev/null 2>&1 || return 1
  fi
  psql "$url" -qAt -v ON_ERROR_STOP=1 -f "$INFRA_DIR/ferretdb/postgresql-equality-indexes.sql" >/dev/null 2>&1 \
    || log "warning: could not add the equality indexes to PostgreSQL database $db (needs a superuser); FerretDB will scan tables"
}

# Starts FerretDB on loopback. Backend: PostgreSQL (the project's cluster, or FERRETDB_POSTGRESQL_URL when it
# answers), else SQLite files in <dir>.
start_ferretdb() { # start_ferretdb <port> <dir> [sqlite]
  local port="$1" dir="$2" backend_args
  mkdir -p "$dir/state" "$dir/sqlite"
  chmod 700 "$dir" # the SQLite files and the log hold lead data: this user only
  if [[ "${3:-}" != "sqlite" ]] && ensure_postgres_database; then
    backend_args=(--handler=postgresql "--postgresql-url=$(postgres_url_for_ferretdb)")
    FERRETDB_BACKEND="postgresql"
  else
    backend_args=(--handler=sqlite "--sqlite-url=file:$dir/sqlite/")
    FERRETDB_BACKEND="sqlite ($dir/sqlite)"
  fi
  # --telemetry=disable: these machines are offline. --debug-addr=-: several instances must not share port 8088.
  nohup "$FERRETDB_BIN" --telemetry=disable --debug-addr=- --listen-addr="127.0.0.1:$port" \
    --state-dir="$dir/state" --log-level=warn "${backend_args[@]}" >"$dir/ferretdb.log" 2>&1 &
  echo $! > "$dir/ferretdb.pid"
  wait_until 20 port_open 127.0.0.1 "$port" || die "FerretDB did not listen on port $port (see $dir/ferretdb.log)"
}
