package net.oneview.chatticket.assignment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.AgentReady;
import net.oneview.chatticket.state.OfferReply;
import net.oneview.chatticket.state.PoolEvent;

/**
 * What the ticket router and the agent status processor send to the pools, as a model in maps: a repeated creation
 * and any event of a closed ticket are dropped, a status that comes before its ticket travels with it (a closed one
 * being final), and an agent whose queues put it in another pool first leaves the old one, whose release (with the
 * tickets the agent keeps there) sends the agent on to its pool; the pools the agent left say when what they keep
 * changes. What it sent is what the pools should hold: the open tickets, each in its pool with its latest status.
 */
final class RoutedEvents {

    /** An input event, as an agent, a customer or the ticket workflow sends it. */
    sealed interface Input permits AgentChange, Creation, StatusChange, Reply, Ready {
    }

    /** @param nextStatus OFFLINE: the agent finishes its tickets, then goes offline (PUT offline?after=...) */
    record AgentChange(String agent, AgentStatus status, List<String> queues, int capacity, AgentStatus nextStatus,
            Map<String, Integer> levels, Map<String, Integer> channels) implements Input {

        AgentChange(final String agent, final AgentStatus status, final List<String> queues, final int capacity) {
            this(agent, status, queues, capacity, null);
        }

        AgentChange(final String agent, final AgentStatus status, final List<String> queues, final int capacity,
                final AgentStatus nextStatus) {
            this(agent, status, queues, capacity, nextStatus, Map.of(), Map.of());
        }
    }

    /** An agent ending its wrap-ups (POST ready): to its pool and the pool it leaves. */
    record Ready(String agent) implements Input {
    }

    /** @param channel null: a chat; @param preferredAgent null: none */
    record Creation(String ticket, String queue, int priority, long createdAt, String channel, String preferredAgent)
            implements Input {

        Creation(final String ticket, final String queue, final int priority, final long createdAt) {
            this(ticket, queue, priority, createdAt, null, null);
        }
    }

    record StatusChange(String ticket, TicketStatus status) implements Input {
    }

    /** An agent accepting or declining an offer (the pool checks that it was offered the ticket). */
    record Reply(String agent, String ticket, boolean accepted) implements Input {
    }

    /** An event for one pool's engine. */
    record Routed(String pool, PoolEvent event) {
    }

    private final Pools pools;
    private final Map<String, String> poolOfTicket = new HashMap<>();
    private final Map<String, TicketStatus> statusOfTicket = new HashMap<>();
    private final Set<String> closed = new HashSet<>();
    private final Map<String, TicketStatusChanged> early = new HashMap<>();
    private final Map<String, String> poolOfAgent = new HashMap<>();
    private final Map<String, String> leaving = new HashMap<>();
    private final Map<String, AgentStatusChanged> latest = new HashMap<>();
    /** By agent: the version of its latest status, as the agent's task counts them. */
    private final Map<String, Long> versions = new HashMap<>();
    /** By agent, by pool it left: the tickets it keeps there. */
    private final Map<String, Map<String, List<String>>> kept = new HashMap<>();

    RoutedEvents(final Pools pools) {
        this.pools = pools;
    }

    /** The events the input leads to, in the order the pools get them. */
    List<Routed> route(final Input input, final Instant time) {
        if (input instanceof AgentChange change) {
            return agentChanged(change, time);
        }
        if (input instanceof Creation creation) {
            return created(creation);
        }
        if (input instanceof Ready ready) {
            final PoolEvent event = PoolEvents.ready(new AgentReady(ready.agent(), time));
            return Stream.of(poolOfAgent.get(ready.agent()), leaving.get(ready.agent())).filter(Objects::nonNull)
                    .map(pool -> new Routed(pool, event)).toList();
        }
        if (input instanceof Reply reply) {
            final String pool = poolOfTicket.get(reply.ticket());
            return pool == null ? List.of() : List.of(new Routed(pool, PoolEvents.offerReply(new OfferReply(
                    reply.agent(), reply.ticket(), reply.accepted(), reply.accepted() ? null : "busy", time))));
        }
        return statusChanged((StatusChange) input, time);
    }

    /** The open tickets the pool should hold, with their latest statuses. */
    Map<String, TicketStatus> openTickets(final String pool) {
        final Map<String, TicketStatus> open = new HashMap<>();
        poolOfTicket.forEach((ticket, itsPool) -> {
            if (itsPool.equals(pool)) {
                open.put(ticket, statusOfTicket.get(ticket));
            }
        });
        return open;
    }

