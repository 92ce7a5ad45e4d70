package net.oneview.chatticket.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The agents' side of make bench's offers phases: accepts an offer over HTTP as soon as the bench sees it on
 * ticket-assignments ({@code POST /v1/{agentID}/offers/{ticketId}/accept} with the agent's own token, which answers
 * once the ticket is in the agent's {@code GET tickets}: its latency is the accept's round trip), and puts agents that
 * let an offer expire online again.
 *
 * <p>The bench reads the decision once it is committed; the agent's own task applies it to the agent's offers a moment
 * later, so an accept can come before the agent's view has the offer (404) and is sent again, as is one whose outcome
 * was not in the view in time (503): 10 ms later, then twice as long each time up to 160 ms, so that a service
 * falling behind is not also flooded by the bench (a desk accepts only what the agent's view shows: it never sends
 * these). The round trip is timed from the attempt answered 200, or from the one answered 503 before it; the early
 * ones are counted. A 409 (the offer expired or was withdrawn first) is counted too: the ticket is offered on, as the
 * ledger shows. An accept still not answered 200 or 409 a minute after the first attempt is a failure.
 */
final class OfferTaker {

    private static final long FIRST_RETRY_MILLIS = 10;
    private static final long LAST_RETRY_MILLIS = 160;
    private static final long GIVE_UP_NANOS = Duration.ofMinutes(1).toNanos();

    private final HttpClient http;
    private final String base;
    private final Function<String, String> tokens;
    private final Map<String, String> tokenCache = new ConcurrentHashMap<>();
    private final Histogram roundTrip = new Histogram(60_000_000_000L, 3);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger early = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicInteger onlineAgain = new AtomicInteger();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private volatile boolean measuring;

    /** @param tokens the agent's own token, by agent id (computed once per agent) */
    OfferTaker(final HttpClient http, final int port, final Function<String, String> tokens) {
        this.http = http;
        this.base = "http://127.0.0.1:" + port;
        this.tokens = tokens;
    }

    /** Whether accepts answered from now on are timed. */
    void measuring(final boolean on) {
        measuring = on;
    }

    /** Accepts the ticket's offer to the agent, in the background. */
    void accept(final String agentId, final String ticketId) {
        inFlight.incrementAndGet();
        attempt(agentId, ticketId, System.nanoTime(), FIRST_RETRY_MILLIS, 0);
    }

    /**
     * @param since when the round trip started: this attempt's start, or that of the attempt answered 503 before it
     *     (0), whose wait is the accept's (a 404 is the bench's early reading, not part of it)
     */
    private void attempt(final String agentId, final String ticketId, final long first, final long retryMillis,
            final long since) {
        final long start = since == 0 ? System.nanoTime() : since;
        final boolean timed = measuring;
        http.sendAsync(post("/v1/" + agentId + "/offers/" + ticketId + "/accept", agentId),
                HttpResponse.BodyHandlers.discarding()).whenComplete((answer, error) -> {
                    final int status = error != null ? -1 : answer.statusCode();
                    if (status == 200) {
                        if (timed) {
                            synchronized (roundTrip) {
                                roundTrip.recordValue(System.nanoTime() - start);
                            }
                        }
                        accepted.incrementAndGet();
                        inFlight.decrementAndGet();
                    } else if ((status == 404 || status == 503) && System.nanoTime() - first < GIVE_UP_NANOS) {
                        early.incrementAndGet();
                        final Executor later = CompletableFuture.delayedExecutor(retryMillis, TimeUnit.MILLISECONDS);
                        CompletableFuture.runAsync(() -> attempt(agentId, ticketId, first,
                                Math.min(LAST_RETRY_MILLIS, retryMillis * 2), status == 503 ? start : 0), later);
                    } else {
                        if (status == 409) {
                            conflicts.incrementAndGet();
                        } else {
                            failures.merge(error != null ? cause(error) : "HTTP " + status, 1, Integer::sum);
                        }
                        inFlight.decrementAndGet();
                    }
                });
    }

    /** PUT online for an agent that let an offer expire (and so is away), in the background; failures counted. */
    void online(final String agentId) {
        inFlight.incrementAndGet();
        http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/" + agentId + "/online"))
                .header("Authorization", "Bearer " + token(agentId)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).whenComplete((answer, error) -> {
                    if (error == null && answer.statusCode() == 200) {
                        onlineAgain.incrementAndGet();
                    } else {
                        failures.merge("PUT online " + (error != null ? cause(error)
                                : "HTTP " + answer.statusCode()), 1, Integer::sum);
                    }
                    inFlight.decrementAndGet();
                });
    }

    /** What made a request fail, e.g. {@code HttpTimeoutException}, not the asynchronous client's wrapper around it. */
    private static String cause(final Throwable error) {
        final Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return cause.getClass().getSimpleName();
    }

    private HttpRequest post(final String path, final String agentId) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(agentId)).POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    private String token(final String agentId) {
        return tokenCache.computeIfAbsent(agentId, tokens);
    }

    /** Until every request sent has its answer (2 minutes at most). */
    void awaitAnswers() throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(inFlight.get() + " offer answers or PUTs not answered in 2 minutes");
            }
            Thread.sleep(20);
        }
    }

    /** The accepts answered 200 while measuring: nanoseconds from the POST to its answer. */
    Histogram roundTrip() {
        synchronized (roundTrip) {
            return roundTrip.copy();
        }
    }

    int accepted() {
        return accepted.get();
    }

    /** Attempts answered 404 or 503 (the agent's view not there yet) and sent again. */
    int early() {
        return early.get();
    }

    int conflicts() {
        return conflicts.get();
    }

    int onlineAgain() {
        return onlineAgain.get();
    }

    /** Answers neither 200 nor one sent again, nor 409, by kind: each a failure of the phase. */
    Map<String, Integer> failures() {
        return Map.copyOf(failures);
    }
}
