package net.oneview.chatticket.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * 20,000 agents online and 1,000,000 tickets waiting in one pool: how fast the backlog fills, heap after a full GC,
 * state on disk, the time GET /v1/queues takes, then the lifecycle at that size, whose closing consumes the backlog
 * from its head (the worst case for RocksDB: the deleted head of the queue lies in front of every look-up), as a ratio
 * of the lifecycle phase's if this run measured it.
 */
final class ScalePhase implements Phase {

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final int agents = run.config.size(20_000, 2_000);
        final int churning = run.config.size(1_000, 500);
        final int capacity = 4;
        final int waiting = run.config.size(1_000_000, 50_000);
        try (ServiceProcess service = ServiceProcess.start(run.config, "scale-" + BenchRun.shortId())) {
            final List<String> ids = Agents.ids(agents);
            final long onlineStart = System.nanoTime();
            run.agents.online(service, "scale", ids, capacity);
            final double onlineSeconds = (System.nanoTime() - onlineStart) / 1e9;
            final long fillStart = System.nanoTime();
            final int tickets = agents * capacity + waiting;
            run.tickets.produceAndAwait(service, tickets, "scale", null);
            final double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            final long heap = service.heapAfterFullGc();
            final long resident = service.residentBytes();
            final long disk = service.stateBytes();
            final double queuesMillis = Requests.queuesMillis(run.config, service, waiting);
            final double pipeRate = run.pipeRate();
            System.out.printf(Locale.ROOT, "%-9s %9d %9.1f %11.0f %9.3f  %d agents online in %.0f s; %d tickets "
                    + "decided (%d waiting); heap after full GC %d MiB (process resident %d MiB); state on disk %d "
                    + "MiB; GET /v1/queues %.1f ms (target <= 20 ms at 1,000,000 waiting)%n",
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
            final double rate = LifecycleLoop.measure(run, service, "scale-lifecycle", closing::contains, agents
                    + " agents (" + churning + " closing their tickets) x capacity " + capacity + ", " + waiting
                    + " waiting consumed from the head");
            figures.put("lifecycle_per_second", rate);
            final Object empty = run.results.getOrDefault(LifecyclePhase.NAME, Map.of()).get("per_second");
            if (empty instanceof Double emptyRate) {
                figures.put("lifecycle_ratio_to_empty_pool", rate / emptyRate);
                System.out.printf(Locale.ROOT, "%-9s %9s %9s %11.0f %9s  lifecycle at this size = %.2f x the lifecycle "
                        + "phase's%n", "scale", "", "", rate, "", rate / emptyRate);
            }
            figures.put("heap_after_full_gc_after_lifecycle_mib", service.heapAfterFullGc() >> 20);
            run.results.put("scale", figures);
        }
    }
}
