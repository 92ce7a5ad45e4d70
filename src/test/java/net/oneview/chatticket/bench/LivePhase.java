package net.oneview.chatticket.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow.Subscriber;
import java.util.concurrent.Flow.Subscription;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Live streams: one instance holds a stream per agent for many agents, each list holding tickets already (heap and
 * resident memory per stream, with the bytes of the lists they were sent), then tickets at a fixed rate are
 * assigned to them: how long after its decision is visible on ticket-assignments (read_committed) the ticket
 * reaches its agent's stream, and how long after it was produced. Also times GET /v1/queues over a backlog.
 */
final class LivePhase implements Phase {

    /** Tickets in each agent's list when the phase opens its streams, and their text. */
    private static final int LIST = 5;
    private static final String CONTENT = "{\"text\":\"" + "I need help with my order, it did not arrive. "
            .repeat(20) + "\"}";

    @Override
    public String name() {
        return "live";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final int streams = run.config.size(4_000, 300);
        final int rate = run.config.size(100, 50);
        final int seconds = run.config.size(30, 10);
        final int backlog = run.config.size(100_000, 10_000);
        try (ServiceProcess service = ServiceProcess.start(run.config, "live-" + BenchRun.shortId())) {
            final double countMillis = supervisorsCount(run, service, backlog);
            final List<String> agents = Agents.ids(streams);
            run.agents.online(service, "live", agents, 100);
            fillLists(run, service, streams * LIST);
            final long heapBefore = service.heapAfterFullGc();
            final long residentBefore = service.residentBytes();
            final Map<String, Long> arrived = new ConcurrentHashMap<>();
            final AtomicInteger started = new AtomicInteger();
            final AtomicLong listBytes = new AtomicLong();
            final List<Subscription> open = Collections.synchronizedList(new ArrayList<>());
            final long opening = System.nanoTime();
            for (final String agent : agents) {
                Requests.HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port + "/v1/"
                        + agent + "/tickets/stream")).header("Authorization", "Bearer "
                        + run.agents.token(agent, "live", 100)).build(),
                        HttpResponse.BodyHandlers.fromLineSubscriber(new StreamLines(open, started, listBytes,
                                arrived)));
            }
            Requests.awaitAtLeast(started::get, streams, "streams started");
            final double openSeconds = (System.nanoTime() - opening) / 1e9;
            final long heapPerStream = (service.heapAfterFullGc() - heapBefore) / streams;
            final long residentPerStream = (service.residentBytes() - residentBefore) / streams;

            final Map<String, Long> sent = new ConcurrentHashMap<>();
            final Map<String, Long> decided = new ConcurrentHashMap<>();
            try (Reader<TicketAssignment> reader = run.tickets.decisions(service, decision -> {
                if (decision.getDecision() == Decision.ASSIGNED && sent.containsKey(decision.getTicketId())) {
                    decided.putIfAbsent(decision.getTicketId(), System.nanoTime());
                }
            }, decided::size); KafkaProducer<String, SpecificRecord> producer = run.tickets.producer()) {
                final long start = System.nanoTime();
                final long interval = 1_000_000_000L / rate;
                for (long i = 0; i < (long) rate * seconds; i++) {
                    final long wait = start + i * interval - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    final TicketCreated ticket = Tickets.ticket("live", 1 + (int) (i % 5));
                    sent.put(ticket.getId(), System.nanoTime());
                    Tickets.send(producer, service, ticket);
                }
                reader.awaitCount(sent.size(), Duration.ofMinutes(2));
                Requests.awaitAtLeast(() -> (int) sent.keySet().stream().filter(arrived::containsKey).count(),
                        sent.size(), "tickets on their agents' streams");
            }
            open.forEach(Subscription::cancel);
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
            run.results.put("live", figures);
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

    /** Fills a queue nobody serves with a backlog, then times GET /v1/queues ({@link Requests#queuesMillis}). */
    private static double supervisorsCount(final BenchRun run, final ServiceProcess service, final int backlog)
            throws Exception {
        run.tickets.produce(service, "live-unserved", backlog);
        return Requests.queuesMillis(run.config, service, backlog);
    }

    /** Assigns {@code tickets} tickets of about 1 KB to the phase's agents, {@value #LIST} each on average. */
    private static void fillLists(final BenchRun run, final ServiceProcess service, final int tickets)
            throws Exception {
        final AtomicInteger assigned = new AtomicInteger();
        try (Reader<TicketAssignment> reader = run.tickets.decisions(service, decision -> {
            if (decision.getDecision() == Decision.ASSIGNED) {
                assigned.incrementAndGet();
            }
        }, assigned::get); KafkaProducer<String, SpecificRecord> producer = run.tickets.producer()) {
            for (int i = 0; i < tickets; i++) {
                final TicketCreated ticket = Tickets.ticket("live", 1 + i % 5);
                ticket.setContent(CONTENT);
                Tickets.send(producer, service, ticket);
            }
            producer.flush();
            reader.awaitCount(tickets, Duration.ofMinutes(2));
        }
    }

    /**
     * The lines of one live stream: counts its first event and the bytes of its list (ASCII), notes when each ticket id
     * is first seen.
     */
    private static final class StreamLines implements Subscriber<String> {

        private static final Pattern TICKET_ID = Pattern.compile("\\{\"id\":\"([^\"]+)\"");
        private final List<Subscription> open;
        private final AtomicInteger started;
        private final AtomicLong listBytes;
        private final Map<String, Long> arrived;
        private boolean first = true;

        StreamLines(final List<Subscription> open, final AtomicInteger started, final AtomicLong listBytes,
                final Map<String, Long> arrived) {
            this.open = open;
            this.started = started;
            this.listBytes = listBytes;
            this.arrived = arrived;
        }

        @Override
        public void onSubscribe(final Subscription subscription) {
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
            final Matcher ids = TICKET_ID.matcher(line);
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
}
