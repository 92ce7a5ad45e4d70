package net.oneview.chatticket.bench;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * `make bench`: drives the real service (a separate process) against its own broker and registry and prints a table
 * as it goes; every throughput is also given as a ratio of the raw pipe measured in the same run on the same broker.
 * Runs the phases ONLY names (all without it) in the order below, then writes bench/results.json and
 * bench/RESULTS.md. A phase that fails (an invariant broken, a target it checks missed, an error) is reported as it
 * fails and in the results, and the phases after it still run: the run exits non-zero at the end, naming the failed
 * phases.
 */
public final class Bench {

    private static final List<Phase> PHASES = List.of(new PipePhase(), new BacklogPhase(), new OutsidePhase(),
            new AssignPhase(), new LifecyclePhase(), new PoolsPhase(), new ScalePhase(), new RoutingPhase(),
            new OffersPhase(), new OffersExpiryPhase(), new RestartPhase(), new LatencyPhase(), new IdlePhase(),
            new QueueingPhase(), new HttpPhase(), new ForwardPhase(), new LivePhase());
    /** The phases that give ratios to the pipe (directly or through the lifecycle phase): the pipe runs with them. */
    private static final Set<String> AGAINST_PIPE = Set.of(PipePhase.NAME, "backlog", "assign", LifecyclePhase.NAME,
            "pools", "scale", "routing", "offers");

    private Bench() {
    }

    public static void main(final String[] args) throws Exception {
        final BenchConfig config = BenchConfig.fromEnvironment();
        Files.createDirectories(config.dir());
        final BenchRun run = new BenchRun(config);
        System.out.printf("%-9s %9s %9s %11s %9s  %s%n", "phase", "records", "seconds", "per second", "x pipe",
                "detail");
        final Map<String, String> failed = new LinkedHashMap<>();
        for (final Phase phase : PHASES) {
            if (selected(config, phase)) {
                try {
                    phase.run(run);
                } catch (Exception | AssertionError e) {
                    final String reason = String.valueOf(e).replaceAll("\\s+", " ");
                    failed.put(phase.name(), reason);
                    System.out.printf("%-9s FAILED: %s%n", phase.name(), reason);
                    e.printStackTrace(System.out);
                    // a row of its own: a phase may have written figures under its name (or several) before failing
                    run.results.put(phase.name() + "-failed", new LinkedHashMap<>(Map.of("reason", reason)));
                }
            }
        }
        if (!failed.isEmpty()) {
            System.out.println("failed phases: " + String.join(", ", failed.keySet()));
        }
        BenchReport.write(config, run.results);
        if (!failed.isEmpty()) {
            System.exit(1);
        }
    }

    /** A phase runs when ONLY names it (or names none); the pipe runs too when a phase measured against it does. */
    private static boolean selected(final BenchConfig config, final Phase phase) {
        if (phase.name().equals(PipePhase.NAME)) {
            return AGAINST_PIPE.stream().anyMatch(config::runs);
        }
        return config.runs(phase.name());
    }
}
