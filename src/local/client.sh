#!/usr/bin/env bash
# Runs one of the command-line tools: the clients in src/test/java/.../demo against the stack of `make run`, and the
# export / what-if replay tools of src/test/java/.../replay.
#   client.sh demo | ticket QUEUE PRIORITY | ticket-status TICKET STATUS | export FROM TO OUT | replay FROM RULES PROD
#             | replay-dead-letters
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
require_service() {
  curl -fsS -o /dev/null "http://127.0.0.1:${SERVICE_PORT:-8080}/livez" 2>/dev/null \
    || { echo "the service is not running: start it with 'make run' in another terminal" >&2; exit 1; }
}
require_broker() {
  (exec 3<>"/dev/tcp/127.0.0.1/${KAFKA_PORT:-9092}") 2>/dev/null \
    || { echo "no Kafka broker on 127.0.0.1:${KAFKA_PORT:-9092}: start it with 'make run' (or set KAFKA_BOOTSTRAP)" >&2; exit 1; }
}
mkdir -p .run
if [ ! -f .run/test.classpath ] || [ pom.xml -nt .run/test.classpath ] \
    || [ -n "$(find src/main src/test schemas -newer .run/test.classpath -print -quit)" ]; then
  mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=.run/test.classpath \
      > .run/client-build.log 2>&1 || { cat .run/client-build.log >&2; echo "building the tools failed" >&2; exit 1; }
fi
run() { exec java -cp "target/test-classes:target/classes:$(cat .run/test.classpath)" "$@"; }
case "${1:-}" in
  demo) require_service; run net.oneview.chatticket.demo.Demo ;;
  ticket) require_service; run net.oneview.chatticket.demo.TicketTool create "${2:-}" "${3:-}" "${4:-}" "${5:-}" ;;
  ticket-status) require_service; run net.oneview.chatticket.demo.TicketTool status "${2:-}" "${3:-}" ;;
  export) [ -n "${KAFKA_BOOTSTRAP:-}" ] || require_broker; run net.oneview.chatticket.replay.Export "${2:-}" "${3:-}" "${4:-}" ;;
  replay) run net.oneview.chatticket.replay.Replay "${2:-}" "${3:-}" "${4:-}" ;;
  replay-dead-letters) [ -n "${KAFKA_BOOTSTRAP:-}" ] || require_broker; run net.oneview.chatticket.streams.DeadLetterReplay ;;
  *) echo "usage: $0 demo | ticket QUEUE PRIORITY | ticket-status TICKET STATUS | export FROM TO OUT | replay FROM RULES [PROD] | replay-dead-letters" >&2; exit 2 ;;
esac
