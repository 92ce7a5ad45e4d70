#!/usr/bin/env bash
# Local stack for `make run`, `make stop` and the tests that need a real schema registry:
# an Apache Kafka broker (KRaft, Maven Central jars), Apicurio Registry (Confluent-compatible API) and the service.
# Everything lives under .run/ (git-ignored); each process is tracked by its PID file and stopped by PID.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# RUN_DIR: where this stack keeps its data, PIDs and logs (`make bench` runs a second stack in .bench/)
RUN="${RUN_DIR:-$ROOT/.run}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${CONTROLLER_PORT:-9093}"
REGISTRY_PORT="${REGISTRY_PORT:-8081}"
SERVICE_PORT="${SERVICE_PORT:-8080}"
MANAGEMENT_PORT="${MANAGEMENT_PORT:-8180}"   # the service's actuator: health, /actuator/prometheus
INSTANCES="${INSTANCES:-1}"   # service processes (make run INSTANCES=3)
REGISTRY_MANAGEMENT_PORT="${REGISTRY_MANAGEMENT_PORT:-9001}"
APICURIO_VERSION="3.3.3"
APICURIO_DIR="$ROOT/.run/apicurio-registry-$APICURIO_VERSION"   # one download, shared by every stack
MVN="${MVN:-mvn}"

say() { printf '\033[1m[stack]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[stack] %s\033[0m\n' "$*" >&2; exit 1; }

