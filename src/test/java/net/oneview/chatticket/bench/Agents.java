package net.oneview.chatticket.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The bench's agents: their ids, their tokens, and their going online as a shift starts: PUT /v1/{agentID}/online
 * from {@value #SHIFT_CLIENTS} concurrent clients, each answered only after the agent is visible (read-your-writes).
 */
final class Agents {

    /** Concurrent clients putting agents online in the shift start. */
    static final int SHIFT_CLIENTS = 20;

    private final BenchConfig config;

    Agents(final BenchConfig config) {
        this.config = config;
    }

    static List<String> ids(final int n) {
        return Stream.generate(() -> UUID.randomUUID().toString()).limit(n).toList();
    }

    /** An agent's token: in one queue, with one capacity for every channel. */
    String token(final String agent, final String queue, final int capacity) {
        return config.token(agent, Map.of("name", "Bench " + agent.substring(0, 4), "queues", List.of(queue),
                "capacity", capacity));
    }

    /** As a shift starts, {@code agents} new agents of the queue: returns the latency of each PUT. */
    Histogram online(final ServiceProcess service, final String queue, final int agents, final int capacity)
            throws Exception {
        return online(service, queue, ids(agents), capacity);
    }

    Histogram online(final ServiceProcess service, final String queue, final List<String> agents, final int capacity)
            throws Exception {
        return online(service, agents, agent -> token(agent, queue, capacity));
    }

    /** As a shift starts, each agent with the token {@code tokenOf} gives it. */
    Histogram online(final ServiceProcess service, final List<String> agents, final Function<String, String> tokenOf)
            throws Exception {
        final Histogram latencies = new Histogram(60_000_000_000L, 3);
        final ExecutorService clients = Executors.newFixedThreadPool(SHIFT_CLIENTS);
        try {
            final List<Future<?>> puts = new ArrayList<>();
            for (final String agent : agents) {
                final String token = tokenOf.apply(agent);
                puts.add(clients.submit(() -> {
                    final long start = System.nanoTime();
                    Requests.send(service, "PUT", "/v1/" + agent + "/online", token);
                    synchronized (latencies) {
                        latencies.recordValue(System.nanoTime() - start);
                    }
                    return null;
                }));
            }
            for (final Future<?> put : puts) {
                put.get();
            }
        } finally {
            clients.shutdown();
        }
        return latencies;
    }
}
