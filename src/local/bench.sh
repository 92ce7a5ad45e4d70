#!/usr/bin/env bash
# `make bench`: its own Kafka broker and schema registry (as `make run` starts them, on other ports, data in .bench/),
# the service jar as a separate process per phase, and the Java load generator (src/test/java/.../bench).
#   ONLY=pipe,backlog,...   run only these phases;   QUICK=1   small sizes, a few minutes;
#   PROFILE=1   a JFR recording of each service process in .bench/service-*.jfr
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export RUN_DIR="$ROOT/.bench" KAFKA_PORT="${BENCH_KAFKA_PORT:-19092}" CONTROLLER_PORT="${BENCH_CONTROLLER_PORT:-19093}"
export REGISTRY_PORT="${BENCH_REGISTRY_PORT:-18081}" REGISTRY_MANAGEMENT_PORT="${BENCH_REGISTRY_MANAGEMENT_PORT:-19001}"
rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
trap 'bash src/local/stack.sh stop' EXIT
bash src/local/stack.sh infra
mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$RUN_DIR/test.classpath"
mvn -B -q test-compile
KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" SCHEMA_REGISTRY_URL="http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7" \
  SERVICE_JAR="$(ls target/chat-ticket-assignment-*.jar | grep -v original | head -1)" SERVICE_PORT="${BENCH_SERVICE_PORT:-18090}" \
  BENCH_DIR="$RUN_DIR" java -cp "target/test-classes:target/classes:$(cat "$RUN_DIR/test.classpath")" net.oneview.chatticket.bench.Bench
