# Kafka: a single-node KRaft broker (broker and controller in one JVM), run with
# plain `java` from the Maven Central jars that infra/kafka/pom.xml lists, so
# there is no tarball to fetch. Topics come from libs/kafka/src/topics.json.

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
# The SASL/SCRAM listener: next to the controller's port unless set.
KAFKA_SASL_PORT=${KAFKA_SASL_PORT:-$((KAFKA_PORT + 2))}
# The SASL_SSL listener (SCRAM over TLS), one further up unless set.
KAFKA_SSL_PORT=${KAFKA_SSL_PORT:-$((KAFKA_PORT + 3))}

kafka_home() { echo "$CACHE_DIR/kafka-$KAFKA_VERSION"; }
kafka_dir() { echo "$DATA_DIR/kafka"; }
kafka_pom() { echo "$REPO_ROOT/infra/kafka/pom.xml"; }
# The install marker holds the pom's checksum: editing the pom reinstalls.
kafka_pom_sum() { sha256sum "$(kafka_pom)" | cut -d' ' -f1; }
kafka_installed() { [[ -f $(kafka_home)/.installed && $(<"$(kafka_home)/.installed") == "$(kafka_pom_sum)" ]]; }

# Sets KAFKA_JAVA: java on the cached broker classpath, logging through our log4j2 config.
kafka_java_cmd() {
  KAFKA_JAVA=(java "-Dlog4j2.configurationFile=$REPO_ROOT/infra/kafka/log4j2.xml" -cp "$(kafka_home)/libs/*")
}

# Kafka 4.x brokers need Java 17 or newer.
kafka_check_java() {
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if ! [[ $v =~ ^[0-9]+$ ]] || ((v < 17)); then
    die "Kafka $KAFKA_VERSION needs Java 17 or newer, found '${v:-unknown}': install openjdk-17-jre-headless"
  fi
}

kafka_install() {
  need_cmd java "install Java 17 or newer, e.g. apt-get install openjdk-17-jre-headless"
  need_cmd mvn "install Maven 3 (it fetches the broker jars), e.g. apt-get install maven"
  kafka_check_java
  kafka_installed && return 0
  log "resolving Kafka $KAFKA_VERSION jars into $(kafka_home)/libs"
  rm -rf "$(kafka_home)"
  # Output is shown only on failure: even a quiet Maven 3.8 prints stray colour codes.
  local out
  out=$(mvn -q -B -f "$(kafka_pom)" dependency:copy-dependencies -Dkafka.version="$KAFKA_VERSION" \
    -DincludeScope=runtime -DoutputDirectory="$(kafka_home)/libs" 2>&1) \
    || { printf '%s\n' "$out" >&2; die "Maven could not fetch Kafka $KAFKA_VERSION; see its output above"; }
  kafka_pom_sum >"$(kafka_home)/.installed"
}

