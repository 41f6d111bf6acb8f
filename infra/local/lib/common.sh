# Shared helpers for the local stack scripts. Sourced, never run.
# Every long-running process is started detached with its pid recorded, and
# stopped by that pid alone, so `down` never touches a process that is not ours.

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

# need_cmd CMD HINT — fail at once, naming what to install.
need_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is required but was not found on PATH: $2"
}

pid_file() { echo "$RUN_DIR/$1.pid"; }

# is_running NAME — true if NAME's recorded pid is alive.
is_running() {
  local f; f=$(pid_file "$1")
  [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

# start_daemon NAME LOGFILE CMD... — start CMD detached in its own session.
start_daemon() {
  local name=$1 logfile=$2; shift 2
  mkdir -p "$RUN_DIR" "$(dirname "$logfile")"
  setsid "$@" >>"$logfile" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
}

# stop_daemon NAME [GRACE_SECONDS] — TERM the recorded pid, KILL after the grace period.
stop_daemon() {
  local name=$1 grace=${2:-30} f pid i
  f=$(pid_file "$name")
  [[ -f $f ]] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name did not stop within ${grace}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$f"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_until NAME TIMEOUT_SECONDS CMD... — poll CMD until it succeeds; fail
# naming the component and its log if it does not, or if the process died.
wait_until() {
  local name=$1 timeout=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if ! is_running "$name"; then
      die "$name exited during start-up; see $LOG_DIR/$name.log"
    fi
    ((SECONDS < deadline)) || die "$name was not ready after ${timeout}s; see $LOG_DIR/$name.log"
    sleep 0.5
  done
}

# require_free_port NAME PORT VAR — fail clearly when another process holds the port.
require_free_port() {
  port_open "$2" && die "port $2 for $1 is already in use by another process; set $3 to another port" || true
}

# The stack's own CA for local TLS (Kafka's SASL_SSL listener, PostgreSQL), made once in the data folder; `reset`
# removes it. stack_certs NAME issues NAME.crt/NAME.key there for localhost and 127.0.0.1 (infra/local/certs).
stack_tls_dir() { echo "$DATA_DIR/tls"; }
stack_ca_file() { echo "$(stack_tls_dir)/ca.crt"; }
stack_certs() {
  "$REPO_ROOT/infra/local/certs" "$(stack_tls_dir)" "$1" DNS:localhost IP:127.0.0.1 \
    || die "could not make the TLS certificate for $1; see the message above"
}
