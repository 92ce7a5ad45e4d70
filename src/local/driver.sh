#!/usr/bin/env bash
# `make bench`, `make chaos` and `make cluster`: each with its own Kafka broker and schema registry (as `make run`
# starts them, on ports of its own, data in .<name>/), the service jar run by a Java driver under src/test/java/.../bench
# as separate processes, stopped at the end.
#   driver.sh NAME DIGIT MAIN   ports: DIGIT9092 broker, DIGIT9093 controller, DIGIT8081 registry, DIGIT8090+ service,
#                               DIGIT8190+ its actuator
set -euo pipefail
NAME="$1" DIGIT="$2" MAIN="$3"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export RUN_DIR="$ROOT/.$NAME" KAFKA_PORT="${DIGIT}9092" CONTROLLER_PORT="${DIGIT}9093"
export REGISTRY_PORT="${DIGIT}8081" REGISTRY_MANAGEMENT_PORT="${DIGIT}9001"
rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
trap 'bash src/local/stack.sh stop' EXIT
bash src/local/stack.sh infra
mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$RUN_DIR/test.classpath"
mvn -B -q test-compile
KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" SCHEMA_REGISTRY_URL="http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7" \
  SERVICE_JAR="$(ls target/chat-ticket-assignment-*.jar | grep -v original | head -1)" SERVICE_PORT="${DIGIT}8090" \
  BENCH_DIR="$RUN_DIR" java -cp "target/test-classes:target/classes:$(cat "$RUN_DIR/test.classpath")" "$MAIN"
