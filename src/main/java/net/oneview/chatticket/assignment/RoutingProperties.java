package net.oneview.chatticket.assignment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Who may take a waiting ticket, and in which order ({@code chat-ticket.routing.*}).
 *
 * <p>A queue's steps widen the agents a ticket may go to as it waits: step {@code i} starts once the ticket has
 * waited {@code after} (the first step at once), takes agents of the queue at {@code min-level} or above, and also
 * the agents of its {@code also-queues} (overflow queues, at any level). Overflow queues add up from step to step,
 * and a later step never asks for a higher level than an earlier one: a step only widens. A queue without steps has
 * one: every agent of the queue, at any level.
 *
 * @param agentOrder which of the eligible agents with a free slot gets a ticket
 * @param preferredAgentWait how long a ticket waits for its preferred agent alone (zero: it does not)
 * @param queues the steps and preferred-agent wait of single queues
 */
public record RoutingProperties(AgentOrder agentOrder, Duration preferredAgentWait, Map<String, QueueRouting> queues) {

    /** The highest level an agent can have in a queue; 1 is the lowest. */
    public static final int MAX_LEVEL = 5;
    /** The longest wait a step or a preferred agent may set: a ticket waiting longer than this is lost to users. */
    public static final Duration MAX_WAIT = Duration.ofDays(1);
    private static final Step EVERYONE = new Step(Duration.ZERO, 1, List.of());

    public RoutingProperties {
        agentOrder = agentOrder == null ? AgentOrder.MOST_FREE : agentOrder;
        preferredAgentWait = preferredAgentWait == null ? Duration.ofSeconds(30) : preferredAgentWait;
        requireWait("chat-ticket.routing.preferred-agent-wait", preferredAgentWait);
        final Map<String, QueueRouting> checked = new TreeMap<>();
        (queues == null ? Map.<String, QueueRouting>of() : queues).forEach((queue, routing) ->
                checked.put(queue, QueueRouting.checked(queue, routing)));
        queues = Map.copyOf(checked);
    }

    private static final String PREFIX = "chat-ticket.routing";
    /** An environment variable that sets a queue's routing; the queue's name is the first group. */
    private static final Pattern QUEUE_VARIABLE =
            Pattern.compile("CHAT_TICKET_ROUTING_QUEUES_([A-Z0-9_]+?)_(?:STEPS_([0-9]+)_|PREFERRED_AGENT_WAIT$)");

