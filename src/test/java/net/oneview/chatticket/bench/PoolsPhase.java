package net.oneview.chatticket.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lifecycle phase split over two pools (queues pools-a and pools-b, the pools hashing to different partitions)
 * on two stream threads: what a second pool task adds when one pool's task is the ceiling. Prints the assignments per
 * second as a ratio of the lifecycle phase's, if this run measured it.
 */
final class PoolsPhase implements Phase {

    @Override
    public String name() {
        return "pools";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final int agents = run.config.size(1_000, 500);
        final int capacity = 4;
        final int backlog = run.config.size(20_000, 5_000);
        try (ServiceProcess service = ServiceProcess.start(run.config, "pools-" + BenchRun.shortId(),
                "--chat-ticket.assignment.pools.second=pools-b", "--chat-ticket.streams.config.num.stream.threads=2")) {
            for (final String queue : List.of("pools-a", "pools-b")) {
                run.agents.online(service, queue, agents / 2, capacity);
                run.tickets.produce(service, queue, (agents * capacity + backlog) / 2);
            }
            final double rate = LifecycleLoop.measure(run, service, "pools", agent -> true,
                    "as lifecycle, in two pools on two stream threads");
            final Object one = run.results.getOrDefault(LifecyclePhase.NAME, Map.of()).get("per_second");
            if (one instanceof Double onePool) {
                run.results.get("pools").put("ratio_to_one_pool", rate / onePool);
                System.out.printf(Locale.ROOT, "%-9s %9s %9s %11.0f %9s  two pools = %.2f x one pool (lifecycle)%n",
                        "pools", "", "", rate, "", rate / onePool);
            }
        }
    }
}
