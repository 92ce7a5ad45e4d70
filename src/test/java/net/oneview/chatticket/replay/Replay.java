package net.oneview.chatticket.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import net.oneview.chatticket.assignment.AssignmentProperties;
import net.oneview.chatticket.assignment.RoutingProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code make replay FROM=<export> RULES=<properties> [PROD=<properties>]}: replays exported events under the
 * production rules and under the what-if rules, and prints the figures side by side.
 *
 * <p>Rules files use the service's own keys ({@code chat-ticket.assignment.*}, and {@code chat-ticket.routing.*} for
 * routing steps, overflow queues, preferred agents and the agent order); the production rules are the service's
 * {@code application.properties} unless {@code PROD} names another file. One key exists only here:
 * {@code chat-ticket.replay.agent-capacity} gives every agent that capacity. Offers stay off: agents' answers are
 * not among the recorded inputs.
 */
public final class Replay {

    static final String CAPACITY_KEY = "chat-ticket.replay.agent-capacity";

    private Replay() {
    }

    /** A set of rules and where they came from. */
    record Rules(String source, AssignmentProperties assignment, RoutingProperties routing, Integer agentCapacity) {

        static Rules load(final String source, final Properties properties) {
            final Binder binder = new Binder(new MapConfigurationPropertySource(properties));
            final AssignmentProperties assignment = binder.bind("chat-ticket.assignment",
                    Bindable.of(AssignmentProperties.class)).orElseGet(AssignmentProperties::defaults);
            final RoutingProperties routing = binder.bind("chat-ticket.routing",
                    Bindable.of(RoutingProperties.class)).orElseGet(RoutingProperties::defaults);
            final Integer capacity = binder.bind(CAPACITY_KEY, Integer.class).orElse(null);
            return new Rules(source, assignment, routing, capacity);
        }

        static Rules load(final Path file) {
            final Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the rules file " + file, e);
            }
            return load(file.toString(), properties);
        }

        static Rules production() {
            final Properties properties = new Properties();
            try (InputStream in = Replay.class.getResourceAsStream("/application.properties")) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return load("application.properties", properties);
        }

        String describe() {
            final AssignmentProperties a = assignment;
            return "priority-order=" + a.priorityOrder().name().toLowerCase(Locale.ROOT)
                    + " offline-policy=" + a.offlinePolicy().name().toLowerCase(Locale.ROOT)
                    + " aging-step=" + (a.agingStep().isZero() ? "off" : Durations.format(a.agingStep().toMillis()))
                    + (a.poolAgingStep().isEmpty() ? "" : " pool-aging-step=" + a.poolAgingStep())
                    + " arrival-window=" + Durations.format(a.arrivalWindow().toMillis())
                    + " agent-order=" + routing.agentOrder().name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + (routing.preferredAgentWait().equals(RoutingProperties.defaults().preferredAgentWait()) ? ""
                            : " preferred-agent-wait=" + Durations.format(routing.preferredAgentWait().toMillis()))
                    + routing.queues().keySet().stream().sorted().map(this::steps).collect(Collectors.joining())
                    + (agentCapacity == null ? "" : " agent-capacity=" + agentCapacity);
        }

        /** A queue's steps, shortly: {@code english=[0s L4, 20s L1+bahasa]}, and its own preferred-agent wait. */
        private String steps(final String queue) {
            final Duration preferred = routing.queues().get(queue).preferredAgentWait();
            return " " + queue + "=" + routing.steps(queue).stream()
                    .map(step -> Durations.format(step.after().toMillis()) + " L" + step.minLevel()
                            + step.alsoQueues().stream().map(also -> "+" + also).collect(Collectors.joining()))
                    .collect(Collectors.joining(", ", "[", "]"))
                    + (preferred == null ? "" : " preferred-wait=" + Durations.format(preferred.toMillis()));
        }
    }

    public static void main(final String[] args) {
        if (args.length < 2 || args[0].isBlank() || args[1].isBlank()) {
            System.err.println("usage: make replay FROM=<export file> RULES=<properties> [PROD=<properties>]");
            System.exit(2);
        }
        final List<RecordedEvent> events = RecordedEvent.read(Path.of(args[0]));
        final Rules production = args.length > 2 && !args[2].isBlank() ? Rules.load(Path.of(args[2])) : Rules.production();
        System.out.print(compare(events, production, Rules.load(Path.of(args[1]))));
    }

    /** Both runs, printed side by side. */
    static String compare(final List<RecordedEvent> events, final Rules production, final Rules whatIf) {
        final ReplayFigures before = run(events, production);
        final ReplayFigures after = run(events, whatIf);
        final StringBuilder out = new StringBuilder();
        out.append("replayed ").append(events.size()).append(" events");
        if (!events.isEmpty()) {
            out.append(" from ").append(Instant.ofEpochMilli(events.get(0).timestamp()))
                    .append(" to ").append(Instant.ofEpochMilli(events.get(events.size() - 1).timestamp()));
        }
        out.append("\n  production: ").append(production.source()).append(": ").append(production.describe())
                .append("\n  what-if:    ").append(whatIf.source()).append(": ").append(whatIf.describe())
                .append("\n\n");
        out.append(String.format("%-22s %8s  %-17s %-17s %-17s %-19s %-11s %s%n", "tickets", "count",
                "wait p50", "wait p90", "wait max", "longest starvation", "unassigned", "overflowed"));
        out.append(String.format("%-22s %8s  %-17s %-17s %-17s %-19s %-11s %s%n", "", "",
                "prod -> what-if", "prod -> what-if", "prod -> what-if", "prod -> what-if", "prod -> w-i",
                "prod -> w-i"));
        for (final Map.Entry<String, ReplayFigures.Group> group : before.groups().entrySet()) {
            final ReplayFigures.Group a = group.getValue();
            final ReplayFigures.Group b = after.groups().get(group.getKey());
            out.append(String.format("%-22s %8d  %-17s %-17s %-17s %-19s %-11s %s%n", group.getKey(), a.tickets(),
                    pair(a.waitPercentile(50), b.waitPercentile(50)), pair(a.waitPercentile(90), b.waitPercentile(90)),
                    pair(a.waitPercentile(100), b.waitPercentile(100)),
                    pair(a.longestStarvation(), b.longestStarvation()), a.unassigned() + " -> " + b.unassigned(),
                    a.overflowed() + " -> " + b.overflowed()));
        }
        out.append(String.format("%nagent utilisation (held tickets / capacity while online): %s -> %s%n",
                percent(before.utilisation()), percent(after.utilisation())));
        return out.toString();
    }

    static ReplayFigures run(final List<RecordedEvent> events, final Rules rules) {
        return ReplayFigures.of(ReplayRun.run(events, rules.assignment(), rules.routing(), rules.agentCapacity()));
    }

    private static String pair(final long before, final long after) {
        return Durations.format(before) + " -> " + Durations.format(after);
    }

    private static String percent(final double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** Short human durations: 850ms, 42s, 3m05s, 2h10m; "-" for none. */
    static final class Durations {

        private Durations() {
        }

        static String format(final long millis) {
            if (millis < 0) {
                return "-";
            }
            if (millis < 1000) {
                return millis + "ms";
            }
            final long seconds = millis / 1000;
            if (seconds < 60) {
                return seconds + "s";
            }
            if (seconds < 3600) {
                return String.format("%dm%02ds", seconds / 60, seconds % 60);
            }
            return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
    }
}