    /** What a pool sent back to the agent's task (a release, or the tickets it keeps), and what that sends on. */
    List<Routed> fromPool(final PoolEvent event) {
        final String agent = event.getAgentStatus().getAgentId();
        final String from = event.getFromPool();
        if (event.getStatusFromPool()) {  // kept as the agent's latest unless it asked for another since
            if (event.getStatusVersion() == versions.get(agent) && from.equals(poolOfAgent.get(agent))
                    && !leaving.containsKey(agent)) {
                latest.put(agent, AgentStatusChanged.newBuilder(latest.get(agent))
                        .setStatus(event.getAgentStatus().getStatus()).setNextStatus(null).build());
            }
            return List.of();
        }
        final Map<String, List<String>> keptBy = kept.computeIfAbsent(agent, a -> new HashMap<>());
        if (!from.equals(poolOfAgent.get(agent))) {
            keptBy.put(from, List.copyOf(event.getKeptTickets()));
        }
        if (event.getLeavesPool() && from.equals(leaving.get(agent))) {
            leaving.remove(agent);
        }
        return leaving.containsKey(agent) ? List.of() : List.of(toPool(agent));
    }

    private List<Routed> agentChanged(final AgentChange change, final Instant time) {
        final AgentStatusChanged event = AgentStatusChanged.newBuilder().setAgentId(change.agent())
                .setStatus(change.status()).setTime(time).setStatusSince(time).setQueues(change.queues())
                .setCapacity(change.capacity()).setNextStatus(change.nextStatus()).setQueueLevels(change.levels())
                .setChannelCapacity(change.channels()).build();
        final String agent = change.agent();
        versions.merge(agent, 1L, Long::sum);
        final String pool = pools.ofAgent(change.queues());
        final String left = poolOfAgent.put(agent, pool);
        latest.put(agent, event);
        final List<Routed> routed = new ArrayList<>();
        if (!leaving.containsKey(agent) && left != null && !left.equals(pool)) {
            leaving.put(agent, left);
            routed.add(new Routed(left, PoolEvents.leave(event)));
        }
        if (change.status() == AgentStatus.OFFLINE) {
            kept.getOrDefault(agent, Map.of()).keySet().stream()
                    .filter(keeping -> !keeping.equals(pool) && !keeping.equals(leaving.get(agent)))
                    .forEach(keeping -> routed.add(new Routed(keeping, PoolEvents.leave(event))));
        }
        if (!leaving.containsKey(agent)) {
            routed.add(toPool(agent));
        }
        return routed;
    }

    /** The agent's latest status for its pool, with the tickets it keeps in the pools it left. */
    private Routed toPool(final String agent) {
        final String pool = poolOfAgent.get(agent);
        final Map<String, List<String>> keptBy = kept.computeIfAbsent(agent, a -> new HashMap<>());
        keptBy.remove(pool);
        return new Routed(pool, PoolEvents.agent(latest.get(agent),
                keptBy.values().stream().flatMap(List::stream).toList(), versions.get(agent)));
    }

    private List<Routed> created(final Creation creation) {
        final String ticket = creation.ticket();
        if (closed.contains(ticket) || poolOfTicket.containsKey(ticket)) {
            return List.of();
        }
        final TicketStatusChanged earlier = early.remove(ticket);
        final String pool = pools.ofQueue(creation.queue());
        if (earlier != null && earlier.getStatus() == TicketStatus.CLOSED) {
            closed.add(ticket);
        } else {
            poolOfTicket.put(ticket, pool);
            statusOfTicket.put(ticket, earlier == null ? TicketStatus.ASSIGNED : earlier.getStatus());
        }
        final TicketCreated created = TopologyHarness.ticket(ticket, creation.queue(), creation.priority(),
                creation.createdAt());
        created.setChannel(creation.channel());
        created.setPreferredAgentId(creation.preferredAgent());
        return List.of(new Routed(pool, PoolEvents.created(created, earlier)));
    }

    private List<Routed> statusChanged(final StatusChange change, final Instant time) {
        final String ticket = change.ticket();
        final TicketStatusChanged event = TicketStatusChanged.newBuilder().setTicketId(ticket)
                .setStatus(change.status()).setTime(time).build();
        final String pool = poolOfTicket.get(ticket);
        if (closed.contains(ticket)) {
            return List.of();
        }
        if (pool == null) {
            early.merge(ticket, event, (kept, later) -> kept.getStatus() == TicketStatus.CLOSED ? kept : later);
            return List.of();
        }
        if (change.status() == TicketStatus.CLOSED) {
            poolOfTicket.remove(ticket);
            statusOfTicket.remove(ticket);
            closed.add(ticket);
        } else {
            statusOfTicket.put(ticket, change.status());
        }
        return List.of(new Routed(pool, PoolEvents.statusChanged(event)));
    }
}
