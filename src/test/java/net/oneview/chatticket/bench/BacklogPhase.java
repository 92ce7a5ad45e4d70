package net.oneview.chatticket.bench;

import net.oneview.chatticket.events.Decision;

/**
 * Tickets into a queue nobody serves: tickets per second until every QUEUED decision is visible, and the broker writes
 * per ticket.
 */
final class BacklogPhase implements Phase {

    @Override
    public String name() {
        return "backlog";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final int n = run.config.size(200_000, 30_000);
        try (ServiceProcess service = ServiceProcess.start(run.config, "backlog-" + BenchRun.shortId())) {
            final long writesBefore = run.writes.total(service);
            final long elapsed = run.tickets.produceAndAwait(service, n, "nobody-serves", Decision.QUEUED);
            run.record("backlog", n, elapsed, "until every QUEUED decision is visible");
            run.recordWrites("backlog", run.writes.total(service) - writesBefore, n, elapsed);
        }
    }
}