    /**
     * The routing as the environment sets it ({@code chat-ticket.routing.*}), properties and environment variables
     * alike. Spring Boot binds {@code CHAT_TICKET_ROUTING_QUEUES_ENGLISH_STEPS_1_AFTER} as it binds any variable, but
     * it cannot find a map's keys under a prefix with a dash ({@code chat-ticket}) among variables: the queues those
     * name are found here and bound one by one, reading {@code _} in a queue's name as {@code -}, in lower case
     * ({@code ENGLISH_OVERFLOW}: {@code english-overflow}).
     *
     * @throws IllegalArgumentException (wrapped by the binder) naming a setting that cannot work
     */
    public static RoutingProperties from(final ConfigurableEnvironment environment) {
        final Binder binder = Binder.get(environment);
        final RoutingProperties bound = binder.bind(PREFIX, RoutingProperties.class).orElseGet(RoutingProperties::defaults);
        final Map<String, QueueRouting> queues = new TreeMap<>(bound.queues());
        final Map<String, Integer> lastSteps = new TreeMap<>();  // queue -> its highest step index, -1: none
        for (final PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof SystemEnvironmentPropertySource variables) {
                for (final String name : ((EnumerablePropertySource<?>) variables).getPropertyNames()) {
                    final Matcher queue = QUEUE_VARIABLE.matcher(name.toUpperCase(Locale.ROOT));
                    if (queue.lookingAt()) {
                        lastSteps.merge(queue.group(1).toLowerCase(Locale.ROOT).replace('_', '-'),
                                queue.group(2) == null ? -1 : Integer.parseInt(queue.group(2)), Math::max);
                    }
                }
            }
        }
        lastSteps.forEach((queue, lastStep) -> queues.computeIfAbsent(queue, q -> {
            final String at = PREFIX + ".queues[" + q + "]";
            final List<Step> steps = new ArrayList<>();
            for (int i = 0; i <= lastStep; i++) {  // one by one: a list's binding stops at its first missing index
                steps.add(binder.bind(at + ".steps[" + i + "]", Step.class).orElse(null));
            }
            return new QueueRouting(steps, binder.bind(at + ".preferred-agent-wait", Duration.class).orElse(null));
        }));
        return new RoutingProperties(bound.agentOrder(), bound.preferredAgentWait(), queues);
    }

    /** Today's routing: one step per queue, most free agent first, a preferred agent waited for 30 s. */
    public static RoutingProperties defaults() {
        return new RoutingProperties(null, null, null);
    }

    /** The queue's steps, the first at 0 s; at least one. */
    public List<Step> steps(final String queue) {
        final QueueRouting routing = queues.get(queue);
        return routing == null || routing.steps().isEmpty() ? List.of(EVERYONE) : routing.steps();
    }

    public Duration preferredAgentWait(final String queue) {
        final QueueRouting routing = queues.get(queue);
        return routing == null || routing.preferredAgentWait() == null ? preferredAgentWait
                : routing.preferredAgentWait();
    }

    /** The levels that steps of the queue start at (1 always): where agents of the queue look for its tickets. */
    public Set<Integer> minLevels(final String queue) {
        final Set<Integer> levels = new TreeSet<>(List.of(1));
        steps(queue).forEach(step -> levels.add(step.minLevel()));
        return levels;
    }

    /** Whether some queue's step names this queue as an overflow queue. */
    public boolean isOverflowQueue(final String queue) {
        return queues.values().stream().flatMap(routing -> routing.steps().stream())
                .anyMatch(step -> step.alsoQueues().contains(queue));
    }

    /** The overflow queues of the queue's step {@code step}: those of every step up to it. */
    public Set<String> alsoQueues(final String queue, final int step) {
        final Set<String> also = new LinkedHashSet<>();
        steps(queue).subList(0, step + 1).forEach(s -> also.addAll(s.alsoQueues()));
        also.remove(queue);
        return also;
    }

    /**
     * Refuses overflow queues that another pool decides: a pool sees only its own agents, so such a step could never
     * reach them.
     *
     * @throws IllegalArgumentException naming the setting
     */
    public void requireOverflowInPools(final Pools pools) {
        queues.forEach((queue, routing) -> {
            for (int i = 0; i < routing.steps().size(); i++) {
                for (final String also : routing.steps().get(i).alsoQueues()) {
                    if (!pools.ofQueue(also).equals(pools.ofQueue(queue))) {
                        throw new IllegalArgumentException("chat-ticket.routing.queues." + queue + ".steps[" + i
                                + "].also-queues names " + also + ", which pool " + pools.ofQueue(also)
                                + " decides; " + queue + " is in pool " + pools.ofQueue(queue)
                                + ": an overflow queue must be in the ticket's pool");
                    }
                }
            }
        });
    }

    /** What index keys depend on: tickets and agents are indexed again when it changes. */
    String fingerprint() {
        return "agent-order=" + agentOrder + " steps=" + new TreeMap<>(queues);
    }

    private static void requireWait(final String name, final Duration wait) {
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException(name + " must be between 0s and " + MAX_WAIT + ", not " + wait);
        }
    }

    /** Which agent, of those eligible with a free slot for the ticket's channel, gets it. */
    public enum AgentOrder {
        /** Most free slots, then longest idle (today's rule). */
        MOST_FREE,
        /** Longest idle since its last ticket (or coming online), then most free slots. */
        LONGEST_IDLE,
        /** Highest level in the ticket's queue, then most free slots, then longest idle. */
        BEST_LEVEL
    }

    /** @param preferredAgentWait the queue's own wait for a preferred agent; null: the routing's */
    public record QueueRouting(List<Step> steps, Duration preferredAgentWait) {

        static QueueRouting checked(final String queue, final QueueRouting routing) {
            final String name = "chat-ticket.routing.queues." + queue;
            if (!Pools.isQueueName(queue)) {
                throw new IllegalArgumentException(name + ": '" + queue + "' is not a queue name");
            }
            if (routing.preferredAgentWait() != null) {
                requireWait(name + ".preferred-agent-wait", routing.preferredAgentWait());
            }
            final List<Step> steps = new ArrayList<>();
            final List<Step> given = routing.steps() == null ? List.of() : routing.steps();
            for (int i = 0; i < given.size(); i++) {
                final Step step = i == 0 && given.get(0) == null ? EVERYONE : given.get(i);  // unset: every agent at once
                steps.add(Step.checked(name + ".steps[" + i + "]", queue, step, i == 0 ? null : steps.get(i - 1)));
            }
            return new QueueRouting(List.copyOf(steps), routing.preferredAgentWait());
        }
    }

    /**
     * @param after how long the ticket has waited when the step starts (the first: 0s)
     * @param minLevel the lowest level in the ticket's queue an agent needs (1-5; default 1)
     * @param alsoQueues queues whose agents become eligible too, at any level
     */
    public record Step(Duration after, Integer minLevel, List<String> alsoQueues) {

        static Step checked(final String name, final String queue, final Step step, final Step previous) {
            if (step == null) {
                throw new IllegalArgumentException(name + " is missing: steps are numbered from 0 without gaps");
            }
            final Duration after = step.after() == null && previous == null ? Duration.ZERO : step.after();
            if (after == null) {
                throw new IllegalArgumentException(name + ".after is missing: every step after the first says when "
                        + "it starts");
            }
            requireWait(name + ".after", after);
            if (previous == null && !after.isZero()) {
                throw new IllegalArgumentException(name + ".after must be 0s: the first step starts at once, not "
                        + after);
            }
            if (previous != null && after.compareTo(previous.after()) <= 0) {
                throw new IllegalArgumentException(name + ".after (" + after + ") must be later than the step before "
                        + "it (" + previous.after() + "): steps are listed in the order they start");
            }
            final int minLevel = step.minLevel() == null ? 1 : step.minLevel();
            if (minLevel < 1 || minLevel > MAX_LEVEL) {
                throw new IllegalArgumentException(name + ".min-level must be between 1 and " + MAX_LEVEL + ", not "
                        + minLevel);
            }
            if (previous != null && minLevel > previous.minLevel()) {
                throw new IllegalArgumentException(name + ".min-level (" + minLevel + ") is above the step before it ("
                        + previous.minLevel() + "): a later step may only widen who takes the ticket");
            }
            final List<String> also = step.alsoQueues() == null ? List.of()
                    : step.alsoQueues().stream().map(String::trim).filter(q -> !q.isEmpty()).distinct().toList();
            for (final String other : also) {
                if (!Pools.isQueueName(other) || other.equals(queue)) {
                    throw new IllegalArgumentException(name + ".also-queues: '" + other + "' is not another queue");
                }
            }
            return new Step(after, minLevel, also);
        }
    }
}
