package net.oneview.chatticket.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * The HTTP facade of one instance: the shift start (agents put online from {@value Agents#SHIFT_CLIENTS} clients), GET
 * /v1/{agentID}/tickets at fixed rates (open loop: latency counted from when each request was due) next to the
 * liveness probe (/livez) of the same server at the same rates, after a warm-up at 500/s; both as fast as the clients
 * go; then PUT offline/online latency, one agent after another.
 */
final class HttpPhase implements Phase {

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final int seconds = run.config.size(20, 5);
        final int agents = 100;
        try (ServiceProcess service = ServiceProcess.start(run.config, "http-" + BenchRun.shortId())) {
            final List<String[]> online = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                final String agent = UUID.randomUUID().toString();
                online.add(new String[] {agent, run.agents.token(agent, "http", 3)});
            }
            final int shift = run.config.size(3_000, 600);
            final long shiftStart = System.nanoTime();
            final Histogram shiftPuts = run.agents.online(service, "http", shift, 3);
            final double shiftSeconds = (System.nanoTime() - shiftStart) / 1e9;
            System.out.printf(Locale.ROOT, "%-9s %9d %9.1f %11.0f %9s  shift start: PUT online from %d clients, "
                    + "p50 %.0f ms p99 %.0f ms%n", "http-put", shift, shiftSeconds, shift / shiftSeconds, "-",
                    Agents.SHIFT_CLIENTS, shiftPuts.getValueAtPercentile(50) / 1e6,
                    shiftPuts.getValueAtPercentile(99) / 1e6);
            final Histogram put = new Histogram(60_000_000_000L, 3);
            for (final String[] agent : online) {
                final long start = System.nanoTime();
                Requests.send(service, "PUT", "/v1/" + agent[0] + "/online", agent[1]);
                put.recordValue(System.nanoTime() - start);
            }
            final String base = "http://127.0.0.1:" + service.port;
            final LongFunction<HttpRequest> getTickets = Requests.getTickets(base, online);
            final LongFunction<HttpRequest> livez = i -> HttpRequest.newBuilder(URI.create(base + "/livez")).build();
            final int warmup = run.config.size(15, 5);
            Requests.openLoop(500, warmup, getTickets);
            Requests.openLoop(500, warmup, livez);
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("shift_agents", shift);
            figures.put("shift_clients", Agents.SHIFT_CLIENTS);
            figures.put("shift_put_per_s", shift / shiftSeconds);
            figures.put("shift_put_p50_ms", shiftPuts.getValueAtPercentile(50) / 1e6);
            figures.put("shift_put_p99_ms", shiftPuts.getValueAtPercentile(99) / 1e6);
            figures.put("warmup_seconds", warmup);
            for (final int rate : List.of(500, 1_000, 2_000)) {
                final Histogram get = Requests.openLoop(rate, seconds, getTickets);
                final Histogram health = Requests.openLoop(rate, seconds, livez);
                figures.put("get_" + rate + "_p50_ms", get.getValueAtPercentile(50) / 1e6);
                figures.put("get_" + rate + "_p99_ms", get.getValueAtPercentile(99) / 1e6);
                figures.put("health_" + rate + "_p50_ms", health.getValueAtPercentile(50) / 1e6);
                figures.put("health_" + rate + "_p99_ms", health.getValueAtPercentile(99) / 1e6);
                System.out.printf(Locale.ROOT, "%-9s %9d %9d %11d %9s  GET tickets p50 %.1f ms p99 %.1f ms; health "
                        + "p50 %.1f ms p99 %.1f ms%n", "http", get.getTotalCount(), seconds, rate, "-",
                        get.getValueAtPercentile(50) / 1e6, get.getValueAtPercentile(99) / 1e6,
                        health.getValueAtPercentile(50) / 1e6, health.getValueAtPercentile(99) / 1e6);
            }
            final double getSaturated = saturate(seconds, getTickets);
            final double healthSaturated = saturate(seconds, livez);
            figures.put("get_saturated_per_s", getSaturated);
            figures.put("health_saturated_per_s", healthSaturated);
            figures.put("get_saturated_ratio_to_health", getSaturated / healthSaturated);
            System.out.printf(Locale.ROOT, "%-9s %9s %9d %11.0f %9s  GET tickets as fast as %d clients go = %.2f x "
                    + "health (%.0f/s)%n", "http", "", seconds, getSaturated, "-", Agents.SHIFT_CLIENTS,
                    getSaturated / healthSaturated, healthSaturated);
            final Histogram offlineOnline = new Histogram(60_000_000_000L, 3);
            for (final String[] agent : online) {
                for (final String action : List.of("offline", "online")) {
                    final long start = System.nanoTime();
                    Requests.send(service, "PUT", "/v1/" + agent[0] + "/" + action, agent[1]);
                    offlineOnline.recordValue(System.nanoTime() - start);
                }
            }
            figures.put("put_new_agent_online_p50_ms", put.getValueAtPercentile(50) / 1e6);
            figures.put("put_new_agent_online_p99_ms", put.getValueAtPercentile(99) / 1e6);
            figures.put("put_offline_online_p50_ms", offlineOnline.getValueAtPercentile(50) / 1e6);
            figures.put("put_offline_online_p99_ms", offlineOnline.getValueAtPercentile(99) / 1e6);
            run.results.put("http", figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9s %11s %9s  PUT online (new agent) p50 %.0f ms p99 %.0f ms; "
                    + "offline/online p50 %.0f ms p99 %.0f ms, one at a time%n", "http-put", agents * 3, "-", "-", "-",
                    put.getValueAtPercentile(50) / 1e6, put.getValueAtPercentile(99) / 1e6,
                    offlineOnline.getValueAtPercentile(50) / 1e6, offlineOnline.getValueAtPercentile(99) / 1e6);
        }
    }

    /**
     * Requests from {@value Agents#SHIFT_CLIENTS} clients, each sending the next as soon as the last is answered:
     * answers per second.
     */
    private static double saturate(final int seconds, final LongFunction<HttpRequest> request) throws Exception {
        final AtomicLong answered = new AtomicLong();
        final AtomicLong next = new AtomicLong();
        final long end = System.nanoTime() + seconds * 1_000_000_000L;
        final ExecutorService clients = Executors.newFixedThreadPool(Agents.SHIFT_CLIENTS);
        final List<Future<?>> running = new ArrayList<>();
        final long start = System.nanoTime();
        for (int c = 0; c < Agents.SHIFT_CLIENTS; c++) {
            running.add(clients.submit(() -> {
                while (System.nanoTime() < end) {
                    final HttpResponse<Void> answer = Requests.HTTP.send(request.apply(next.getAndIncrement()),
                            HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("answered " + answer.statusCode());
                    }
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        for (final Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        return answered.get() / ((System.nanoTime() - start) / 1e9);
    }
}
