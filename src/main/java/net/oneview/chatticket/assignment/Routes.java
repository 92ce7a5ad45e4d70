package net.oneview.chatticket.assignment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.oneview.chatticket.assignment.RoutingProperties.Step;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;

/**
 * Where a waiting ticket may go now ({@link Route}), and the index scopes that make both look-ups a seek: the
 * tickets an agent may take, and the agents a ticket may go to.
 *
 * <p>A waiting ticket is entered under its queue's scope for any channel and for its own, at its step's minimum level;
 * under each overflow queue of its step at the overflow level (any agent of that queue takes it); or, while it waits
 * for its preferred agent, under that agent's scope alone. An agent with a free slot is entered under each queue it
 * serves, at its level there, for each channel it has a slot for ({@link Ranks#ANY_CHANNEL} when its capacity counts
 * every channel together).
 */
final class Routes {

    /** The channel of a ticket that names none. */
    static final String DEFAULT_CHANNEL = "chat";

    private final RoutingProperties routing;

    Routes(final RoutingProperties routing) {
        this.routing = routing;
    }

    RoutingProperties properties() {
        return routing;
    }

    /**
     * Who may take a ticket: its preferred agent alone (then {@code step} is -1), or the agents of its queue at
     * {@code minLevel} and above and the agents of the overflow queues.
     *
     * @param nextChange when the route widens by itself (the next step, the end of the preferred wait); null: never
     */
    record Route(String queue, String channel, String preferredAgent, int step, int minLevel, Set<String> alsoQueues,
            Instant nextChange) {

        boolean preferred() {
            return preferredAgent != null;
        }
    }

    /** The ticket's route at the time: its step by how long it has waited since its steps began. */
    Route route(final PoolTicket ticket, final Instant now) {
        final TicketCreated created = ticket.getTicket();
        final String channel = channel(created);
        if (ticket.getPreferredUntil() != null && now.isBefore(ticket.getPreferredUntil())) {
            return new Route(created.getQueue(), channel, created.getPreferredAgentId(), -1, 1, Set.of(),
                    ticket.getPreferredUntil());
        }
        final Instant from = stepsFrom(ticket);
        final List<Step> steps = routing.steps(created.getQueue());
        int step = 0;
        while (step + 1 < steps.size() && !from.plus(steps.get(step + 1).after()).isAfter(now)) {
            step++;
        }
        final Instant next = step + 1 < steps.size() ? from.plus(steps.get(step + 1).after()) : null;
        return new Route(created.getQueue(), channel, null, step, steps.get(step).minLevel(),
                routing.alsoQueues(created.getQueue(), step), next);
    }

    /** The route the ticket was last entered under: its preferred agent, or the step it records. */
    Route recorded(final PoolTicket ticket) {
        final TicketCreated created = ticket.getTicket();
        if (ticket.getPreferredUntil() != null) {
            return new Route(created.getQueue(), channel(created), created.getPreferredAgentId(), -1, 1, Set.of(),
                    ticket.getPreferredUntil());
        }
        final int step = Math.min(ticket.getRouteStep(), routing.steps(created.getQueue()).size() - 1);
        return new Route(created.getQueue(), channel(created), null, step,
                routing.steps(created.getQueue()).get(step).minLevel(), routing.alsoQueues(created.getQueue(), step),
                null);
    }

    /**
     * Whether the route takes the agent (its capacity aside): the preferred agent; an agent of the queue at the
     * step's level or above; an agent of an overflow queue; an agent serving every queue, when the step takes level 1.
     */
    static boolean takes(final Route route, final PoolAgent agent) {
        if (route.preferred()) {
            return agent.getAgentId().equals(route.preferredAgent());
        }
        if (agent.getQueues().isEmpty()) {
            return route.minLevel() == 1;
        }
        return agent.getQueues().contains(route.queue()) && level(agent, route.queue()) >= route.minLevel()
                || route.alsoQueues().stream().anyMatch(agent.getQueues()::contains);
    }

    /** When the ticket's steps began: its creation, or the end of its wait for its preferred agent. */
    static Instant stepsFrom(final PoolTicket ticket) {
        final Instant from = ticket.getStepsFrom() != null ? ticket.getStepsFrom()
                : ticket.getPreferredUntil() != null ? ticket.getPreferredUntil() : ticket.getTicket().getCreatedAt();
        return from;
    }

    /** The scopes a waiting ticket on this route is entered under (besides {@link Ranks#ANY_QUEUE}). */
    List<String> ticketScopes(final Route route) {
        if (route.preferred()) {
            return List.of(Ranks.preferredScope(route.preferredAgent()));
        }
        final List<String> scopes = new ArrayList<>(List.of(
                Ranks.scope(route.queue(), Ranks.ANY_CHANNEL, route.minLevel()),
                Ranks.scope(route.queue(), route.channel(), route.minLevel())));
        for (final String also : route.alsoQueues()) {
            scopes.add(Ranks.scope(also, Ranks.ANY_CHANNEL, Ranks.OVERFLOW_LEVEL));
            scopes.add(Ranks.scope(also, route.channel(), Ranks.OVERFLOW_LEVEL));
        }
        return scopes;
    }

