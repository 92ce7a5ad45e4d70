#!/usr/bin/env bash
# Runs one of the command-line clients in src/test/java/.../demo against the stack of `make run`:
#   client.sh demo | client.sh ticket QUEUE PRIORITY | client.sh ticket-status TICKET STATUS
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
curl -fsS -o /dev/null "http://127.0.0.1:${SERVICE_PORT:-8080}/actuator/health" 2>/dev/null \
  || { echo "the service is not running: start it with 'make run' in another terminal" >&2; exit 1; }
mkdir -p .run
if [ ! -f .run/test.classpath ] || [ pom.xml -nt .run/test.classpath ] || [ -z "$(ls target/test-classes/net/oneview/chatticket/demo 2>/dev/null)" ]; then
  mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=.run/test.classpath >/dev/null
fi
run() { exec java -cp "target/test-classes:target/classes:$(cat .run/test.classpath)" "$@"; }
case "${1:-}" in
  demo) run net.oneview.chatticket.demo.Demo ;;
  ticket) run net.oneview.chatticket.demo.TicketTool create "${2:-}" "${3:-}" ;;
  ticket-status) run net.oneview.chatticket.demo.TicketTool status "${2:-}" "${3:-}" ;;
  *) echo "usage: $0 demo | ticket QUEUE PRIORITY | ticket-status TICKET STATUS" >&2; exit 2 ;;
esac
