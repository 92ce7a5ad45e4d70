#!/usr/bin/env bash
# `make demo`: runs the demo client (src/test/java/.../demo/Demo.java) against the stack of `make run`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
curl -fsS -o /dev/null "http://127.0.0.1:${SERVICE_PORT:-8080}/actuator/health" 2>/dev/null \
  || { echo "the service is not running: start it with 'make run' in another terminal" >&2; exit 1; }
mkdir -p .run
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=.run/test.classpath >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat .run/test.classpath)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dlogging.level.root=WARN \
  net.oneview.chatticket.demo.Demo