# Fills the template's {{NAME}} placeholders; quoted replacements keep '&' literal.
kafka_render_config() {
  local text
  text=$(<"$REPO_ROOT/infra/kafka/server.properties.template")
  text=${text//'{{KAFKA_PORT}}'/"$KAFKA_PORT"}
  text=${text//'{{KAFKA_CONTROLLER_PORT}}'/"$KAFKA_CONTROLLER_PORT"}
  text=${text//'{{KAFKA_SASL_PORT}}'/"$KAFKA_SASL_PORT"}
  text=${text//'{{KAFKA_SSL_PORT}}'/"$KAFKA_SSL_PORT"}
  text=${text//'{{KAFKA_KEYSTORE}}'/"$(kafka_dir)/keystore.pem"}
  text=${text//'{{KAFKA_TRUSTSTORE}}'/"$(stack_ca_file)"}
  text=${text//'{{KAFKA_DATA}}'/"$(kafka_dir)/data"}
  printf '%s\n' "$text" >"$(kafka_dir)/server.properties"
}

# The SASL_SSL listener's PEM keystore: the broker's key, then its certificate, from the stack's CA.
kafka_keystore() {
  stack_certs kafka
  (umask 077 && cat "$(stack_tls_dir)/kafka.key" "$(stack_tls_dir)/kafka.crt" >"$(kafka_dir)/keystore.pem")
}

# Formats the log dir once (meta.properties marks it done). The cluster id is
# kept beside it, so a format that was cut short is redone with the same id.
kafka_format() {
  local dir id
  dir=$(kafka_dir)
  [[ -f $dir/data/meta.properties ]] && return 0
  kafka_java_cmd
  if [[ ! -s $dir/cluster.id ]]; then
    id=$("${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid 2>>"$LOG_DIR/kafka.log" | tail -n 1)
    [[ $id =~ ^[A-Za-z0-9_-]{22}$ ]] || die "could not generate a Kafka cluster id; see $LOG_DIR/kafka.log"
    echo "$id" >"$dir/cluster.id"
  fi
  log "formatting Kafka storage in $dir/data (cluster id $(<"$dir/cluster.id"))"
  "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format --ignore-formatted \
    --cluster-id "$(<"$dir/cluster.id")" --config "$dir/server.properties" >>"$LOG_DIR/kafka.log" 2>&1 \
    || die "formatting Kafka storage failed; see $LOG_DIR/kafka.log"
}

# Ready once the client port answers a Kafka ApiVersions request, which proves
# a broker (not a hung JVM or some other program) serves it; Kafka opens that
# port only after the broker is unfenced. The probe is ApiVersions v0,
# correlation id 1, client id "ready"; a good reply is its size (4 bytes),
# correlation id 1, error code 0.
KAFKA_PROBE='\x00\x00\x00\x0f\x00\x12\x00\x00\x00\x00\x00\x01\x00\x05ready'
kafka_ready() {
  local reply
  reply=$(
    exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT" && printf '%b' "$KAFKA_PROBE" >&3 \
      && timeout 2 head -c 10 <&3 | od -An -tx1 | tr -d ' \n'
  ) || return 1
  [[ ${reply:8} == 000000010000 ]]
}

# Creates the topics of libs/kafka/src/topics.json that are missing (kafkajs admin).
kafka_topics() {
  source "$REPO_ROOT/infra/local/node" || die "Node.js $NODE_VERSION is needed to create the topics"
  # kafkajs 2.2.4 passes Node a negative timeout (see libs/kafka/src/negative-timeout-warning.ts): harmless, unprinted.
  KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" node --disable-warning=TimeoutNegativeWarning \
    "$REPO_ROOT/infra/local/kafka-topics.mjs" >&2 \
    || die "creating Kafka topics failed; see the message above"
}

kafka_start() {
  if ! is_running kafka; then
    kafka_installed || die "Kafka $KAFKA_VERSION is not installed yet: run kafka_install first"
    require_free_port kafka "$KAFKA_PORT" KAFKA_PORT
    require_free_port "kafka controller" "$KAFKA_CONTROLLER_PORT" KAFKA_CONTROLLER_PORT
    require_free_port "kafka sasl" "$KAFKA_SASL_PORT" KAFKA_SASL_PORT
    require_free_port "kafka ssl" "$KAFKA_SSL_PORT" KAFKA_SSL_PORT
    mkdir -p "$(kafka_dir)" "$LOG_DIR"
    kafka_keystore
    kafka_render_config
    kafka_format
    log "starting kafka on 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
    kafka_java_cmd
    # A modest heap suits a dev broker; G1 settings are the ones Kafka's own scripts use.
    start_daemon kafka "$LOG_DIR/kafka.log" "${KAFKA_JAVA[@]}" -Xms256m -Xmx512m \
      -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
      -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      kafka.Kafka "$(kafka_dir)/server.properties"
  fi
  wait_until kafka 90 kafka_ready
  # Idempotent, so a running broker also picks up topics added to topics.json.
  kafka_topics
}

# Adds (or changes) a SCRAM-SHA-512 user of the SASL listener, through the PLAINTEXT listener as
# kafka-configs.sh --bootstrap-server does; the password comes on stdin.
kafka_user() {
  local name=${1:?usage: kafka-user NAME (password on stdin)} password
  [[ $name =~ ^[A-Za-z0-9._-]+$ ]] || die "a Kafka user name is letters, digits, '.', '_' or '-'"
  IFS= read -r password || [[ -n $password ]] || die "give the password on stdin"
  [[ $password != *[],=[]* ]] || die "the password must not contain , = [ or ]"
  is_running kafka || die "kafka is not running: infra/local/stack up kafka"
  kafka_java_cmd
  local out
  # On the command line (the tool's --add-config-file does not take SCRAM credentials): a local, throwaway password.
  out=$("${KAFKA_JAVA[@]}" org.apache.kafka.tools.ConfigCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --alter \
    --entity-type users --entity-name "$name" \
    --add-config "SCRAM-SHA-512=[password=$password]" 2>&1) || {
    printf '%s\n' "${out//"$password"/***}" >&2 # the tool echoes a config it cannot parse, password included
    die "adding Kafka user $name failed; see the output above"
  }
}

# Kafka shuts down cleanly on TERM; flushing and closing logs can take a while.
kafka_stop() { stop_daemon kafka 60; }

kafka_reset() {
  is_running kafka && die "stop kafka before resetting its data"
  rm -rf "${DATA_DIR:?}/kafka"
}

kafka_status() {
  if ! is_running kafka; then
    echo "kafka      stopped"
  elif kafka_ready; then
    echo "kafka      running  pid $(cat "$(pid_file kafka)")  127.0.0.1:$KAFKA_PORT"
  else
    echo "kafka      starting pid $(cat "$(pid_file kafka)")  127.0.0.1:$KAFKA_PORT"
  fi
}
