# chat-ticket-assignment: the two commands are `make run` and `make test`.
.PHONY: run infra service stop test bench chaos cluster token demo ticket ticket-status export replay replay-dead-letters build clean

## run: start a Kafka broker, a schema registry and the service on 127.0.0.1 (Ctrl-C stops all); INSTANCES=3 runs three service processes (ports 8080, 8082, 8083; actuator 8180, 8182, 8183); LOG_FORMAT=json logs one JSON object per line
run:
	@INSTANCES="$(or $(INSTANCES),1)" LOG_FORMAT="$(LOG_FORMAT)" bash src/local/stack.sh run

## infra: start only the Kafka broker and the schema registry, in the background (they outlive the service)
infra:
	@bash src/local/stack.sh infra

## service: start the service in the background against `make infra` (returns once it is ready; log .run/service.log); LOG_FORMAT=json as for run
service:
	@INSTANCES="$(or $(INSTANCES),1)" LOG_FORMAT="$(LOG_FORMAT)" bash src/local/stack.sh service

## stop: stop whatever `make run`, `make infra` or `make service` started (by PID)
stop:
	@bash src/local/stack.sh stop

## test: run the whole test suite (embedded Kafka broker; the registry test starts Apicurio when Java 21+ exists)
test:
	mvn -B -ntp test

## bench: measure the service against its own broker and registry (ONLY=pipe,backlog,outside,assign,lifecycle,pools,scale,routing,offers,offers-expiry,restart,latency,idle,queueing,http,forward,live; QUICK=1 small; PROFILE=1 JFR)
bench:
	@ONLY="$(ONLY)" QUICK="$(QUICK)" PROFILE="$(PROFILE)" bash src/local/driver.sh bench 1 net.oneview.chatticket.bench.Bench

## chaos: a few minutes of load with kill -9 of the service (10x, once with its state wiped), 2 broker bounces and a 30 s registry outage; verifies nothing lost, doubled or over capacity (QUICK=1 shorter)
chaos:
	@QUICK="$(QUICK)" bash src/local/driver.sh chaos 2 net.oneview.chatticket.bench.Chaos

## cluster: three service processes on their own broker and registry: every agent read from every instance, the one holding the pool killed (kill -9) under reads and 20 tickets/s for 60 s (first assignment after the kill <= 10 s, longest wait <= 15 s), then a rolling restart; exits non-zero on a wrong answer, a lost or doubled ticket or a missed failover target
cluster:
	@bash src/local/driver.sh cluster 3 net.oneview.chatticket.bench.Cluster

## token: print a development token for AGENT=<uuid> (optional NAME, QUEUES=q1,q2 or english:5,bahasa:2 (levels 1-5), CAPACITY=n or chat:3,email:5, SCOPE); last line = token
token:
	@java src/local/DevToken.java "$(AGENT)" "$(NAME)" "$(QUEUES)" "$(CAPACITY)" "$(SCOPE)"

## demo: against `make run`, bring agents online and produce tickets; prints what each agent receives
demo:
	@bash src/local/client.sh demo

## ticket: against `make run`, create a ticket as case-management-agent would: QUEUE=english PRIORITY=1 [CHANNEL=email] [PREFERRED=<agent id>] (prints its id)
ticket:
	@bash src/local/client.sh ticket "$(QUEUE)" "$(PRIORITY)" "$(CHANNEL)" "$(PREFERRED)"

## ticket-status: against `make run`, change a ticket's status: TICKET=<id> STATUS=ESCALATED|CLOSED
ticket-status:
	@bash src/local/client.sh ticket-status "$(TICKET)" "$(STATUS)"

## export: copy the input events of a time range from `make run`'s broker into a file: FROM=24h TO=0s OUT=.run/export-<time>.jsonl
export:
	@bash src/local/client.sh export "$(FROM)" "$(TO)" "$(OUT)"

## replay: replay an export offline under other rules (chat-ticket.assignment.*, chat-ticket.routing.*), side by side with production's: FROM=<export> RULES=<properties> [PROD=<properties>]
replay:
	@bash src/local/client.sh replay "$(FROM)" "$(RULES)" "$(PROD)"

## replay-dead-letters: send the dead letters not replayed before back where they were read from, exactly once (KAFKA_BOOTSTRAP, default make run's broker)
replay-dead-letters:
	@bash src/local/client.sh replay-dead-letters

## build: package the service jar without running tests
build:
	mvn -B -ntp -DskipTests package

clean:
	mvn -B -ntp -q clean
