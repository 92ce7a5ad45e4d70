package net.oneview.chatticket.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Utils;

/**
 * kill -9 under load, then start again: seconds until Kafka Streams runs again with the local state, and with the
 * state directory wiped (restored from the changelogs), and then until the decision histories of the last tickets that
 * waited can be read (restored from ticket-assignments, not a changelog). The state to restore is a backlog waiting in a queue nobody
 * serves; the load (500 tickets/s for 3 s before each kill) goes to 200 agents with room for all of it, each ticket
 * closed as soon as its assignment is seen, so that assignments are being made when the kill comes. Fails if a
 * read_committed consumer sees a ticket assigned while still held or any ticket decided twice the same way
 * (exactly-once), if no assignment was made under load before a kill (nothing a double one could show in), or if
 * a ticket sent under load is not assigned within 2 minutes of the last restart.
 */
final class RestartPhase implements Phase {

    private static final String WAITING = "restart-nobody-serves";
    /** The decision histories read after the wiped restart: of the last tickets that waited, restored last. */
    private static final int HISTORIES_READ = 30;

    @Override
    public String name() {
        return "restart";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final int backlog = run.config.size(200_000, 20_000);
        final String suffix = "restart-" + BenchRun.shortId();
        final Map<String, Object> figures = new LinkedHashMap<>();
        final Map<String, Integer> decided = new ConcurrentHashMap<>();
        final AtomicInteger sameTwice = new AtomicInteger();
        final AssignedTwice assignedTwice = new AssignedTwice();
        final Set<String> sent = ConcurrentHashMap.newKeySet();
        final Set<String> assigned = ConcurrentHashMap.newKeySet();
        final Deque<String> lastWaiting = new ConcurrentLinkedDeque<>();
        final List<String> failures = new ArrayList<>();
        // Each start has the same suffix, and so the same topics: the first process names them for the whole phase.
        final ServiceProcess first = ServiceProcess.start(run.config, suffix);
        ServiceProcess service = first;
        try (KafkaProducer<String, SpecificRecord> closer = run.tickets.producer();
                Reader<TicketAssignment> reader = run.tickets.decisions(first, decision -> {
                    if (decided.merge(decision.getTicketId() + decision.getDecision(), 1, Integer::sum) > 1) {
                        sameTwice.incrementAndGet();
                    }
                    assignedTwice.add(decision);
                    if (decision.getDecision() == Decision.QUEUED && WAITING.equals(decision.getTicket().getQueue())) {
                        lastWaiting.addLast(decision.getTicketId());
                        if (lastWaiting.size() > HISTORIES_READ) {
                            lastWaiting.pollFirst();
                        }
                    }
                    if (decision.getDecision() == Decision.ASSIGNED) {
                        assigned.add(decision.getTicketId());
                        Tickets.close(closer, first, decision.getTicketId());
                    }
                }, decided::size)) {
            run.agents.online(service, "restart", 200, 5);
            run.tickets.produceAndAwait(service, backlog, WAITING, Decision.QUEUED);
            figures.put("waiting", backlog);
            for (final boolean wipe : List.of(false, true)) {
                final int assignedBefore = assignedTwice.assigned();
                try (Load load = new Load(run.tickets, service, "restart", 500, sent)) {
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
                    Utils.delete(service.stateDir().toFile());
                }
                final long start = System.nanoTime();
                service = ServiceProcess.start(run.config, suffix);
                final double seconds = (System.nanoTime() - start) / 1e9;
                final String what = wipe ? "from_changelogs" : "with_local_state";
                figures.put("seconds_" + what, seconds);
                System.out.printf(Locale.ROOT, "%-9s %9d %9.1f %11s %9s  kill -9 under load, running again %s%n",
                        "restart", backlog, seconds, "-", "-", wipe ? "after the state was wiped (restored from the "
                                + "changelogs)" : "with its local state");
                if (wipe) {
                    final double history = historiesReadable(run.config, service, List.copyOf(lastWaiting)) / 1e9
                            + seconds;
                    figures.put("seconds_decision_history_from_ticket_assignments", history);
                    System.out.printf(Locale.ROOT, "%-9s %9d %9.1f %11s %9s  the decision history of the last %d "
                            + "tickets that waited readable again (restored from ticket-assignments)%n", "restart",
                            backlog, history, "-", "-", HISTORIES_READ);
                }
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
        run.results.put("restart", figures);
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

    /** Nanoseconds until GET /v1/tickets/{ticketId}/decisions answers 200 for each ticket; 2 minutes at most. */
    private static long historiesReadable(final BenchConfig config, final ServiceProcess service,
            final List<String> tickets) throws Exception {
        final String supervisor = config.token(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));
        final long start = System.nanoTime();
        final long deadline = start + 120_000_000_000L;
        for (final String ticket : tickets) {
            final HttpRequest read = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port
                    + "/v1/tickets/" + ticket + "/decisions")).header("Authorization", "Bearer " + supervisor).build();
            while (Requests.HTTP.send(read, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("restart: the decision history of " + ticket
                            + " was not readable within 2 minutes of the wiped restart");
                }
                Thread.sleep(20);
            }
        }
        return System.nanoTime() - start;
    }
}
