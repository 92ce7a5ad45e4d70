package net.oneview.chatticket.bench;

/**
 * Steady state: a waiting backlog kept at a fixed size, each assigned ticket closed as soon as its decision is seen
 * (closing pulls the next waiting ticket) and replaced by a new one ({@link LifecycleLoop}). Assignments per second
 * after a warm-up: the reference of the pools, scale, routing and offers phases.
 */
final class LifecyclePhase implements Phase {

    static final String NAME = "lifecycle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        // Each ticket goes round a loop (decided, seen, closed, the next one decided) of a few commit intervals, so
        // the tickets in flight (agents x capacity) must be many for the service, not the loop, to set the pace.
        final int agents = run.config.size(1_000, 500);
        final int capacity = 4;
        final int backlog = run.config.size(20_000, 5_000);
        try (ServiceProcess service = ServiceProcess.start(run.config, "lifecycle-" + BenchRun.shortId())) {
            run.agents.online(service, "lifecycle", agents, capacity);
            run.tickets.produce(service, "lifecycle", agents * capacity + backlog);
            LifecycleLoop.measure(run, service, NAME, agent -> true, agents + " agents x capacity " + capacity + ", "
                    + backlog + " waiting kept");
        }
    }

    /**
     * Runs the phase unless this run has its figures already: for {@code phase}, which gives a ratio to it.
     *
     * @param unlike what the lifecycle phase does not have that {@code phase} has, for the line saying so
     */
    static void runFirst(final BenchRun run, final String phase, final String unlike) throws Exception {
        if (!run.results.containsKey(NAME)) {
            System.out.println("  " + phase + ": the lifecycle phase first (" + unlike + "), the reference");
            new LifecyclePhase().run(run);
        }
    }
}
