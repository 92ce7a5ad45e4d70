package net.oneview.chatticket.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an idle service costs: after a burst of 30 tickets is decided (and 30 s to settle), the records appended in
 * 30 s with nothing coming in, to the service's topics and to the broker's own (consumer offsets, transaction state;
 * nothing else runs meanwhile), target 0; and the CPU the service and the broker used meanwhile, as a share of one
 * core: the broker's set beside its own before the service started (10 s, no client), the service's with the part its
 * JIT compiler still takes (it settles minutes after a start) and its busiest threads.
 */
final class IdlePhase implements Phase {

    private static final int SECONDS = 30;
    private static final int BASELINE_SECONDS = 10;

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final long broker = ProcessCpu.pidIn(run.config.dir().resolve("kafka.pid"));
        final long baselineStart = System.nanoTime();
        final long brokerBaselineBefore = ProcessCpu.ticks(broker);
        Thread.sleep(BASELINE_SECONDS * 1000L);  // the broker alone: the length is the point, not a condition
        final double brokerAlone = ProcessCpu.shareOfCore(brokerBaselineBefore, ProcessCpu.ticks(broker),
                System.nanoTime() - baselineStart);
        try (ServiceProcess service = ServiceProcess.start(run.config, "idle-" + BenchRun.shortId())) {
            run.agents.online(service, "idle", 10, 5);
            run.tickets.produceAndAwait(service, 30, "idle", null);
            Thread.sleep(30_000);  // the burst's last commits land, the JIT settles; the length is the point
            final long before = run.writes.total(service) + run.writes.brokerOwn();
            final long serviceBefore = ProcessCpu.ticks(service.pid());
            final long brokerBefore = ProcessCpu.ticks(broker);
            final Map<String, Long> threadsBefore = service.threadCpu();
            final long start = System.nanoTime();
            Thread.sleep(SECONDS * 1000L);  // the measured idle time
            final long elapsed = System.nanoTime() - start;
            final double serviceCpu = ProcessCpu.shareOfCore(serviceBefore, ProcessCpu.ticks(service.pid()), elapsed);
            final double brokerCpu = ProcessCpu.shareOfCore(brokerBefore, ProcessCpu.ticks(broker), elapsed);
            final Map<String, Double> threads = new LinkedHashMap<>();
            service.threadCpu().entrySet().stream()
                    .map(thread -> Map.entry(thread.getKey(), (thread.getValue()
                            - threadsBefore.getOrDefault(thread.getKey(), 0L)) / ProcessCpu.TICKS_PER_SECOND
                            / (elapsed / 1e9)))
                    .filter(thread -> thread.getValue() > 0)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(thread -> threads.put(thread.getKey(), thread.getValue()));
            final double jit = threads.entrySet().stream().filter(thread -> thread.getKey().contains("CompilerThre"))
                    .mapToDouble(Map.Entry::getValue).sum();
            final long written = run.writes.total(service) + run.writes.brokerOwn() - before;
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("seconds", SECONDS);
            figures.put("records", written);
            figures.put("per_second", (double) written / SECONDS);
            figures.put("service_cpu_percent_of_a_core", 100 * serviceCpu);
            figures.put("service_jit_cpu_percent_of_a_core", 100 * jit);
            figures.put("broker_cpu_percent_of_a_core", 100 * brokerCpu);
            figures.put("broker_alone_cpu_percent_of_a_core", 100 * brokerAlone);
            run.results.put("idle", figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9d %11.1f %9s  broker records appended in %d s idle after a "
                    + "burst of 30 tickets (target 0)%n", "idle", written, SECONDS, (double) written / SECONDS, "-",
                    SECONDS);
            System.out.printf(Locale.ROOT, "  idle CPU, %% of one core: service %.1f (%.1f of it its JIT compiler); "
                    + "broker %.1f (%.1f alone, before the service started)%n", 100 * serviceCpu, 100 * jit,
                    100 * brokerCpu, 100 * brokerAlone);
            threads.entrySet().stream().limit(6).forEach(thread -> System.out.printf(Locale.ROOT, "    %5.2f %%  %s%n",
                    100 * thread.getValue(), thread.getKey()));
        }
    }
}