# Maven, showing the jars it downloads as it goes (the first run fetches a lot); the full log is .run/maven.log.
mvn_showing_downloads() {
  local status=0
  "$MVN" -B "$@" 2>&1 | tee "$RUN/maven.log" \
    | { grep --line-buffered -E '^\[INFO\] Downloaded from .*\.jar ' | sed -u -E 's#.*/([^/]+\.jar) \((.*)\)$#  downloaded \1 (\2)#'; true; } \
    || status=$?
  [ "$status" -eq 0 ] || { tail -n 40 "$RUN/maven.log" >&2; die "maven failed ($MVN $*); full log in .run/maven.log"; }
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

wait_for() { # name, seconds, command...
  local name="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    alive "$name" || die "$name exited during start-up; see $RUN/$name.log"
    [ "$SECONDS" -lt "$deadline" ] || die "$name not ready after ${seconds}s; see $RUN/$name.log"
    sleep 0.5
  done
}

# A Java 21+ for Apicurio: $REGISTRY_JAVA_HOME, else the newest JDK under /usr/lib/jvm, else java on PATH.
registry_java() {
  local candidate major
  for candidate in ${REGISTRY_JAVA_HOME:+"$REGISTRY_JAVA_HOME"} /usr/lib/jvm/* ${JAVA_HOME:+"$JAVA_HOME"} "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; do
    [ -x "$candidate/bin/java" ] || continue
    major="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
    if [ "${major:-0}" -ge 21 ]; then echo "$candidate/bin/java"; return 0; fi
  done
  return 1
}

start_broker() {
  if alive kafka; then say "Kafka broker already running (pid $(cat "$RUN/kafka.pid")) on 127.0.0.1:$KAFKA_PORT"; return; fi
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process; stop it or set KAFKA_PORT"
  mkdir -p "$RUN/kafka-data"
  say "resolving the Kafka broker from Maven Central (first run downloads it)"
  mvn_showing_downloads -f "$ROOT/src/local/broker-pom.xml" dependency:build-classpath -Dmdep.outputFile="$RUN/kafka.classpath"
  sed -e "s#@DATA_DIR@#$RUN/kafka-data#" -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" \
    "$ROOT/src/local/broker.properties" > "$RUN/kafka.properties"
  local java_opts=(-Xmx1g -cp "$(cat "$RUN/kafka.classpath")" -Dlog4j2.configurationFile="$ROOT/src/local/log4j2.properties" -Dkafka.logfile="$RUN/kafka-server.log")
  if [ ! -f "$RUN/kafka-data/meta.properties" ]; then
    say "formatting Kafka storage in $RUN/kafka-data"
    java "${java_opts[@]}" kafka.tools.StorageTool format -c "$RUN/kafka.properties" \
      --cluster-id "$(java "${java_opts[@]}" kafka.tools.StorageTool random-uuid)" --standalone > "$RUN/kafka-format.log"
  fi
  nohup java "${java_opts[@]}" kafka.Kafka "$RUN/kafka.properties" > "$RUN/kafka.log" 2>&1 &
  echo $! > "$RUN/kafka.pid"
  wait_for kafka 60 port_open "$KAFKA_PORT"
  say "Kafka broker ready on 127.0.0.1:$KAFKA_PORT (pid $(cat "$RUN/kafka.pid"), data in ${RUN#$ROOT/}/kafka-data)"
}

install_registry() {
  [ -f "$APICURIO_DIR/quarkus-run.jar" ] && return
  say "downloading Apicurio Registry $APICURIO_VERSION from Maven Central (~160 MB, once)"
  mkdir -p "$RUN/downloads"
  "$MVN" -B -ntp dependency:copy -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" \
    -DoutputDirectory="$RUN/downloads" -Dmdep.overWriteIfNewer=true
  mkdir -p "$APICURIO_DIR.tmp"
  tar -xzf "$RUN/downloads/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz" -C "$APICURIO_DIR.tmp"
  local jar; jar="$(find "$APICURIO_DIR.tmp" -name quarkus-run.jar | head -1)"
  [ -n "$jar" ] || die "quarkus-run.jar not found in the Apicurio tarball"
  rm -rf "$APICURIO_DIR"; mv "$(dirname "$jar")" "$APICURIO_DIR"; rm -rf "$APICURIO_DIR.tmp"
}

registry_ready() { curl -fsS -o /dev/null 2>/dev/null "http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7/subjects"; }

start_registry() {
  if alive registry; then say "schema registry already running (pid $(cat "$RUN/registry.pid")) on 127.0.0.1:$REGISTRY_PORT"; return; fi
  port_open "$REGISTRY_PORT" && die "port $REGISTRY_PORT is taken by another process; stop it or set REGISTRY_PORT"
  local java; java="$(registry_java)" || die "Apicurio Registry needs Java 21 or newer: install one (e.g. apt-get install openjdk-21-jre-headless or Temurin 21+) or set REGISTRY_JAVA_HOME"
  install_registry
  mkdir -p "$RUN/registry-data"
  # Schemas are kept in an H2 file, written at once (WRITE_DELAY=0), so that ids written into Kafka records stay valid
  # across restarts, even after a kill -9.
  nohup "$java" -Xmx512m \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$REGISTRY_MANAGEMENT_PORT" \
    -Dapicurio.storage.sql.kind=h2 \
    -Dapicurio.datasource.url="jdbc:h2:file:$RUN/registry-data/registry;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" \
    -Dapicurio.datasource.username=sa -Dapicurio.datasource.password=sa \
    -jar "$APICURIO_DIR/quarkus-run.jar" > "$RUN/registry.log" 2>&1 &
  echo $! > "$RUN/registry.pid"
  wait_for registry 120 registry_ready
  say "schema registry ready on http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7 (Apicurio $APICURIO_VERSION, pid $(cat "$RUN/registry.pid"))"
}

# ready to serve: the readiness probe on the service port is UP (the 'agents' store queryable here)
service_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$1/readyz" 2>/dev/null; }

# Instance i of INSTANCES: the first is 'service' on SERVICE_PORT (8080), the others 'service-<i>' on SERVICE_PORT + i
# (8082, 8083, ...; 8081 is the registry's), each with its own state directory, instance id and address, and its
# actuator on MANAGEMENT_PORT (8180) or MANAGEMENT_PORT + i (8182, 8183, ...).
instance_name() { if [ "$1" -eq 1 ]; then echo service; else echo "service-$1"; fi; }
instance_port() { if [ "$1" -eq 1 ]; then echo "$SERVICE_PORT"; else echo $((SERVICE_PORT + $1)); fi; }
instance_management_port() { if [ "$1" -eq 1 ]; then echo "$MANAGEMENT_PORT"; else echo $((MANAGEMENT_PORT + $1)); fi; }

start_services() {
  say "building the service (first run downloads its dependencies)"
  mvn_showing_downloads -f "$ROOT/pom.xml" -DskipTests package
  local i; for i in $(seq 1 "$INSTANCES"); do start_service "$i"; done
  for i in $(seq 1 "$INSTANCES"); do
    wait_for "$(instance_name "$i")" 180 service_ready "$(instance_port "$i")"
    say "service ready on http://127.0.0.1:$(instance_port "$i"), actuator on http://127.0.0.1:$(instance_management_port "$i")/actuator (pid $(cat "$RUN/$(instance_name "$i").pid"), log ${RUN#$ROOT/}/$(instance_name "$i").log)"
  done
}

start_service() {
  local name port management state standbys=0
  name="$(instance_name "$1")"; port="$(instance_port "$1")"; management="$(instance_management_port "$1")"
  state="$RUN/streams-state"; [ "$1" -eq 1 ] || state="$RUN/streams-state-$1"
  [ "$INSTANCES" -gt 1 ] && standbys=1
  if alive "$name"; then say "$name already running (pid $(cat "$RUN/$name.pid"))"; return; fi
  port_open "$port" && die "port $port is taken by another process; stop it or set SERVICE_PORT"
  port_open "$management" && die "port $management is taken by another process; stop it or set MANAGEMENT_PORT"
  local jar; jar="$(ls "$ROOT"/target/chat-ticket-assignment-*.jar | grep -v original | head -1)"
  local profiles=dev
  case "${LOG_FORMAT:-}" in
    json) profiles=dev,json-logs ;;
    ''|text) ;;
    *) die "LOG_FORMAT=$LOG_FORMAT: json (one JSON object per line) or text (the default)" ;;
  esac
  nohup java -jar "$jar" --spring.profiles.active="$profiles" \
    --server.address=127.0.0.1 --server.port="$port" \
    --management.server.address=127.0.0.1 --management.server.port="$management" \
    --spring.kafka.bootstrap-servers="127.0.0.1:$KAFKA_PORT" \
    --chat-ticket.schema-registry-url="http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7" \
    --chat-ticket.streams.instance-id="chat-ticket-assignment-$1" \
    --chat-ticket.streams.standby-replicas="$standbys" \
    --chat-ticket.streams.state-dir="$state" > "$RUN/$name.log" 2>&1 &
  echo $! > "$RUN/$name.pid"
}

any_service_alive() { local f; for f in "$RUN"/service*.pid; do [ -f "$f" ] && alive "$(basename "$f" .pid)" && return 0; done; return 1; }

stop_one() {
  local name="$1"
  [ -f "$RUN/$name.pid" ] || return 0
  local pid; pid="$(cat "$RUN/$name.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { say "$name did not stop in 30s, killing it"; kill -9 "$pid"; }
  fi
  rm -f "$RUN/$name.pid"
}

stop_services() { local f; for f in "$RUN"/service*.pid; do [ -f "$f" ] && stop_one "$(basename "$f" .pid)"; done; true; }
stop_all() { stop_services; stop_one registry; stop_one kafka; }

mkdir -p "$RUN" "$ROOT/.run"
case "${1:-}" in
  run)
    trap 'echo; stop_all; exit 0' INT TERM
    start_broker; start_registry; start_services
    say "all up: Kafka 127.0.0.1:$KAFKA_PORT, registry http://127.0.0.1:$REGISTRY_PORT, service http://127.0.0.1:$SERVICE_PORT ($INSTANCES instance(s))"
    say "Ctrl-C (or 'make stop' from another terminal) stops everything; following the service log:"
    tail -n 0 -f "$RUN/service.log" &
    tail_pid=$!
    while any_service_alive; do sleep 1; done
    kill "$tail_pid" 2>/dev/null || true
    say "service stopped"; stop_all ;;
  infra) start_broker; start_registry ;;
  broker) start_broker ;;
  registry) start_registry ;;
  service) start_services ;;
  stop) stop_all ;;
  registry-java) registry_java ;;
  install-registry) install_registry ;;
  *) die "usage: $0 run|infra|broker|registry|service|stop|registry-java|install-registry" ;;
esac
