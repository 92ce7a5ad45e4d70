#!/usr/bin/env bash
# `make cluster`: three service processes against their own Kafka broker and schema registry (as `make run` starts
# them, on other ports, data in .cluster/), and the driver (src/test/java/.../bench/Cluster.java) that reads every
# agent from every instance, kills one, and restarts them all in turn. Exits non-zero when a check fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export RUN_DIR="$ROOT/.cluster" KAFKA_PORT="${CLUSTER_KAFKA_PORT:-39092}" CONTROLLER_PORT="${CLUSTER_CONTROLLER_PORT:-39093}"
export REGISTRY_PORT="${CLUSTER_REGISTRY_PORT:-38081}" REGISTRY_MANAGEMENT_PORT="${CLUSTER_REGISTRY_MANAGEMENT_PORT:-39001}"
rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
trap 'bash src/local/stack.sh stop' EXIT
bash src/local/stack.sh infra
mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$RUN_DIR/test.classpath"
mvn -B -q test-compile
KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" SCHEMA_REGISTRY_URL="http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7" \
  SERVICE_JAR="$(ls target/chat-ticket-assignment-*.jar | grep -v original | head -1)" SERVICE_PORT="${CLUSTER_SERVICE_PORT:-38090}" \
  BENCH_DIR="$RUN_DIR" java -cp "target/test-classes:target/classes:$(cat "$RUN_DIR/test.classpath")" net.oneview.chatticket.bench.Cluster
