package net.oneview.chatticket.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * The bench's HTTP requests to a service: one that must answer 200, an agent's GET tickets, requests at a fixed rate
 * each timed from when it was due (open loop), and GET /v1/queues timed once it shows a backlog.
 */
final class Requests {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Requests() {
    }

    static void send(final ServiceProcess service, final String method, final String path, final String token)
            throws Exception {
        final HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + service.port + path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
    }

    /** GET /v1/{agentID}/tickets for each agent (id and token) in turn, on the server at {@code base}. */
    static LongFunction<HttpRequest> getTickets(final String base, final List<String[]> agents) {
        return i -> {
            final String[] agent = agents.get((int) (i % agents.size()));
            return HttpRequest.newBuilder(URI.create(base + "/v1/" + agent[0] + "/tickets"))
                    .header("Authorization", "Bearer " + agent[1]).build();
        };
    }

    /** Requests at a fixed rate, each timed from when it was due; fails on any answer but 200. */
    static Histogram openLoop(final int rate, final int seconds, final LongFunction<HttpRequest> request)
            throws Exception {
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        final AtomicInteger failures = new AtomicInteger();
        final List<CompletableFuture<?>> pending = new ArrayList<>();
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
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests did not answer 200");
        }
        return histogram;
    }

    /**
     * Times {@code GET /v1/queues} once it shows {@code waiting} tickets in a queue: the median of 5 calls, in
     * milliseconds.
     */
    static double queuesMillis(final BenchConfig config, final ServiceProcess service, final int waiting)
            throws Exception {
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
        final List<Long> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            final long start = System.nanoTime();
            HTTP.send(count, HttpResponse.BodyHandlers.discarding());
            times.add(System.nanoTime() - start);
        }
        Collections.sort(times);
        return times.get(2) / 1e6;
    }

    /** Until {@code count} reaches {@code expected}; throws after 2 minutes, saying how many of {@code what} came. */
    static void awaitAtLeast(final IntSupplier count, final int expected, final String what)
            throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (count.getAsInt() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(count.getAsInt() + " of " + expected + " " + what
                        + " within 2 minutes");
            }
            Thread.sleep(20);
        }
    }
}
