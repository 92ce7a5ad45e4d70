package net.oneview.chatticket.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One run of make bench, as its phases share it: the configuration, the figures recorded so far (what
 * bench/results.json and bench/RESULTS.md show), the pipe's rate that throughputs are given as a ratio of, and the
 * helpers that produce tickets, put agents online and count broker writes. Prints a phase's line of the table.
 */
final class BenchRun {

    final BenchConfig config;
    final Tickets tickets;
    final Agents agents;
    final BrokerWrites writes;
    /** Each phase's figures, by phase, in the order they were recorded. */
    final Map<String, Map<String, Object>> results = new LinkedHashMap<>();
    /** Broker writes per ticket by topic (the service's suffix as *) of each lifecycle-like phase run. */
    final Map<String, Map<String, Double>> writesPerTicketByTopic = new LinkedHashMap<>();
    private double pipeRate = Double.NaN;

    BenchRun(final BenchConfig config) {
        this.config = config;
        this.tickets = new Tickets(config);
        this.agents = new Agents(config);
        this.writes = new BrokerWrites(config);
    }

    /** The raw pipe's records per second (NaN until the pipe phase ran). */
    double pipeRate() {
        return pipeRate;
    }

    void pipeRate(final double rate) {
        pipeRate = rate;
    }

    /** Records and prints a phase's throughput, as a ratio of the pipe's too; returns its records per second. */
    double record(final String phase, final int records, final long nanos, final String detail) {
        final double seconds = nanos / 1e9;
        final double rate = records / seconds;
        final Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("records", records);
        figures.put("seconds", seconds);
        figures.put("per_second", rate);
        figures.put("ratio_to_pipe", phase.equals("pipe") ? 1.0 : rate / pipeRate);
        figures.put("detail", detail);
        results.put(phase, figures);
        System.out.printf(Locale.ROOT, "%-9s %9d %9.1f %11.0f %9s  %s%n", phase, records, seconds, rate,
                phase.equals("pipe") ? "1" : String.format(Locale.ROOT, "%.3f", rate / pipeRate), detail);
        return rate;
    }

    /** Adds the broker writes per ticket, and their rate as a ratio of the pipe, to a phase's figures; prints them. */
    void recordWrites(final String phase, final long writes, final long tickets, final long nanos) {
        final double perTicket = (double) writes / tickets;
        final double ratio = writes / (nanos / 1e9) / pipeRate;
        results.get(phase).put("broker_writes_per_ticket", perTicket);
        results.get(phase).put("broker_writes_ratio_to_pipe", ratio);
        System.out.printf(Locale.ROOT, "%-9s %9s %9s %11.0f %9.3f  broker writes: %.1f per ticket (records and "
                + "transaction markers, every topic of the service)%n", "", "", "", writes / (nanos / 1e9), ratio,
                perTicket);
    }

    /** With PROFILE=1: the share of one core each of the service's busiest threads used over a measured window. */
    void printThreadCpu(final ServiceProcess service, final Map<String, Long> before, final long nanos) {
        if (!config.profile()) {
            return;
        }
        final Map<String, Long> after = service.threadCpu();
        after.entrySet().stream()
                .map(thread -> Map.entry(thread.getKey(), thread.getValue() - before.getOrDefault(thread.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(thread -> System.out.printf(Locale.ROOT, "  cpu %5.1f%% of a core  %s%n",
                        thread.getValue() * 1e9 / nanos, thread.getKey()));
    }

    static void progress(final String phase, final long done, final long total) {
        System.out.printf("  %s: %d / %d%n", phase, done, total);
    }

    /** Eight characters to tell a phase's service (its topics, application id, state) from those of other runs. */
    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
