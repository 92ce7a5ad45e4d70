#!/usr/bin/env bash
# `make chaos`: its own Kafka broker and schema registry (as `make run` starts them, on other ports, data in .chaos/),
# the service jar as a separate process, and the chaos driver (src/test/java/.../chaos) that loads it, kills and
# bounces things, then verifies the topics and the stores. Exits non-zero on any violated invariant.
#   QUICK=1   fewer faults, about two minutes
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export RUN_DIR="$ROOT/.chaos" KAFKA_PORT="${CHAOS_KAFKA_PORT:-29092}" CONTROLLER_PORT="${CHAOS_CONTROLLER_PORT:-29093}"
export REGISTRY_PORT="${CHAOS_REGISTRY_PORT:-28081}" REGISTRY_MANAGEMENT_PORT="${CHAOS_REGISTRY_MANAGEMENT_PORT:-29001}"
rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
trap 'bash src/local/stack.sh stop' EXIT
bash src/local/stack.sh infra
mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$RUN_DIR/test.classpath"
mvn -B -q test-compile
KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" SCHEMA_REGISTRY_URL="http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7" \
  SERVICE_JAR="$(ls target/chat-ticket-assignment-*.jar | grep -v original | head -1)" SERVICE_PORT="${CHAOS_SERVICE_PORT:-28080}" \
  BENCH_DIR="$RUN_DIR" java -cp "target/test-classes:target/classes:$(cat "$RUN_DIR/test.classpath")" net.oneview.chatticket.bench.Chaos
