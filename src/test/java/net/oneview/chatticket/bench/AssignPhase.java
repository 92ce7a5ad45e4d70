package net.oneview.chatticket.bench;

import net.oneview.chatticket.events.Decision;

/**
 * Agents online with free capacity for every ticket: tickets per second until every ASSIGNED decision is visible, and
 * the broker writes per ticket.
 */
final class AssignPhase implements Phase {

    @Override
    public String name() {
        return "assign";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final int n = run.config.size(100_000, 20_000);
        final int agents = run.config.size(1_000, 200);
        try (ServiceProcess service = ServiceProcess.start(run.config, "assign-" + BenchRun.shortId())) {
            run.agents.online(service, "assign", agents, (n + agents - 1) / agents);
            final long writesBefore = run.writes.total(service);
            final long elapsed = run.tickets.produceAndAwait(service, n, "assign", Decision.ASSIGNED);
            run.record("assign", n, elapsed, agents + " agents with capacity " + (n + agents - 1) / agents);
            run.recordWrites("assign", run.writes.total(service) - writesBefore, n, elapsed);
        }
    }
}
