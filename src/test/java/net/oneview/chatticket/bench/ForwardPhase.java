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
import org.HdrHistogram.Histogram;

/**
 * Two instances; GETs at 500 requests/s on the first, for agents it holds and, apart, for agents the second holds
 * (forwarded, with an internal token): p50 and p99 of each after a warm-up. Which instance holds an agent is asked of
 * the first's internal endpoint.
 */
final class ForwardPhase implements Phase {

    @Override
    public String name() {
        return "forward";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final int seconds = run.config.size(20, 5);
        final String suffix = "forward-" + BenchRun.shortId();
        try (ServiceProcess first = ServiceProcess.start(run.config, suffix, 0);
             ServiceProcess second = ServiceProcess.start(run.config, suffix, 1)) {
            awaitRunning(first);
            final String base = "http://127.0.0.1:" + first.port;
            final List<String[]> local = new ArrayList<>();
            final List<String[]> forwarded = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                final String agent = UUID.randomUUID().toString();
                final String token = run.agents.token(agent, "http", 3);
                Requests.send(first, "PUT", "/v1/" + agent + "/online", token);
                final int held = Requests.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/internal/stores/agents/"
                        + agent)).header("Authorization", "Bearer " + run.config.internalToken(agent)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                (held == 200 ? local : forwarded).add(new String[] {agent, token});
            }
            Requests.openLoop(500, run.config.size(15, 5), Requests.getTickets(base, local));
            Requests.openLoop(500, run.config.size(15, 5), Requests.getTickets(base, forwarded));
            final Histogram here = Requests.openLoop(500, seconds, Requests.getTickets(base, local));
            final Histogram there = Requests.openLoop(500, seconds, Requests.getTickets(base, forwarded));
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("agents_local", local.size());
            figures.put("agents_forwarded", forwarded.size());
            figures.put("local_p50_ms", here.getValueAtPercentile(50) / 1e6);
            figures.put("local_p99_ms", here.getValueAtPercentile(99) / 1e6);
            figures.put("forwarded_p50_ms", there.getValueAtPercentile(50) / 1e6);
            figures.put("forwarded_p99_ms", there.getValueAtPercentile(99) / 1e6);
            run.results.put("forward", figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9d %11d %9s  GET at 500/s: local p50 %.1f ms p99 %.1f ms; "
                    + "forwarded p50 %.1f ms p99 %.1f ms (%d and %d agents)%n", "forward", there.getTotalCount(),
                    seconds, 500, "-", here.getValueAtPercentile(50) / 1e6, here.getValueAtPercentile(99) / 1e6,
                    there.getValueAtPercentile(50) / 1e6, there.getValueAtPercentile(99) / 1e6, local.size(),
                    forwarded.size());
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
}
