package net.oneview.chatticket.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * `make bench`: drives the real service (a separate process) against its own broker and registry and prints a table
 * as it goes; every throughput is also given as a ratio of the raw pipe measured in the same run on the same broker.
 * Phases: pipe, backlog, assign, lifecycle, pools, scale, routing, offers, offers-expiry, restart, latency, idle, http,
 * forward, live.
 * Writes bench/results.json and bench/RESULTS.md.
 */
public final class Bench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Concurrent clients putting agents online in the shift start. */
    private static final int SHIFT_CLIENTS = 20;
    private static final String CONTENT = "{\"text\":\"I need help with my order, it did not arrive\"}";
    /** Tickets in each agent's list when the live phase opens its streams, and their text. */
    private static final int LIVE_LIST = 5;
    private static final String LIVE_CONTENT = "{\"text\":\"" + "I need help with my order, it did not arrive. "
            .repeat(20) + "\"}";

    private final BenchConfig config;
    private final Map<String, Map<String, Object>> results = new LinkedHashMap<>();
    /** Broker writes per ticket by topic (the service's suffix as *) of each lifecycle-like phase run. */
    private final Map<String, Map<String, Double>> writesPerTicketByTopic = new LinkedHashMap<>();
    private double pipeRate = Double.NaN;

    private Bench(final BenchConfig config) {
        this.config = config;
    }

    public static void main(final String[] args) throws Exception {
        final BenchConfig config = BenchConfig.fromEnvironment();
        Files.createDirectories(config.dir());
        final Bench bench = new Bench(config);
        System.out.printf("%-9s %9s %9s %11s %9s  %s%n", "phase", "records", "seconds", "per second", "x pipe", "detail");
        if (Set.of("pipe", "backlog", "assign", "lifecycle", "pools", "scale", "routing", "offers").stream()
                .anyMatch(config::runs)) {
            bench.pipe();
        }
        if (config.runs("backlog")) {
            bench.backlog();
        }
        if (config.runs("assign")) {
            bench.assign();
        }
        if (config.runs("lifecycle")) {
            bench.lifecycle();
        }
        if (config.runs("pools")) {
            bench.pools();
        }
        if (config.runs("scale")) {
            bench.scale();
        }
        if (config.runs("routing")) {
            bench.routing();
        }
        if (config.runs("offers")) {
            bench.offers();
        }
        if (config.runs("offers-expiry")) {
            bench.offersExpiry();
        }
        if (config.runs("restart")) {
            bench.restart();
        }
        if (config.runs("latency")) {
            bench.latency();
        }
        if (config.runs("idle")) {
            bench.idle();
        }
        if (config.runs("http")) {
            bench.http();
        }
        if (config.runs("forward")) {
            bench.forward();
        }
        if (config.runs("live")) {
            bench.live();
        }
        BenchReport.write(config, bench.results);
    }

    /**
     * Raw producer to read_committed consumer: ticket-sized Confluent-format records, 6 partitions, the service's
     * producer settings. A first round warms both clients and the broker up; of the three measured rounds, the median
     * is the reference (single rounds on a shared machine were seen to differ by 2x).
     */
    private void pipe() throws Exception {
        final int n = config.size(200_000, 50_000);
        pipeRound(n / 4);
        final List<Long> rounds = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rounds.add(pipeRound(n));
        }
        final List<Long> sorted = rounds.stream().sorted().toList();
        pipeRate = record("pipe", n, sorted.get(1), "producer acks=all idempotent -> read_committed consumer, median of "
                + "3 rounds after a warm-up round of " + n / 4 + "; rounds " + rounds.stream()
                .map(nanos -> String.format(Locale.ROOT, "%.0f/s", n / (nanos / 1e9)))
                .collect(java.util.stream.Collectors.joining(", ")));
    }

    private long pipeRound(final int n) throws Exception {
        final String topic = "bench-pipe-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final long start = System.nanoTime();
        try (Reader<TicketCreated> reader = new Reader<>(topic, record -> ids.add(record.getId()), ids::size)) {
            try (KafkaProducer<String, SpecificRecord> producer = producer()) {
                for (int i = 0; i < n; i++) {
                    final TicketCreated ticket = ticket("pipe", 1 + i % 5);
                    producer.send(new ProducerRecord<>(topic, ticket.getId(), ticket));
                }
            }
            reader.awaitCount(n, Duration.ofMinutes(5));
        }
        return System.nanoTime() - start;
    }

    /** Tickets into a queue nobody serves: throughput until every QUEUED decision is visible. */
    private void backlog() throws Exception {
        final int n = config.size(200_000, 30_000);
        try (ServiceProcess service = ServiceProcess.start(config, "backlog-" + shortId())) {
            final long writesBefore = brokerWrites(service);
            final long elapsed = produceAndAwait(service, n, "nobody-serves", Decision.QUEUED);
            record("backlog", n, elapsed, "until every QUEUED decision is visible");
            recordWrites("backlog", brokerWrites(service) - writesBefore, n, elapsed);
        }
    }

    /** Agents online with free capacity for every ticket: throughput until every ASSIGNED decision is visible. */
    private void assign() throws Exception {
        final int n = config.size(100_000, 20_000);
        final int agents = config.size(1_000, 200);
        try (ServiceProcess service = ServiceProcess.start(config, "assign-" + shortId())) {
            online(service, "assign", agents, (n + agents - 1) / agents);
            final long writesBefore = brokerWrites(service);
            final long elapsed = produceAndAwait(service, n, "assign", Decision.ASSIGNED);
            record("assign", n, elapsed, agents + " agents with capacity " + (n + agents - 1) / agents);
            recordWrites("assign", brokerWrites(service) - writesBefore, n, elapsed);
        }
    }

    /**
     * Steady state: a waiting backlog kept at a fixed size, each assigned ticket closed as soon as its decision is seen
     * (closing pulls the next waiting ticket) and replaced by a new one. Assignments per second after a warm-up.
     */
    private void lifecycle() throws Exception {
        // Each ticket goes round a loop (decided, seen, closed, the next one decided) of a few commit intervals, so
        // the tickets in flight (agents x capacity) must be many for the service, not the loop, to set the pace.
        final int agents = config.size(1_000, 500);
        final int capacity = 4;
        final int backlog = config.size(20_000, 5_000);
        try (ServiceProcess service = ServiceProcess.start(config, "lifecycle-" + shortId())) {
            online(service, "lifecycle", agents, capacity);
            produce(service, "lifecycle", agents * capacity + backlog);
            churn(service, "lifecycle", agent -> true, agents + " agents x capacity " + capacity + ", " + backlog
                    + " waiting kept");
        }
    }

    /**
     * The lifecycle phase under routing: 20 queues of 3 steps each (level 3 and up; after 2 s any level; after 4 s the
     * next queue's agents too), each agent in two queues at levels 1 to 5, half of them with a capacity per channel
     * (2 chats, 2 emails), tickets of both channels, the best level first. Its throughput as a ratio of the lifecycle
     * phase's (measured first if this run does not select it).
     */
    private void routing() throws Exception {
        if (!results.containsKey("lifecycle")) {
            System.out.println("  routing: the lifecycle phase first (one queue, no routing), the reference");
            lifecycle();
        }
        final int agents = config.size(1_000, 500);
        final int queues = 20;
        final int backlog = config.size(20_000, 5_000);
        final List<String> settings = new java.util.ArrayList<>(List.of("--chat-ticket.routing.agent-order=best-level"));
        for (int q = 0; q < queues; q++) {
            final String steps = "--chat-ticket.routing.queues.r" + q + ".steps";
            settings.addAll(List.of(steps + "[0].min-level=3", steps + "[1].after=2s", steps + "[1].min-level=1",
                    steps + "[2].after=4s", steps + "[2].also-queues=r" + (q + 1) % queues));
        }
        try (ServiceProcess service = ServiceProcess.start(config, "routing-" + shortId(),
                settings.toArray(String[]::new))) {
            final List<String> ids = agentIds(agents);
            online(service, ids, agent -> {
                final int i = ids.indexOf(agent);
                return config.token(agent, Map.of("name", "Bench " + agent.substring(0, 4),
                        "queues", List.of("r" + i % queues + ":" + (i % 5 + 1),
                                "r" + (i + 7) % queues + ":" + ((i + 2) % 5 + 1)),
                        "capacity", i % 2 == 0 ? (Object) 4 : Map.of("chat", 2, "email", 2)));
            });
            try (KafkaProducer<String, SpecificRecord> producer = producer()) {
                for (int i = 0; i < agents * 4 + backlog; i++) {
                    final TicketCreated ticket = ticket("r" + i % queues, 1 + i % 5, i / queues % 2 == 0 ? "chat"
                            : "email");
                    producer.send(new ProducerRecord<>(service.topic("ticket-created"), ticket.getId(), ticket));
                }
            }
            final double rate = churn(service, "routing", agent -> true, agents + " agents in 2 of " + queues
                    + " queues of 3 steps, levels 1-5, half with chat 2 + email 2, best level first, " + backlog
                    + " waiting kept");
            final Object reference = results.get("lifecycle").get("per_second");
            if (reference instanceof Double lifecycle) {
                results.get("routing").put("ratio_to_lifecycle", rate / lifecycle);
                System.out.printf(Locale.ROOT, "%-9s %9s %9s %11.0f %9s  routing = %.2f x lifecycle%n", "routing", "",
                        "", rate, "", rate / lifecycle);
            }
        }
    }

    /**
     * The lifecycle phase split over two pools (queues pools-a and pools-b, the pools hashing to different partitions)
     * on two stream threads: what a second pool task adds when one pool's task is the ceiling.
     */
    private void pools() throws Exception {
        final int agents = config.size(1_000, 500);
        final int capacity = 4;
        final int backlog = config.size(20_000, 5_000);
        try (ServiceProcess service = ServiceProcess.start(config, "pools-" + shortId(),
                "--chat-ticket.assignment.pools.second=pools-b", "--chat-ticket.streams.config.num.stream.threads=2")) {
            for (final String queue : List.of("pools-a", "pools-b")) {
                online(service, queue, agents / 2, capacity);
                produce(service, queue, (agents * capacity + backlog) / 2);
            }
            final double rate = churn(service, "pools", agent -> true, "as lifecycle, in two pools on two stream threads");
            final Object one = results.getOrDefault("lifecycle", Map.of()).get("per_second");
            if (one instanceof Double onePool) {
                results.get("pools").put("ratio_to_one_pool", rate / onePool);
                System.out.printf(Locale.ROOT, "%-9s %9s %9s %11.0f %9s  two pools = %.2f x one pool (lifecycle)%n",
                        "pools", "", "", rate, "", rate / onePool);
            }
        }
    }

    /**
     * 20,000 agents online and 1,000,000 tickets waiting in one pool: how fast the backlog fills, heap after a full GC,
     * state on disk, then the lifecycle at that size, whose closing consumes the backlog from its head (the worst case
     * for RocksDB: the deleted head of the queue lies in front of every look-up), as a ratio of the lifecycle phase.
     */
    private void scale() throws Exception {
        final int agents = config.size(20_000, 2_000);
        final int churning = config.size(1_000, 500);
        final int capacity = 4;
        final int waiting = config.size(1_000_000, 50_000);
        try (ServiceProcess service = ServiceProcess.start(config, "scale-" + shortId())) {
            final List<String> ids = agentIds(agents);
            final long onlineStart = System.nanoTime();
            online(service, "scale", ids, capacity);
            final double onlineSeconds = (System.nanoTime() - onlineStart) / 1e9;
            final long fillStart = System.nanoTime();
            final int tickets = agents * capacity + waiting;
            produceAndAwait(service, tickets, "scale", null);
            final double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            final long heap = service.heapAfterFullGc();
            final long resident = service.residentBytes();
            final long disk = service.stateBytes();
            final double queuesMillis = queuesMillis(service, waiting);
            System.out.printf(Locale.ROOT, "%-9s %9d %9.1f %11.0f %9.3f  %d agents online in %.0f s; %d tickets "
                    + "decided (%d waiting); heap after full GC %d MiB (process resident %d MiB); state on disk %d MiB; "
                    + "GET /v1/queues %.1f ms (target <= 20 ms at 1,000,000 waiting)%n",
                    "scale", tickets, fillSeconds, tickets / fillSeconds, tickets / fillSeconds / pipeRate, agents,
                    onlineSeconds, tickets, waiting, heap >> 20, resident >> 20, disk >> 20, queuesMillis);
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("agents", agents);
            figures.put("waiting", waiting);
            figures.put("fill_per_second", tickets / fillSeconds);
            figures.put("fill_ratio_to_pipe", tickets / fillSeconds / pipeRate);
            figures.put("heap_after_full_gc_mib", heap >> 20);
            figures.put("resident_mib", resident >> 20);
            figures.put("state_on_disk_mib", disk >> 20);
            figures.put("supervisors_count_ms", queuesMillis);
            // Only as many agents as in the lifecycle phase close their tickets (the others stay busy), so that the
            // two differ only in the size of the pool.
            final Set<String> closing = Set.copyOf(ids.subList(0, churning));
            final double rate = churn(service, "scale-lifecycle", closing::contains, agents + " agents (" + churning
                    + " closing their tickets) x capacity " + capacity + ", " + waiting + " waiting consumed from the head");
            figures.put("lifecycle_per_second", rate);
            final Object empty = results.getOrDefault("lifecycle", Map.of()).get("per_second");
            if (empty instanceof Double emptyRate) {
                figures.put("lifecycle_ratio_to_empty_pool", rate / emptyRate);
                System.out.printf(Locale.ROOT, "%-9s %9s %9s %11.0f %9s  lifecycle at this size = %.2f x the lifecycle "
                        + "phase's%n", "scale", "", "", rate, "", rate / emptyRate);
            }
            figures.put("heap_after_full_gc_after_lifecycle_mib", service.heapAfterFullGc() >> 20);
            results.put("scale", figures);
        }
    }

    /**
     * The lifecycle phase with offers on (a timeout long enough that none expires): each offer is accepted over HTTP as
     * soon as the bench sees it on ticket-assignments, and the ticket closed once ASSIGNED. Assignments per second
     * as a ratio of the lifecycle phase (measured first if this run does not select it), broker writes per ticket by
     * topic next to the lifecycle's; then the accept's round trip at a steady 500 accepts/s. Fails on a breach of the
     * offers' guarantees ({@link OfferLedger}), a ticket not closed in the end, or an accept answered with an error.
     */
    private void offers() throws Exception {
        if (!results.containsKey("lifecycle")) {
            System.out.println("  offers: the lifecycle phase first (offers off), the reference");
            lifecycle();
        }
        final int agents = config.size(1_000, 500);
        final int capacity = 4;
        final int backlog = config.size(20_000, 5_000);
        final Duration timeout = Duration.ofSeconds(30);
        try (ServiceProcess service = ServiceProcess.start(config, "offers-" + shortId(),
                "--chat-ticket.offers.timeout=" + timeout.toSeconds() + "s")) {
            final List<String> ids = agentIds(agents);
            online(service, "offers", ids, capacity);
            final OfferLedger ledger = new OfferLedger(timeout);
            final OfferTaker taker = new OfferTaker(HTTP, service.port, agent -> token(agent, "offers", capacity));
            produce(service, "offers", agents * capacity + backlog, ledger::created);
            final Set<String> closing = Set.copyOf(ids);
            final double rate = churn(service, "offers", agent -> agent != null && closing.contains(agent), agents
                    + " agents x capacity " + capacity + ", " + backlog + " waiting kept, offers on (timeout "
                    + timeout.toSeconds() + " s), each offer accepted over HTTP as soon as seen", taker, ledger,
                    agents * capacity);
            final Map<String, Object> figures = results.get("offers");
            final Object off = results.get("lifecycle").get("per_second");
            if (off instanceof Double offRate) {
                figures.put("ratio_to_lifecycle", rate / offRate);
                System.out.printf(Locale.ROOT, "%-9s %9s %9s %11.0f %9s  offers on = %.2f x offers off (lifecycle, "
                        + "%.0f/s; target >= 0.70: %s)%n", "offers", "", "", rate, "", rate / offRate, offRate,
                        rate / offRate >= 0.7 ? "met" : "MISSED");
            }
            figures.put("writes_per_ticket_by_topic", compareWritesByTopic("lifecycle", "offers"));
            checkOffers("offers", ledger, taker, figures);
            acceptRoundTrip(service, figures);
        }
    }

    /**
     * Prints the broker writes per ticket of each topic in two phases side by side (topics written in either, the
     * most written first), and returns the second phase's as one line for the report.
     */
    private String compareWritesByTopic(final String reference, final String phase) {
        final Map<String, Double> before = writesPerTicketByTopic.getOrDefault(reference, Map.of());
        final Map<String, Double> after = writesPerTicketByTopic.get(phase);
        final Set<String> topics = new java.util.TreeSet<>(after.keySet());
        topics.addAll(before.keySet());
        final java.util.function.Function<String, String> shortName = topic -> topic.replace("bench-*-", "")
                .replace("-*", "");
        System.out.printf("  broker writes per ticket by topic: %s | %s%n", reference, phase);
        topics.stream().filter(topic -> after.getOrDefault(topic, 0.0) + before.getOrDefault(topic, 0.0) >= 0.005)
                .sorted(java.util.Comparator.comparing((String topic) -> -after.getOrDefault(topic, 0.0)))
                .forEach(topic -> System.out.printf(Locale.ROOT, "  %6.2f | %6.2f  %s%n",
                        before.getOrDefault(topic, Double.NaN), after.getOrDefault(topic, 0.0), shortName.apply(topic)));
        return after.entrySet().stream().filter(topic -> topic.getValue() >= 0.005)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(topic -> String.format(Locale.ROOT, "%s %.2f", shortName.apply(topic.getKey()), topic.getValue()))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /**
     * The offers phase's second part, on its service with its offers settled: 100 other agents (capacity 10) take 500
     * new tickets/s, each offer accepted as soon as seen and each ticket closed once ASSIGNED: the accept's round
     * trip (POST to the answer, given once the ticket is in the agent's GET tickets), p50 and p99, after a warm-up.
     */
    private void acceptRoundTrip(final ServiceProcess service, final Map<String, Object> figures) throws Exception {
        final int rate = 500;
        final int seconds = config.size(30, 10);
        final int warmup = config.size(10, 5);
        final List<String> agents = agentIds(100);
        online(service, "offers-accept", agents, 10);
        final Set<String> mine = Set.copyOf(agents);
        final OfferLedger ledger = new OfferLedger(Duration.ofSeconds(30));
        final OfferTaker taker = new OfferTaker(HTTP, service.port, agent -> token(agent, "offers-accept", 10));
        final Set<String> sent = ConcurrentHashMap.newKeySet();
        try (KafkaProducer<String, SpecificRecord> closer = producer();
                Reader<TicketAssignment> reader = new Reader<>(service.topic("ticket-assignments"), decision -> {
                    ledger.add(decision, Instant.now());
                    if (decision.getAgentId() == null || !mine.contains(decision.getAgentId())) {
                        return;
                    }
                    if (decision.getOffer() == OfferStep.OFFERED) {
                        taker.accept(decision.getAgentId(), decision.getTicketId());
                    } else if (decision.getDecision() == Decision.ASSIGNED) {
                        closer.send(new ProducerRecord<>(service.topic("ticket-status"), decision.getTicketId(),
                                TicketStatusChanged.newBuilder().setTicketId(decision.getTicketId())
                                        .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build()));
                    }
                }, () -> 0)) {
            try (Load load = new Load(service, "offers-accept", rate, sent)) {
                Thread.sleep(warmup * 1000L);  // the warm-up's length is the point, not a condition
                taker.measuring(true);
                Thread.sleep(seconds * 1000L);
                taker.measuring(false);
            }
            sent.forEach(ledger::created);
            awaitClosed(ledger);
            taker.awaitAnswers();
        }
        final Histogram roundTrip = taker.roundTrip();
        final double ms = 1e6;
        figures.put("accept_rate_per_s", (double) roundTrip.getTotalCount() / seconds);
        figures.put("accept_p50_ms", roundTrip.getValueAtPercentile(50) / ms);
        figures.put("accept_p99_ms", roundTrip.getValueAtPercentile(99) / ms);
        figures.put("accept_max_ms", roundTrip.getMaxValue() / ms);
        figures.put("accept_sent_before_the_view_had_the_offer", taker.early());
        System.out.printf(Locale.ROOT, "%-9s %9d %9d %11.0f %9s  accept round trip (POST accept answered once the "
                + "ticket is in GET tickets) p50 %.1f ms, p99 %.1f ms (target <= 50 ms: %s), max %.0f ms, for %d new "
                + "tickets/s after %d s of warm-up; %d sent again (404/503: the agent's view not there yet)%n", "offers",
                roundTrip.getTotalCount(), seconds, (double) roundTrip.getTotalCount() / seconds, "-",
                roundTrip.getValueAtPercentile(50) / ms, roundTrip.getValueAtPercentile(99) / ms,
                roundTrip.getValueAtPercentile(99) / ms <= 50 ? "met" : "MISSED", roundTrip.getMaxValue() / ms, rate,
                warmup, taker.early());
        checkOffers("offers-accept", ledger, taker, figures);
    }

    /**
     * Offers with a short timeout (2 s), one offer in ten left to expire, the others accepted as soon as seen; each
     * agent that let one expire (and so is away) is put online again at once. How late an expired offer moves on:
     * from its expiry to the ticket's next offer, seen by a read_committed consumer and as made by the pool, p50 and
     * p99 after a warm-up. Fails like the offers phase, and on a ticket offered again to an agent that passed it.
     */
    private void offersExpiry() throws Exception {
        final int rate = config.size(500, 200);
        final int seconds = config.size(60, 20);
        final int warmup = config.size(10, 5);
        final int capacity = 10;
        final Duration timeout = Duration.ofSeconds(2);
        try (ServiceProcess service = ServiceProcess.start(config, "offers-expiry-" + shortId(),
                "--chat-ticket.offers.timeout=" + timeout.toSeconds() + "s")) {
            final List<String> agents = agentIds(100);
            online(service, "offers-expiry", agents, capacity);
            final OfferLedger ledger = new OfferLedger(timeout);
            final OfferTaker taker = new OfferTaker(HTTP, service.port,
                    agent -> token(agent, "offers-expiry", capacity));
            final java.util.concurrent.atomic.AtomicLong offered = new java.util.concurrent.atomic.AtomicLong();
            final Set<String> sent = ConcurrentHashMap.newKeySet();
            try (KafkaProducer<String, SpecificRecord> closer = producer();
                    Reader<TicketAssignment> reader = new Reader<>(service.topic("ticket-assignments"), decision -> {
                        ledger.add(decision, Instant.now());
                        if (decision.getOffer() == OfferStep.OFFERED) {
                            if (offered.incrementAndGet() % 10 != 0) {
                                taker.accept(decision.getAgentId(), decision.getTicketId());
                            }
                        } else if (decision.getOffer() == OfferStep.EXPIRED) {
                            taker.online(decision.getAgentId());
                        } else if (decision.getDecision() == Decision.ASSIGNED) {
                            closer.send(new ProducerRecord<>(service.topic("ticket-status"), decision.getTicketId(),
                                    TicketStatusChanged.newBuilder().setTicketId(decision.getTicketId())
                                            .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build()));
                        }
                    }, () -> 0)) {
                try (Load load = new Load(service, "offers-expiry", rate, sent)) {
                    Thread.sleep(warmup * 1000L);  // the warm-up's length is the point, not a condition
                    ledger.measuring(true);
                    Thread.sleep(seconds * 1000L);
                    ledger.measuring(false);
                }
                sent.forEach(ledger::created);
                awaitClosed(ledger);
                taker.awaitAnswers();
            }
            final Histogram seen = ledger.seenLate();
            final Histogram made = ledger.decidedLate();
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("rate_per_s", rate);
            figures.put("seconds", seconds);
            figures.put("warmup_seconds", warmup);
            figures.put("offer_timeout_ms", timeout.toMillis());
            figures.put("tickets", sent.size());
            figures.put("offers", ledger.offers());
            figures.put("expired", ledger.expiries());
            figures.put("expired_measured", seen.getTotalCount());
            figures.put("late_seen_p50_ms", seen.getValueAtPercentile(50));
            figures.put("late_seen_p99_ms", seen.getValueAtPercentile(99));
            figures.put("late_seen_max_ms", seen.getMaxValue());
            figures.put("late_made_p50_ms", made.getValueAtPercentile(50));
            figures.put("late_made_p99_ms", made.getValueAtPercentile(99));
            figures.put("put_online_again", taker.onlineAgain());
            results.put("offers-expiry", figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9d %11d %9s  %d offers, %d expired (1 in 10 left to, timeout %d "
                    + "s): expiry to the next offer seen p50 %d ms, p99 %d ms (target <= 200 ms: %s), max %d ms (made "
                    + "by the pool p50 %d ms, p99 %d ms) over %d expiries after %d s of warm-up; %d agents put online "
                    + "again%n", "offers-expiry", sent.size(), seconds, rate, "-", ledger.offers(), ledger.expiries(),
                    timeout.toSeconds(), seen.getValueAtPercentile(50), seen.getValueAtPercentile(99),
                    seen.getTotalCount() > 0 && seen.getValueAtPercentile(99) <= 200 ? "met" : "MISSED",
                    seen.getMaxValue(), made.getValueAtPercentile(50), made.getValueAtPercentile(99),
                    seen.getTotalCount(), warmup, taker.onlineAgain());
            checkOffers("offers-expiry", ledger, taker, figures);
        }
    }

    /**
     * Adds the offer counts to a phase's figures and prints them; throws when the ledger found a breach of the
     * offers' guarantees, a ticket was not closed in the end, or an accept or PUT failed.
     */
    private static void checkOffers(final String phase, final OfferLedger ledger, final OfferTaker taker,
            final Map<String, Object> figures) {
        final String prefix = phase.equals("offers-accept") ? "accept_" : "";
        figures.put(prefix + "tickets_created", ledger.created());
        figures.put(prefix + "accepted", taker.accepted());
        figures.put(prefix + "accept_conflicts", taker.conflicts());
        figures.put(prefix + "not_closed", ledger.open());
        figures.put(prefix + "never_decided", ledger.undecided());
        final List<String> breaches = new java.util.ArrayList<>(ledger.breaches());
        figures.put(prefix + "breaches", breaches.size());
        System.out.printf("%-9s %9s %9s %11s %9s  %d tickets created, %d not closed; %d offers, %d accepted, %d "
                + "declined, %d expired; accepts answered 409 %d; guarantees %s%n", phase, "", "", "", "",
                ledger.created(), ledger.open(), ledger.offers(), ledger.accepted(), ledger.declines(),
                ledger.expiries(), taker.conflicts(), breaches.isEmpty() ? "hold" : "BROKEN");
        if (ledger.undecided() > 0) {
            breaches.add(ledger.undecided() + " tickets created were never decided (lost)");
        }
        if (ledger.open() > ledger.undecided()) {
            breaches.add(ledger.open() - ledger.undecided() + " tickets created were decided but not closed (still "
                    + "waiting or offered) when the bench stopped waiting: the service fell behind");
        }
        if (!taker.failures().isEmpty()) {
            breaches.add("offer answers or PUTs failed: " + taker.failures());
        }
        if (!breaches.isEmpty()) {
            throw new IllegalStateException(phase + ": " + breaches);
        }
    }

    /**
     * The lifecycle loop on tickets already produced: each ASSIGNED decision seen is answered by closing the ticket and
     * creating a new one of the same queue. Measured after a warm-up; returns assignments per second.
     */
    private double churn(final ServiceProcess service, final String phase,
            final java.util.function.Predicate<String> closes, final String detail) throws Exception {
        return churn(service, phase, closes, detail, null, null, 0);
    }

    /**
     * The lifecycle loop; with offers on, {@code taker} accepts each offer to a closing agent as soon as it is seen
     * (the ticket is closed once ASSIGNED, as without offers), every decision goes to {@code ledger}, and after the
     * measured window no ticket is replaced any more until the ledger has seen every ticket created closed (the
     * caller has registered those it produced): a ticket lost would keep that from happening. The warm-up starts
     * once {@code firstRound} offers were accepted: all the agents' slots are offered at once at the start, a burst
     * that takes a while longer to answer than the steady state does.
     */
    private double churn(final ServiceProcess service, final String phase,
            final java.util.function.Predicate<String> closes, final String detail, final OfferTaker taker,
            final OfferLedger ledger, final int firstRound) throws Exception {
        final int seconds = config.size(60, 15);
        final int warmup = config.size(60, 5);
        final java.util.concurrent.atomic.AtomicLong assigned = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong decisions = new java.util.concurrent.atomic.AtomicLong();
        final AtomicBoolean measuring = new AtomicBoolean();
        final AtomicBoolean replacing = new AtomicBoolean(true);
        try (KafkaProducer<String, SpecificRecord> producer = producer();
                Reader<TicketAssignment> reader = new Reader<>(service.topic("ticket-assignments"), decision -> {
                    if (ledger != null) {
                        ledger.add(decision, Instant.now());
                    }
                    if (measuring.get()) {
                        decisions.incrementAndGet();
                    }
                    if (taker != null && decision.getOffer() == OfferStep.OFFERED
                            && closes.test(decision.getAgentId())) {
                        taker.accept(decision.getAgentId(), decision.getTicketId());
                        return;
                    }
                    if (decision.getDecision() != Decision.ASSIGNED || !closes.test(decision.getAgentId())) {
                        return;
                    }
                    if (measuring.get()) {
                        assigned.incrementAndGet();
                    }
                    producer.send(new ProducerRecord<>(service.topic("ticket-status"), decision.getTicketId(),
                            TicketStatusChanged.newBuilder().setTicketId(decision.getTicketId())
                                    .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build()));
                    if (!replacing.get()) {
                        return;
                    }
                    final TicketCreated next = ticket(decision.getTicket().getQueue(), 1 + (int) (decisions.get() % 5),
                            decision.getTicket().getChannel());
                    if (ledger != null) {
                        ledger.created(next.getId());
                    }
                    producer.send(new ProducerRecord<>(service.topic("ticket-created"), next.getId(), next));
                }, () -> 0)) {
            if (taker != null) {
                awaitFirstRound(taker, firstRound);
            }
            Thread.sleep(warmup * 1000L);  // the length of the warm-up is the point here, not a condition
            final Map<String, Long> topicsBefore = writesByTopic(service);
            final Map<String, Long> cpuBefore = service.threadCpu();
            measuring.set(true);
            final long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            final long elapsed = System.nanoTime() - start;
            final Map<String, Long> topicsAfter = writesByTopic(service);
            printThreadCpu(service, cpuBefore, elapsed);
            printWritesByTopic(topicsBefore, topicsAfter, assigned.get());
            final Map<String, Double> perTicket = new java.util.TreeMap<>();
            topicsAfter.forEach((topic, end) -> perTicket.put(topic,
                    (double) (end - topicsBefore.getOrDefault(topic, 0L)) / assigned.get()));
            writesPerTicketByTopic.put(phase, perTicket);
            final double rate = record(phase, (int) assigned.get(), elapsed, detail + ", each assignment closed and "
                    + "replaced; all decisions " + String.format(Locale.ROOT, "%.0f/s", decisions.get() / (elapsed / 1e9))
                    + ", after " + warmup + " s of warm-up");
            recordWrites(phase, sum(topicsAfter) - sum(topicsBefore), assigned.get(), elapsed);
            if (ledger != null) {
                replacing.set(false);
                awaitClosed(ledger);
                taker.awaitAnswers();
            }
            return rate;
        }
    }

    /** Until {@code count} offers were accepted (3 minutes at most), with a progress line every 5 s. */
    private static void awaitFirstRound(final OfferTaker taker, final int count) throws InterruptedException {
        final long start = System.nanoTime();
        long lastReport = start;
        while (taker.accepted() < count) {
            if (System.nanoTime() - start > Duration.ofMinutes(3).toNanos()) {
                throw new IllegalStateException("offers: " + taker.accepted() + " of the first " + count
                        + " offers accepted in 3 minutes");
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                System.out.printf("  offers: %d of the first %d offers accepted%n", taker.accepted(), count);
                lastReport = System.nanoTime();
            }
            Thread.sleep(20);
        }
        System.out.printf(Locale.ROOT, "  offers: the first %d offers accepted in %.1f s%n", count,
                (System.nanoTime() - start) / 1e9);
    }

    private static long sum(final Map<String, Long> writes) {
        return writes.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * kill -9 under load, then start again: seconds until Kafka Streams runs again with the local state, and with the
     * state directory wiped (restored from the changelogs). The state to restore is a backlog waiting in a queue nobody
     * serves; the load (500 tickets/s for 3 s before each kill) goes to 200 agents with room for all of it, each ticket
     * closed as soon as its assignment is seen, so that assignments are being made when the kill comes. Fails if a
     * read_committed consumer sees a ticket assigned while still held or any ticket decided twice the same way
     * (exactly-once), if no assignment was made under load before a kill (nothing a double one could show in), or if
     * a ticket sent under load is not assigned within 2 minutes of the last restart.
     */
    private void restart() throws Exception {
        final int backlog = config.size(200_000, 20_000);
        final String suffix = "restart-" + shortId();
        final Map<String, Object> figures = new LinkedHashMap<>();
        final Map<String, Integer> decided = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger sameTwice = new java.util.concurrent.atomic.AtomicInteger();
        final AssignedTwice assignedTwice = new AssignedTwice();
        final Set<String> sent = ConcurrentHashMap.newKeySet();
        final Set<String> assigned = ConcurrentHashMap.newKeySet();
        final List<String> failures = new java.util.ArrayList<>();
        ServiceProcess service = ServiceProcess.start(config, suffix);
        final String statusTopic = service.topic("ticket-status");
        try (KafkaProducer<String, SpecificRecord> closer = producer();
                Reader<TicketAssignment> reader = new Reader<>(service.topic("ticket-assignments"), decision -> {
                    if (decided.merge(decision.getTicketId() + decision.getDecision(), 1, Integer::sum) > 1) {
                        sameTwice.incrementAndGet();
                    }
                    assignedTwice.add(decision);
                    if (decision.getDecision() == Decision.ASSIGNED) {
                        assigned.add(decision.getTicketId());
                        closer.send(new ProducerRecord<>(statusTopic, decision.getTicketId(), TicketStatusChanged
                                .newBuilder().setTicketId(decision.getTicketId()).setStatus(TicketStatus.CLOSED)
                                .setTime(Instant.now()).build()));
                    }
                }, decided::size)) {
            online(service, "restart", 200, 5);
            produceAndAwait(service, backlog, "restart-nobody-serves", Decision.QUEUED);
            figures.put("waiting", backlog);
            for (final boolean wipe : List.of(false, true)) {
                final int assignedBefore = assignedTwice.assigned();
                try (Load load = new Load(service, "restart", 500, sent)) {
                    Thread.sleep(3000);  // under load for a moment: the point is when the kill happens, not a condition
                    final long flowing = System.nanoTime() + 30_000_000_000L;
                    while (assignedTwice.assigned() == assignedBefore && System.nanoTime() < flowing) {
                        Thread.sleep(50);  // a restarted service catches up first: kill once assignments flow
                    }
                    if (assignedTwice.assigned() == assignedBefore) {
                        failures.add("no ticket was assigned under load before the kill" + (wipe ? " (state wiped)"
                                : "") + ": an assignment made twice would not show");
                    }
                    service.kill();
                }
                if (wipe) {
                    org.apache.kafka.common.utils.Utils.delete(service.stateDir().toFile());
                }
                final long start = System.nanoTime();
                service = ServiceProcess.start(config, suffix);
                final double seconds = (System.nanoTime() - start) / 1e9;
                final String what = wipe ? "from_changelogs" : "with_local_state";
                figures.put("seconds_" + what, seconds);
                System.out.printf(Locale.ROOT, "%-9s %9d %9.1f %11s %9s  kill -9 under load, running again %s%n",
                        "restart", backlog, seconds, "-", "-", wipe ? "after the state was wiped (restored from the "
                                + "changelogs)" : "with its local state");
            }
            final long deadline = System.nanoTime() + 120_000_000_000L;
            while (!assigned.containsAll(sent) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (!assigned.containsAll(sent)) {
                failures.add(sent.stream().filter(id -> !assigned.contains(id)).count() + " of " + sent.size()
                        + " tickets sent under load were not assigned within 2 minutes of the last restart");
            }
        } finally {
            service.close();
        }
        figures.put("sent_under_load", sent.size());
        figures.put("assigned", assignedTwice.assigned());
        figures.put("assigned_while_held", assignedTwice.twice());
        figures.put("decided_twice", sameTwice.get());
        results.put("restart", figures);
        System.out.printf("%-9s %9s %9s %11s %9s  %d tickets sent under load, %d assignments seen, assigned while "
                + "held %d, decided twice the same way %d%n", "restart", "", "", "", "", sent.size(),
                assignedTwice.assigned(), assignedTwice.twice(), sameTwice.get());
        if (assignedTwice.twice() > 0) {
            failures.add(assignedTwice.twice() + " assignments of a ticket still held after kill -9, e.g. "
                    + assignedTwice.examples());
        }
        if (sameTwice.get() > 0) {
            failures.add(sameTwice.get() + " decisions were seen twice after kill -9");
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("restart: exactly-once broken or not tested: " + failures);
        }
    }

    /** New tickets at a fixed rate on a thread of their own, until closed. */
    private final class Load implements AutoCloseable {

        private final AtomicBoolean done = new AtomicBoolean();
        private final Thread thread;

        /** @param sent where the id of each ticket sent goes */
        Load(final ServiceProcess service, final String queue, final int rate, final Set<String> sent) {
            thread = new Thread(() -> {
                try (KafkaProducer<String, SpecificRecord> producer = producer()) {
                    final long start = System.nanoTime();
                    for (long i = 0; !done.get(); i++) {
                        LockSupport.parkNanos(start + i * 1_000_000_000L / rate - System.nanoTime());
                        final TicketCreated ticket = ticket(queue, 1 + (int) (i % 5));
                        producer.send(new ProducerRecord<>(service.topic("ticket-created"), ticket.getId(), ticket));
                        sent.add(ticket.getId());
                    }
                }
            }, "bench-load");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            done.set(true);
            thread.join();
        }
    }

    /**
     * A fixed rate into agents with free capacity, each ticket closed as soon as it is assigned: send to first decision
     * seen by a read_committed consumer. Held arrivals (the arrival window) are part of what is measured.
     */
    private void latency() throws Exception {
        latency("latency-1", 1, config.size(150, 40), 5, 100);
        latency("latency", config.size(1_000, 200), config.size(60, 15), config.size(15, 5), 100);
        latency("latency-no-window", config.size(1_000, 200), config.size(60, 15), config.size(15, 5), 0);
    }

    /**
     * What an idle service costs the broker: after a burst of 30 tickets is decided (and 5 s to settle), the records
     * appended in 20 s with nothing coming in, to the service's topics and to the broker's own (consumer offsets,
     * transaction state; nothing else runs meanwhile). Target: 0.
     */
    private void idle() throws Exception {
        final int seconds = 20;
        try (ServiceProcess service = ServiceProcess.start(config, "idle-" + shortId())) {
            online(service, "idle", 10, 5);
            produceAndAwait(service, 30, "idle", null);
            Thread.sleep(5_000);  // the burst's last commits land; the length is the point, not a condition
            final long before = brokerWrites(service) + brokerOwnWrites();
            Thread.sleep(seconds * 1000L);  // the measured idle time
            final long written = brokerWrites(service) + brokerOwnWrites() - before;
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("seconds", seconds);
            figures.put("records", written);
            figures.put("per_second", (double) written / seconds);
            results.put("idle", figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9d %11.1f %9s  broker records appended in %d s idle after a "
                    + "burst of 30 tickets (target 0)%n", "idle", written, seconds, (double) written / seconds, "-",
                    seconds);
        }
    }

    /** Records appended so far to the broker's own topics: consumer offsets and transaction state. */
    private long brokerOwnWrites() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap()))) {
            final Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends =
                    new java.util.HashMap<>();
            admin.describeTopics(List.of("__consumer_offsets", "__transaction_state")).allTopicNames().get().values()
                    .forEach(topic -> topic.partitions().forEach(partition -> ends.put(
                            new org.apache.kafka.common.TopicPartition(topic.name(), partition.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest())));
            return admin.listOffsets(ends).all().get().values().stream().mapToLong(end -> end.offset()).sum();
        }
    }

    /**
     * Produced to ASSIGNED seen by a read_committed consumer, each ticket closed once assigned, at a steady rate (per
     * second), with the arrival window given (0: each ticket decided as it comes). Target: p50 <= 100 ms, p99 <= 250
     * ms at 1 and at 1,000 tickets/s.
     */
    private void latency(final String phase, final int rate, final int seconds, final int warmup,
            final int windowMillis) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(config, phase + "-" + shortId(),
                "--chat-ticket.assignment.arrival-window=" + windowMillis + "ms")) {
            online(service, "latency", 100, 10);
            final Map<String, Long> sent = new ConcurrentHashMap<>();
            final Histogram histogram = new Histogram(60_000_000_000L, 3);
            final Set<String> decided = ConcurrentHashMap.newKeySet();
            final java.util.concurrent.atomic.AtomicLong measuredFrom = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
            try (KafkaProducer<String, SpecificRecord> closer = producer();
                    Reader<TicketAssignment> reader = new Reader<>(service.topic("ticket-assignments"), decision -> {
                        final Long at = sent.get(decision.getTicketId());
                        if (at != null && decided.add(decision.getTicketId()) && at >= measuredFrom.get()) {
                            histogram.recordValue(Math.max(0, System.nanoTime() - at));
                        }
                        if (at != null && decision.getDecision() == Decision.ASSIGNED) {
                            closer.send(new ProducerRecord<>(service.topic("ticket-status"), decision.getTicketId(),
                                    TicketStatusChanged.newBuilder().setTicketId(decision.getTicketId())
                                            .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build()));
                        }
                    }, decided::size);
                    KafkaProducer<String, SpecificRecord> producer = producer()) {
                final long start = System.nanoTime();
                measuredFrom.set(start + warmup * 1_000_000_000L);
                final long interval = 1_000_000_000L / rate;
                for (long i = 0; i < (long) rate * (warmup + seconds); i++) {
                    final long wait = start + i * interval - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    final TicketCreated ticket = ticket("latency", 1 + (int) (i % 5));
                    sent.put(ticket.getId(), System.nanoTime());
                    producer.send(new ProducerRecord<>(service.topic("ticket-created"), ticket.getId(), ticket));
                    if (i % (rate * 5L) == 0) {
                        progress("latency", i, (long) rate * (warmup + seconds));
                    }
                }
                reader.awaitCount(sent.size(), Duration.ofMinutes(2));
            }
            final double ms = 1e6;
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("rate_per_s", rate);
            figures.put("seconds", seconds);
            figures.put("warmup_seconds", warmup);
            figures.put("p50_ms", histogram.getValueAtPercentile(50) / ms);
            figures.put("p99_ms", histogram.getValueAtPercentile(99) / ms);
            figures.put("max_ms", histogram.getMaxValue() / ms);
            figures.put("commit_interval_ms", 50);
            figures.put("arrival_window_ms", windowMillis);
            results.put(phase, figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9d %11d %9s  p50 %.0f ms, p99 %.0f ms, max %.0f ms after %d s of "
                    + "warm-up (commit interval 50 ms, arrival window %d ms)%n", phase, histogram.getTotalCount(), seconds,
                    rate, "-", histogram.getValueAtPercentile(50) / ms,
                    histogram.getValueAtPercentile(99) / ms, histogram.getMaxValue() / ms, warmup, windowMillis);
        }
    }

    /**
     * GET /v1/{agentID}/tickets at fixed rates (open loop: latency counted from when each request was due), next to
     * the liveness probe (/livez) of the same server at the same rates, after a warm-up at 500/s; then PUT
     * offline/online latency, one agent after another.
     */
    private void http() throws Exception {
        final int seconds = config.size(20, 5);
        final int agents = 100;
        try (ServiceProcess service = ServiceProcess.start(config, "http-" + shortId())) {
            final List<String[]> online = new java.util.ArrayList<>();
            for (int i = 0; i < agents; i++) {
                final String agent = UUID.randomUUID().toString();
                online.add(new String[] {agent, token(agent, "http", 3)});
            }
            final int shift = config.size(3_000, 600);
            final long shiftStart = System.nanoTime();
            final Histogram shiftPuts = online(service, "http", shift, 3);
            final double shiftSeconds = (System.nanoTime() - shiftStart) / 1e9;
            System.out.printf(Locale.ROOT, "%-9s %9d %9.1f %11.0f %9s  shift start: PUT online from %d clients, p50 %.0f ms "
                    + "p99 %.0f ms%n", "http-put", shift, shiftSeconds, shift / shiftSeconds, "-", SHIFT_CLIENTS,
                    shiftPuts.getValueAtPercentile(50) / 1e6, shiftPuts.getValueAtPercentile(99) / 1e6);
            final Histogram put = new Histogram(60_000_000_000L, 3);
            for (final String[] agent : online) {
                final long start = System.nanoTime();
                send(service, "PUT", "/v1/" + agent[0] + "/online", agent[1]);
                put.recordValue(System.nanoTime() - start);
            }
            final String base = "http://127.0.0.1:" + service.port;
            final int warmup = config.size(15, 5);
            openLoop(500, warmup, i -> {
                final String[] agent = online.get((int) (i % agents));
                return HttpRequest.newBuilder(URI.create(base + "/v1/" + agent[0] + "/tickets"))
                        .header("Authorization", "Bearer " + agent[1]).build();
            });
            openLoop(500, warmup, i -> HttpRequest.newBuilder(URI.create(base + "/livez")).build());
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("shift_agents", shift);
            figures.put("shift_clients", SHIFT_CLIENTS);
            figures.put("shift_put_per_s", shift / shiftSeconds);
            figures.put("shift_put_p50_ms", shiftPuts.getValueAtPercentile(50) / 1e6);
            figures.put("shift_put_p99_ms", shiftPuts.getValueAtPercentile(99) / 1e6);
            figures.put("warmup_seconds", warmup);
            for (final int rate : List.of(500, 1_000, 2_000)) {
                final Histogram get = openLoop(rate, seconds, i -> {
                    final String[] agent = online.get((int) (i % agents));
                    return HttpRequest.newBuilder(URI.create(base + "/v1/" + agent[0] + "/tickets"))
                            .header("Authorization", "Bearer " + agent[1]).build();
                });
                final Histogram health = openLoop(rate, seconds,
                        i -> HttpRequest.newBuilder(URI.create(base + "/livez")).build());
                figures.put("get_" + rate + "_p50_ms", get.getValueAtPercentile(50) / 1e6);
                figures.put("get_" + rate + "_p99_ms", get.getValueAtPercentile(99) / 1e6);
                figures.put("health_" + rate + "_p50_ms", health.getValueAtPercentile(50) / 1e6);
                figures.put("health_" + rate + "_p99_ms", health.getValueAtPercentile(99) / 1e6);
                System.out.printf(Locale.ROOT, "%-9s %9d %9d %11d %9s  GET tickets p50 %.1f ms p99 %.1f ms; health p50 %.1f ms "
                        + "p99 %.1f ms%n", "http", get.getTotalCount(), seconds, rate, "-", get.getValueAtPercentile(50) / 1e6,
                        get.getValueAtPercentile(99) / 1e6, health.getValueAtPercentile(50) / 1e6,
                        health.getValueAtPercentile(99) / 1e6);
            }
            final double getSaturated = saturate(seconds, i -> {
                final String[] agent = online.get((int) (i % agents));
                return HttpRequest.newBuilder(URI.create(base + "/v1/" + agent[0] + "/tickets"))
                        .header("Authorization", "Bearer " + agent[1]).build();
            });
            final double healthSaturated = saturate(seconds,
                    i -> HttpRequest.newBuilder(URI.create(base + "/livez")).build());
            figures.put("get_saturated_per_s", getSaturated);
            figures.put("health_saturated_per_s", healthSaturated);
            figures.put("get_saturated_ratio_to_health", getSaturated / healthSaturated);
            System.out.printf(Locale.ROOT, "%-9s %9s %9d %11.0f %9s  GET tickets as fast as %d clients go = %.2f x health "
                    + "(%.0f/s)%n", "http", "", seconds, getSaturated, "-", SHIFT_CLIENTS, getSaturated / healthSaturated,
                    healthSaturated);
            final Histogram offlineOnline = new Histogram(60_000_000_000L, 3);
            for (final String[] agent : online) {
                for (final String action : List.of("offline", "online")) {
                    final long start = System.nanoTime();
                    send(service, "PUT", "/v1/" + agent[0] + "/" + action, agent[1]);
                    offlineOnline.recordValue(System.nanoTime() - start);
                }
            }
            figures.put("put_new_agent_online_p50_ms", put.getValueAtPercentile(50) / 1e6);
            figures.put("put_new_agent_online_p99_ms", put.getValueAtPercentile(99) / 1e6);
            figures.put("put_offline_online_p50_ms", offlineOnline.getValueAtPercentile(50) / 1e6);
            figures.put("put_offline_online_p99_ms", offlineOnline.getValueAtPercentile(99) / 1e6);
            results.put("http", figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9s %11s %9s  PUT online (new agent) p50 %.0f ms p99 %.0f ms; offline/online "
                    + "p50 %.0f ms p99 %.0f ms, one at a time%n", "http-put", agents * 3, "-", "-", "-",
                    put.getValueAtPercentile(50) / 1e6, put.getValueAtPercentile(99) / 1e6,
                    offlineOnline.getValueAtPercentile(50) / 1e6, offlineOnline.getValueAtPercentile(99) / 1e6);
        }
    }

    /** Requests from 20 clients, each sending the next as soon as the last is answered: answers per second. */
    /**
     * Two instances; GETs at 500 requests/s on the first, for agents it holds and, apart, for agents the second holds
     * (forwarded, with an internal token). Which instance holds an agent is asked of the first's internal endpoint.
     */
    private void forward() throws Exception {
        final int seconds = config.size(20, 5);
        final String suffix = "forward-" + shortId();
        try (ServiceProcess first = ServiceProcess.start(config, suffix, 0);
             ServiceProcess second = ServiceProcess.start(config, suffix, 1)) {
            awaitRunning(first);
            final String base = "http://127.0.0.1:" + first.port;
            final List<String[]> local = new java.util.ArrayList<>();
            final List<String[]> forwarded = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                final String agent = UUID.randomUUID().toString();
                final String token = token(agent, "http", 3);
                send(first, "PUT", "/v1/" + agent + "/online", token);
                final int held = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/internal/stores/agents/" + agent))
                        .header("Authorization", "Bearer " + config.internalToken(agent)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                (held == 200 ? local : forwarded).add(new String[] {agent, token});
            }
            final java.util.function.Function<List<String[]>, java.util.function.LongFunction<HttpRequest>> gets =
                    agents -> i -> {
                        final String[] agent = agents.get((int) (i % agents.size()));
                        return HttpRequest.newBuilder(URI.create(base + "/v1/" + agent[0] + "/tickets"))
                                .header("Authorization", "Bearer " + agent[1]).build();
                    };
            openLoop(500, config.size(15, 5), gets.apply(local));
            openLoop(500, config.size(15, 5), gets.apply(forwarded));
            final Histogram here = openLoop(500, seconds, gets.apply(local));
            final Histogram there = openLoop(500, seconds, gets.apply(forwarded));
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("agents_local", local.size());
            figures.put("agents_forwarded", forwarded.size());
            figures.put("local_p50_ms", here.getValueAtPercentile(50) / 1e6);
            figures.put("local_p99_ms", here.getValueAtPercentile(99) / 1e6);
            figures.put("forwarded_p50_ms", there.getValueAtPercentile(50) / 1e6);
            figures.put("forwarded_p99_ms", there.getValueAtPercentile(99) / 1e6);
            results.put("forward", figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9d %11d %9s  GET at 500/s: local p50 %.1f ms p99 %.1f ms; "
                    + "forwarded p50 %.1f ms p99 %.1f ms (%d and %d agents)%n", "forward", there.getTotalCount(), seconds,
                    500, "-", here.getValueAtPercentile(50) / 1e6, here.getValueAtPercentile(99) / 1e6,
                    there.getValueAtPercentile(50) / 1e6, there.getValueAtPercentile(99) / 1e6, local.size(),
                    forwarded.size());
        }
    }

    /**
     * Live streams: one instance holds a stream per agent for many agents, each list holding tickets already (heap and
     * resident memory per stream, with the bytes of the lists they were sent), then tickets at a fixed rate are
     * assigned to them: how long after its decision is visible on ticket-assignments (read_committed) the ticket
     * reaches its agent's stream, and how long after it was produced.
     */
    private void live() throws Exception {
        final int streams = config.size(4_000, 300);
        final int rate = config.size(100, 50);
        final int seconds = config.size(30, 10);
        final int backlog = config.size(100_000, 10_000);
        try (ServiceProcess service = ServiceProcess.start(config, "live-" + shortId())) {
            final double countMillis = supervisorsCount(service, backlog);
            final List<String> agents = agentIds(streams);
            online(service, "live", agents, 100);
            fillLists(service, streams * LIVE_LIST);
            final long heapBefore = service.heapAfterFullGc();
            final long residentBefore = service.residentBytes();
            final Map<String, Long> arrived = new ConcurrentHashMap<>();
            final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
            final java.util.concurrent.atomic.AtomicLong listBytes = new java.util.concurrent.atomic.AtomicLong();
            final List<java.util.concurrent.Flow.Subscription> open = java.util.Collections.synchronizedList(
                    new java.util.ArrayList<>());
            final long opening = System.nanoTime();
            for (final String agent : agents) {
                HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port + "/v1/" + agent
                        + "/tickets/stream")).header("Authorization", "Bearer " + token(agent, "live", 100)).build(),
                        HttpResponse.BodyHandlers.fromLineSubscriber(new StreamLines(open, started, listBytes,
                                arrived)));
            }
            awaitAtLeast(started::get, streams, "streams started");
            final double openSeconds = (System.nanoTime() - opening) / 1e9;
            final long heapPerStream = (service.heapAfterFullGc() - heapBefore) / streams;
            final long residentPerStream = (service.residentBytes() - residentBefore) / streams;

            final Map<String, Long> sent = new ConcurrentHashMap<>();
            final Map<String, Long> decided = new ConcurrentHashMap<>();
            try (Reader<TicketAssignment> reader = new Reader<>(service.topic("ticket-assignments"), decision -> {
                if (decision.getDecision() == Decision.ASSIGNED && sent.containsKey(decision.getTicketId())) {
                    decided.putIfAbsent(decision.getTicketId(), System.nanoTime());
                }
            }, decided::size); KafkaProducer<String, SpecificRecord> producer = producer()) {
                final long start = System.nanoTime();
                final long interval = 1_000_000_000L / rate;
                for (long i = 0; i < (long) rate * seconds; i++) {
                    final long wait = start + i * interval - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    final TicketCreated ticket = ticket("live", 1 + (int) (i % 5));
                    sent.put(ticket.getId(), System.nanoTime());
                    producer.send(new ProducerRecord<>(service.topic("ticket-created"), ticket.getId(), ticket));
                }
                reader.awaitCount(sent.size(), Duration.ofMinutes(2));
                awaitAtLeast(() -> (int) sent.keySet().stream().filter(arrived::containsKey).count(), sent.size(),
                        "tickets on their agents' streams");
            }
            open.forEach(java.util.concurrent.Flow.Subscription::cancel);
            final Histogram afterDecision = new Histogram(60_000_000_000L, 3);
            final Histogram afterProduce = new Histogram(60_000_000_000L, 3);
            sent.forEach((ticket, at) -> {
                afterProduce.recordValue(Math.max(0, arrived.get(ticket) - at));
                afterDecision.recordValue(Math.max(0, arrived.get(ticket) - decided.get(ticket)));
            });
            final double ms = 1e6;
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("streams", streams);
            figures.put("seconds_to_open_all", openSeconds);
            figures.put("heap_bytes_per_stream", heapPerStream);
            figures.put("resident_bytes_per_stream", residentPerStream);
            figures.put("list_bytes_per_stream", listBytes.get() / streams);
            figures.put("tickets", sent.size());
            figures.put("rate_per_s", rate);
            figures.put("decision_to_event_p50_ms", afterDecision.getValueAtPercentile(50) / ms);
            figures.put("decision_to_event_p99_ms", afterDecision.getValueAtPercentile(99) / ms);
            figures.put("produced_to_event_p50_ms", afterProduce.getValueAtPercentile(50) / ms);
            figures.put("produced_to_event_p99_ms", afterProduce.getValueAtPercentile(99) / ms);
            figures.put("commit_interval_ms", 50);
            figures.put("waiting_tickets_counted", backlog);
            figures.put("supervisors_count_ms", countMillis);
            results.put("live", figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9d %11d %9s  %d streams open (%.1f s to open; %d KB heap, %d KB "
                    + "resident each, with lists of %d bytes); decision to event p50 %.0f ms p99 %.0f ms; produced to "
                    + "event p50 %.0f ms p99 %.0f ms (commit interval 50 ms); GET /v1/queues over %d waiting tickets "
                    + "%.0f ms%n", "live", sent.size(), seconds, rate, "-", streams, openSeconds, heapPerStream / 1024,
                    residentPerStream / 1024, listBytes.get() / streams,
                    afterDecision.getValueAtPercentile(50) / ms, afterDecision.getValueAtPercentile(99) / ms,
                    afterProduce.getValueAtPercentile(50) / ms, afterProduce.getValueAtPercentile(99) / ms, backlog,
                    countMillis);
        }
    }

    /** Assigns {@code tickets} tickets of about 1 KB to the live phase's agents, {@link #LIVE_LIST} each on average. */
    private void fillLists(final ServiceProcess service, final int tickets) throws Exception {
        final java.util.concurrent.atomic.AtomicInteger assigned = new java.util.concurrent.atomic.AtomicInteger();
        try (Reader<TicketAssignment> reader = new Reader<>(service.topic("ticket-assignments"), decision -> {
            if (decision.getDecision() == Decision.ASSIGNED) {
                assigned.incrementAndGet();
            }
        }, assigned::get); KafkaProducer<String, SpecificRecord> producer = producer()) {
            for (int i = 0; i < tickets; i++) {
                final TicketCreated ticket = ticket("live", 1 + i % 5);
                ticket.setContent(LIVE_CONTENT);
                producer.send(new ProducerRecord<>(service.topic("ticket-created"), ticket.getId(), ticket));
            }
            producer.flush();
            reader.awaitCount(tickets, Duration.ofMinutes(2));
        }
    }

    /** Fills a queue nobody serves with a backlog, then times {@code GET /v1/queues} ({@link #queuesMillis}). */
    private double supervisorsCount(final ServiceProcess service, final int backlog) throws Exception {
        produce(service, "live-unserved", backlog);
        return queuesMillis(service, backlog);
    }

    /**
     * Times {@code GET /v1/queues} once it shows {@code waiting} tickets in a queue: the median of 5 calls, in
     * milliseconds.
     */
    private double queuesMillis(final ServiceProcess service, final int waiting) throws Exception {
        final HttpRequest count = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port + "/v1/queues"))
                .header("Authorization", "Bearer " + config.token(UUID.randomUUID().toString(),
                        Map.of("scope", "tickets:supervise"))).build();
        awaitAtLeast(() -> {
            try {
                final HttpResponse<String> answer = HTTP.send(count, HttpResponse.BodyHandlers.ofString());
                return answer.statusCode() == 200 && answer.body().contains("\"waiting\":" + waiting + ",") ? 1 : 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 1, "backlogs counted");
        final List<Long> times = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            final long start = System.nanoTime();
            HTTP.send(count, HttpResponse.BodyHandlers.discarding());
            times.add(System.nanoTime() - start);
        }
        java.util.Collections.sort(times);
        return times.get(2) / 1e6;
    }

    /**
     * The lines of one live stream: counts its first event and the bytes of its list (ASCII), notes when each ticket id
     * is first seen.
     */
    private static final class StreamLines implements java.util.concurrent.Flow.Subscriber<String> {

        private static final java.util.regex.Pattern TICKET_ID = java.util.regex.Pattern.compile("\\{\"id\":\"([^\"]+)\"");
        private final List<java.util.concurrent.Flow.Subscription> open;
        private final java.util.concurrent.atomic.AtomicInteger started;
        private final java.util.concurrent.atomic.AtomicLong listBytes;
        private final Map<String, Long> arrived;
        private boolean first = true;

        StreamLines(final List<java.util.concurrent.Flow.Subscription> open,
                final java.util.concurrent.atomic.AtomicInteger started,
                final java.util.concurrent.atomic.AtomicLong listBytes, final Map<String, Long> arrived) {
            this.open = open;
            this.started = started;
            this.listBytes = listBytes;
            this.arrived = arrived;
        }

        @Override
        public void onSubscribe(final java.util.concurrent.Flow.Subscription subscription) {
            open.add(subscription);
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(final String line) {
            if (!line.startsWith("data:")) {
                return;
            }
            final long now = System.nanoTime();
            if (first) {
                first = false;
                listBytes.addAndGet(line.length() - "data:".length());
                started.incrementAndGet();
            }
            final java.util.regex.Matcher ids = TICKET_ID.matcher(line);
            while (ids.find()) {
                arrived.putIfAbsent(ids.group(1), now);
            }
        }

        @Override
        public void onError(final Throwable error) {
        }

        @Override
        public void onComplete() {
        }
    }

    private static void awaitAtLeast(final java.util.function.IntSupplier count, final int expected, final String what)
            throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (count.getAsInt() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(count.getAsInt() + " of " + expected + " " + what + " within 2 minutes");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Until the ledger has seen every ticket created closed, with a progress line every 5 s. Gives up (the phase then
     * fails, see {@link #checkOffers}) after 3 minutes, or after a minute in which no ticket was closed: a service
     * that fell far behind is not left to spin on the shared machine.
     */
    private static void awaitClosed(final OfferLedger ledger) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long lastReport = System.nanoTime();
        long lastProgress = System.nanoTime();
        int open = ledger.open();
        while (open > 0 && System.nanoTime() < deadline && System.nanoTime() - lastProgress < 60_000_000_000L) {
            Thread.sleep(20);
            final int now = ledger.open();
            if (now < open) {
                lastProgress = System.nanoTime();
            }
            open = now;
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                System.out.printf("  %d tickets created not closed yet%n", open);
                lastReport = System.nanoTime();
            }
        }
    }

    /** Until the instance's Kafka Streams runs again after the other instance joined. */
    private static void awaitRunning(final ServiceProcess service) throws Exception {
        final long deadline = System.currentTimeMillis() + 120_000;
        while (!ServiceProcess.streamsRunning(service.port)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the instance did not run again within 2 minutes");
            }
            Thread.sleep(250);
        }
    }

    private static double saturate(final int seconds, final java.util.function.LongFunction<HttpRequest> request)
            throws Exception {
        final java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        final long end = System.nanoTime() + seconds * 1_000_000_000L;
        final java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(SHIFT_CLIENTS);
        final List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
        final long start = System.nanoTime();
        for (int c = 0; c < SHIFT_CLIENTS; c++) {
            running.add(clients.submit(() -> {
                while (System.nanoTime() < end) {
                    final HttpResponse<Void> answer = HTTP.send(request.apply(next.getAndIncrement()),
                            HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("answered " + answer.statusCode());
                    }
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        for (final java.util.concurrent.Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        return answered.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Requests at a fixed rate, each timed from when it was due; fails on any answer but 200. */
    private static Histogram openLoop(final int rate, final int seconds,
            final java.util.function.LongFunction<HttpRequest> request) throws Exception {
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        final List<java.util.concurrent.CompletableFuture<?>> pending = new java.util.ArrayList<>();
        final long start = System.nanoTime();
        final long interval = 1_000_000_000L / rate;
        for (long i = 0; i < (long) rate * seconds; i++) {
            final long due = start + i * interval;
            final long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            pending.add(HTTP.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((answer, error) -> {
                        synchronized (histogram) {
                            histogram.recordValue(Math.max(0, System.nanoTime() - due));
                        }
                        if (error != null || answer.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    }));
        }
        java.util.concurrent.CompletableFuture.allOf(pending.toArray(java.util.concurrent.CompletableFuture[]::new))
                .get(2, java.util.concurrent.TimeUnit.MINUTES);
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests did not answer 200");
        }
        return histogram;
    }

    private static void send(final ServiceProcess service, final String method, final String path, final String token)
            throws Exception {
        final HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + service.port + path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /**
     * Produces n tickets as fast as the producer goes; returns the nanoseconds until n decisions of the kind (null: any)
     * were seen.
     */
    private long produceAndAwait(final ServiceProcess service, final int n, final String queue, final Decision kind)
            throws Exception {
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final long start = System.nanoTime();
        try (Reader<TicketAssignment> reader = new Reader<>(service.topic("ticket-assignments"), decision -> {
            if ((kind == null || decision.getDecision() == kind) && ids.contains(decision.getTicketId())) {
                seen.add(decision.getTicketId());
            }
        }, seen::size)) {
            try (KafkaProducer<String, SpecificRecord> producer = producer()) {
                for (int i = 0; i < n; i++) {
                    final TicketCreated ticket = ticket(queue, 1 + i % 5);
                    ids.add(ticket.getId());
                    producer.send(new ProducerRecord<>(service.topic("ticket-created"), ticket.getId(), ticket));
                }
            }
            reader.awaitCount(n, Duration.ofMinutes(10));
        }
        return System.nanoTime() - start;
    }

    private void produce(final ServiceProcess service, final String queue, final int n) {
        produce(service, queue, n, id -> { });
    }

    /** Produces n tickets; {@code sent} is told each one's id before it is sent. */
    private void produce(final ServiceProcess service, final String queue, final int n,
            final java.util.function.Consumer<String> sent) {
        try (KafkaProducer<String, SpecificRecord> producer = producer()) {
            for (int i = 0; i < n; i++) {
                final TicketCreated ticket = ticket(queue, 1 + i % 5);
                sent.accept(ticket.getId());
                producer.send(new ProducerRecord<>(service.topic("ticket-created"), ticket.getId(), ticket));
            }
        }
    }

    /**
     * Agents going online as a shift starts: PUT /v1/{agentID}/online from 20 concurrent clients, each answer only
     * after the agent is visible (read-your-writes). Returns the latency of each PUT.
     */
    private Histogram online(final ServiceProcess service, final String queue, final int agents, final int capacity)
            throws Exception {
        return online(service, queue, agentIds(agents), capacity);
    }

    private static List<String> agentIds(final int n) {
        return java.util.stream.Stream.generate(() -> UUID.randomUUID().toString()).limit(n).toList();
    }

    private Histogram online(final ServiceProcess service, final String queue, final List<String> agents,
            final int capacity) throws Exception {
        return online(service, agents, agent -> token(agent, queue, capacity));
    }

    /** As a shift starts, each agent with the token {@code tokenOf} gives it. */
    private Histogram online(final ServiceProcess service, final List<String> agents,
            final java.util.function.Function<String, String> tokenOf) throws Exception {
        final Histogram latencies = new Histogram(60_000_000_000L, 3);
        final java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(SHIFT_CLIENTS);
        try {
            final List<java.util.concurrent.Future<?>> puts = new java.util.ArrayList<>();
            for (final String agent : agents) {
                final String token = tokenOf.apply(agent);
                puts.add(clients.submit(() -> {
                    final long start = System.nanoTime();
                    send(service, "PUT", "/v1/" + agent + "/online", token);
                    synchronized (latencies) {
                        latencies.recordValue(System.nanoTime() - start);
                    }
                    return null;
                }));
            }
            for (final java.util.concurrent.Future<?> put : puts) {
                put.get();
            }
        } finally {
            clients.shutdown();
        }
        return latencies;
    }

    /** With PROFILE=1: the share of one core each of the service's busiest threads used over a measured window. */
    private void printThreadCpu(final ServiceProcess service, final Map<String, Long> before, final long nanos) {
        if (!config.profile()) {
            return;
        }
        final Map<String, Long> after = service.threadCpu();
        after.entrySet().stream()
                .map(thread -> Map.entry(thread.getKey(), thread.getValue() - before.getOrDefault(thread.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(thread -> System.out.printf(Locale.ROOT, "  cpu %5.1f%% of a core  %s%n",
                        thread.getValue() * 1e9 / nanos, thread.getKey()));
    }

    /**
     * Offsets written so far to every topic of the service (its own topics and its changelogs and repartition
     * topics): records plus transaction markers, i.e. what the broker had to append.
     */
    private long brokerWrites(final ServiceProcess service) throws Exception {
        return writesByTopic(service).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<String, Long> writesByTopic(final ServiceProcess service) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap()))) {
            final Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends =
                    new java.util.HashMap<>();
            final Set<String> topics = admin.listTopics().names().get().stream()
                    .filter(topic -> topic.contains(service.suffix)).collect(java.util.stream.Collectors.toSet());
            admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions().forEach(
                    partition -> ends.put(new org.apache.kafka.common.TopicPartition(topic.name(), partition.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest())));
            final Map<String, Long> writes = new java.util.TreeMap<>();
            admin.listOffsets(ends).all().get().forEach((partition, end) ->
                    writes.merge(partition.topic().replace(service.suffix, "*"), end.offset(), Long::sum));
            return writes;
        }
    }

    /** With PROFILE=1: broker writes per ticket by topic over a measured window. */
    private void printWritesByTopic(final Map<String, Long> before, final Map<String, Long> after, final long tickets) {
        if (config.profile()) {
            after.forEach((topic, end) -> System.out.printf(Locale.ROOT, "  writes %5.2f per ticket  %s%n",
                    (double) (end - before.getOrDefault(topic, 0L)) / tickets, topic));
        }
    }

    /** Adds the broker writes per ticket, and the rate of broker writes as a ratio of the pipe, to a phase's figures. */
    private void recordWrites(final String phase, final long writes, final long tickets, final long nanos) {
        final double perTicket = (double) writes / tickets;
        final double ratio = writes / (nanos / 1e9) / pipeRate;
        results.get(phase).put("broker_writes_per_ticket", perTicket);
        results.get(phase).put("broker_writes_ratio_to_pipe", ratio);
        System.out.printf(Locale.ROOT, "%-9s %9s %9s %11.0f %9.3f  broker writes: %.1f per ticket (records and "
                + "transaction markers, every topic of the service)%n", "", "", "", writes / (nanos / 1e9), ratio, perTicket);
    }

    private double record(final String phase, final int records, final long nanos, final String detail) {
        final double seconds = nanos / 1e9;
        final double rate = records / seconds;
        final Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("records", records);
        figures.put("seconds", seconds);
        figures.put("per_second", rate);
        figures.put("ratio_to_pipe", phase.equals("pipe") ? 1.0 : rate / pipeRate);
        figures.put("detail", detail);
        results.put(phase, figures);
        System.out.printf(Locale.ROOT, "%-9s %9d %9.1f %11.0f %9s  %s%n", phase, records, seconds, rate,
                phase.equals("pipe") ? "1" : String.format(Locale.ROOT, "%.3f", rate / pipeRate), detail);
        return rate;
    }

    private static void progress(final String phase, final long done, final long total) {
        System.out.printf("  %s: %d / %d%n", phase, done, total);
    }

    private KafkaProducer<String, SpecificRecord> producer() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", config.registry()), false));
    }

    private String token(final String agent, final String queue, final int capacity) {
        return config.token(agent, Map.of("name", "Bench " + agent.substring(0, 4), "queues", List.of(queue),
                "capacity", capacity));
    }

    private static TicketCreated ticket(final String queue, final int priority) {
        return ticket(queue, priority, "chat");
    }

    private static TicketCreated ticket(final String queue, final int priority, final String channel) {
        final String id = UUID.randomUUID().toString();
        return TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue(queue).setChannel(channel)
                .setContent(CONTENT).setPriority(priority).build();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A read_committed consumer of every partition of a topic from its start, on its own thread. */
    private final class Reader<V> implements AutoCloseable {

        private final AtomicBoolean done = new AtomicBoolean();
        private final Thread thread;
        private final java.util.function.IntSupplier count;
        private final AtomicBoolean failed = new AtomicBoolean();

        Reader(final String topic, final java.util.function.Consumer<V> onRecord,
                final java.util.function.IntSupplier count) {
            this.count = count;
            final Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            final KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ConfluentAvroDeserializer<>(Map.of("schema.registry.url", config.registry(),
                            "specific.avro.reader", true), false));
            consumer.subscribe(List.of(topic));
            thread = new Thread(() -> {
                try (consumer) {
                    while (!done.get()) {
                        consumer.poll(Duration.ofMillis(50)).forEach(record -> onRecord.accept(record.value()));
                    }
                } catch (RuntimeException e) {
                    failed.set(true);
                    throw e;
                }
            }, "bench-reader-" + topic);
            thread.start();
        }

        void awaitCount(final int expected, final Duration timeout) throws InterruptedException {
            final long deadline = System.nanoTime() + timeout.toNanos();
            long lastReport = System.nanoTime();
            while (count.getAsInt() < expected) {
                if (failed.get() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("saw " + count.getAsInt() + " of " + expected + " records");
                }
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    progress("seen", count.getAsInt(), expected);
                    lastReport = System.nanoTime();
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close() throws InterruptedException {
            done.set(true);
            thread.join();
        }
    }

    static Map<String, Object> machine() {
        final Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory_bytes", ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize());
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("time", Instant.now().toString());
        return machine;
    }}