    /**
     * The scopes under which an agent at {@code level} in {@code queue} finds the tickets it may take of the channel
     * ({@link Ranks#ANY_CHANNEL}: of every channel): one per level a step of the queue starts at, up to the agent's,
     * and the overflow scope when the queue overflows another.
     */
    List<String> ticketScopesFor(final String queue, final int level, final String channel) {
        final List<String> scopes = new ArrayList<>();
        for (final int minLevel : routing.minLevels(queue)) {
            if (minLevel <= level) {
                scopes.add(Ranks.scope(queue, channel, minLevel));
            }
        }
        if (routing.isOverflowQueue(queue)) {
            scopes.add(Ranks.scope(queue, channel, Ranks.OVERFLOW_LEVEL));
        }
        return scopes;
    }

    /**
     * The scopes of the available-agents index a ticket on this route looks under, each with the queue through
     * which its agents are eligible: its queue at the step's level and above, its overflow queues at any level, the
     * agents serving every queue (level 1 everywhere) when the step takes level 1; each for the ticket's channel and
     * for every channel.
     */
    List<Map.Entry<String, String>> agentScopesFor(final Route route) {
        final List<Map.Entry<String, String>> scopes = new ArrayList<>();
        for (int level = RoutingProperties.MAX_LEVEL; level >= route.minLevel(); level--) {
            addBothChannels(scopes, route.queue(), route.channel(), level);
        }
        for (final String also : route.alsoQueues()) {
            for (int level = RoutingProperties.MAX_LEVEL; level >= 1; level--) {
                addBothChannels(scopes, also, route.channel(), level);
            }
        }
        if (route.minLevel() == 1) {
            addBothChannels(scopes, Ranks.ANY_QUEUE, route.channel(), 1);
        }
        return scopes;
    }

    private static void addBothChannels(final List<Map.Entry<String, String>> scopes, final String queue,
            final String channel, final int level) {
        scopes.add(Map.entry(Ranks.scope(queue, channel, level), queue));
        scopes.add(Map.entry(Ranks.scope(queue, Ranks.ANY_CHANNEL, level), queue));
    }

    /** A ticket's channel, lower case; a ticket without one is a chat. */
    static String channel(final TicketCreated ticket) {
        final String channel = ticket.getChannel();
        return channel == null || channel.isBlank() ? DEFAULT_CHANNEL : channel.trim().toLowerCase(Locale.ROOT);
    }

    /** The agent's level in the queue: 1 unless its queues claim said otherwise; 1 everywhere for every-queue agents. */
    static int level(final PoolAgent agent, final String queue) {
        final Integer level = agent.getLevels().get(queue);
        return level == null ? 1 : Math.max(1, Math.min(RoutingProperties.MAX_LEVEL, level));
    }

    /**
     * The agent's free slots for each channel it takes ({@link Ranks#ANY_CHANNEL} when its capacity counts every
     * channel together): its channel's capacity less the tickets and wrap-ups of that channel, and less every ticket
     * it still holds in pools it left (their channels are not known here: each could be of this one), and never more
     * than its free capacity in all.
     */
    static Map<String, Integer> freeSlots(final PoolAgent agent) {
        final int free = Ranks.freeCapacity(agent);
        if (agent.getChannels().isEmpty()) {
            return Map.of(Ranks.ANY_CHANNEL, free);
        }
        final Map<String, Integer> slots = new TreeMap<>();
        agent.getChannels().forEach((channel, capacity) -> slots.put(channel,
                capacity - agent.getTicketsElsewhere().size()));
        agent.getTickets().forEach(ticket -> slots.computeIfPresent(
                agent.getTicketChannels().getOrDefault(ticket, DEFAULT_CHANNEL), (c, n) -> n - 1));
        agent.getWrapUps().forEach(wrap -> slots.computeIfPresent(
                wrap.getChannel() == null ? DEFAULT_CHANNEL : wrap.getChannel(), (c, n) -> n - 1));
        slots.replaceAll((channel, n) -> Math.max(0, Math.min(n, free)));
        return slots;
    }

    /** Free slots for the channel: what a ticket of that channel may take. */
    static int freeSlots(final PoolAgent agent, final String channel) {
        final Map<String, Integer> slots = freeSlots(agent);
        return slots.getOrDefault(Ranks.ANY_CHANNEL, slots.getOrDefault(channel, 0));
    }
}
