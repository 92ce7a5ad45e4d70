package net.oneview.chatticket.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an idle service costs the broker: after a burst of 30 tickets is decided (and 5 s to settle), the records
 * appended in 20 s with nothing coming in, to the service's topics and to the broker's own (consumer offsets,
 * transaction state; nothing else runs meanwhile). Target: 0.
 */
final class IdlePhase implements Phase {

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final int seconds = 20;
        try (ServiceProcess service = ServiceProcess.start(run.config, "idle-" + BenchRun.shortId())) {
            run.agents.online(service, "idle", 10, 5);
            run.tickets.produceAndAwait(service, 30, "idle", null);
            Thread.sleep(5_000);  // the burst's last commits land; the length is the point, not a condition
            final long before = run.writes.total(service) + run.writes.brokerOwn();
            Thread.sleep(seconds * 1000L);  // the measured idle time
            final long written = run.writes.total(service) + run.writes.brokerOwn() - before;
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("seconds", seconds);
            figures.put("records", written);
            figures.put("per_second", (double) written / seconds);
            run.results.put("idle", figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9d %11.1f %9s  broker records appended in %d s idle after a "
                    + "burst of 30 tickets (target 0)%n", "idle", written, seconds, (double) written / seconds, "-",
                    seconds);
        }
    }
}
