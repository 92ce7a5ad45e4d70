package net.oneview.chatticket.bench;

/** A phase of make bench: prints its lines under the table's header and records its figures in the run. */
interface Phase {

    /** What ONLY selects the phase by. */
    String name();

    void run(BenchRun run) throws Exception;
}
