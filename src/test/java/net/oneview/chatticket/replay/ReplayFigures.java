package net.oneview.chatticket.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;

/**
 * The figures of one replay, per group of tickets ("all", each priority, each queue): how long tickets waited for an
 * agent, the longest any waited without one, how many went to an agent through an overflow queue, and how busy the
 * agents were.
 *
 * @param groups figures per group, "all" first, then priorities, then queues
 * @param utilisation held tickets over capacity, integrated over the time agents were online (0..1; NaN if nobody was)
 */
record ReplayFigures(Map<String, Group> groups, double utilisation) {

    /**
     * @param tickets tickets created (and not rejected)
     * @param waits milliseconds from creation to the first assignment, sorted, of the tickets that got an agent
     * @param unassigned tickets that never got an agent (closed while waiting, or still waiting at the end)
     * @param longestStarvation the longest time a ticket waited without an agent, counting the unassigned ones up to
     *     their close or the end of the replay
     * @param overflowed tickets whose first assignment went to an agent of an overflow queue of their routing step
     */
    record Group(int tickets, List<Long> waits, int unassigned, long longestStarvation, int overflowed) {

        /** Nearest-rank percentile of the waits, -1 when no ticket was assigned. */
        long waitPercentile(final double percentile) {
            if (waits.isEmpty()) {
                return -1;
            }
            final int rank = (int) Math.ceil(percentile / 100.0 * waits.size());
            return waits.get(Math.max(0, rank - 1));
        }
    }

    static ReplayFigures of(final ReplayRun.Outcome outcome) {
        final Map<String, TicketCreated> tickets = new LinkedHashMap<>();
        final Map<String, Long> createdAt = new HashMap<>();
        long end = 0;
        for (final RecordedEvent event : outcome.inputs()) {
            end = Math.max(end, event.timestamp());
            if (event.value() instanceof TicketCreated ticket && !tickets.containsKey(event.key())) {
                tickets.put(event.key(), ticket);
                createdAt.put(event.key(), event.timestamp());
            }
        }
        final Map<String, Long> assignedAt = new HashMap<>();
        final Set<String> overflowed = new HashSet<>();
        final Map<String, Long> closedAt = new HashMap<>();
        final List<String> rejected = new ArrayList<>();
        for (final TicketAssignment decision : outcome.decisions()) {
            final long time = decision.getTime().toEpochMilli();
            end = Math.max(end, time);
            switch (decision.getDecision()) {
                case ASSIGNED -> {
                    if (assignedAt.putIfAbsent(decision.getTicketId(), time) == null
                            && decision.getExplanation() != null
                            && decision.getExplanation().getOverflowQueue() != null) {
                        overflowed.add(decision.getTicketId());
                    }
                }
                case CLOSED -> closedAt.putIfAbsent(decision.getTicketId(), time);
                case REJECTED -> rejected.add(decision.getTicketId());
                default -> { }
            }
        }
        rejected.forEach(tickets::remove);

        final Map<String, List<String>> members = new LinkedHashMap<>();
        members.put("all", new ArrayList<>(tickets.keySet()));
        final Map<String, List<String>> byPriority = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
        final Map<String, List<String>> byQueue = new TreeMap<>();
        tickets.forEach((id, ticket) -> {
            byPriority.computeIfAbsent(String.valueOf(ticket.getPriority()), p -> new ArrayList<>()).add(id);
            byQueue.computeIfAbsent(ticket.getQueue(), q -> new ArrayList<>()).add(id);
        });
        byPriority.forEach((priority, ids) -> members.put("priority " + priority, ids));
        byQueue.forEach((queue, ids) -> members.put("queue " + queue, ids));

        final long replayEnd = end;
        final Map<String, Group> groups = new LinkedHashMap<>();
        members.forEach((name, ids) -> {
            final List<Long> waits = new ArrayList<>();
            int unassigned = 0;
            long starvation = 0;
            for (final String id : ids) {
                final Long assigned = assignedAt.get(id);
                final long waitedUntil = assigned != null ? assigned : closedAt.getOrDefault(id, replayEnd);
                final long waited = Math.max(0, waitedUntil - createdAt.get(id));
                if (assigned != null) {
                    waits.add(waited);
                } else {
                    unassigned++;
                }
                starvation = Math.max(starvation, waited);
            }
            waits.sort(null);
            groups.put(name, new Group(ids.size(), waits, unassigned, starvation,
                    (int) ids.stream().filter(overflowed::contains).count()));
        });
        return new ReplayFigures(groups, utilisation(outcome, replayEnd));
    }

    /** Sweeps agent status and decisions in time order, integrating held tickets and capacity while online. */
    private static double utilisation(final ReplayRun.Outcome outcome, final long end) {
        record Change(long time, String agent, AgentStatusChanged status, int heldDelta) {
        }
        final List<Change> changes = new ArrayList<>();
        outcome.inputs().stream().filter(e -> e.value() instanceof AgentStatusChanged)
                .forEach(e -> changes.add(new Change(e.timestamp(), e.key(), (AgentStatusChanged) e.value(), 0)));
        for (final TicketAssignment decision : outcome.decisions()) {
            if (decision.getAgentId() == null) {
                continue;
            }
            final int delta = decision.getDecision() == Decision.ASSIGNED ? 1
                    : decision.getDecision() == Decision.CLOSED || decision.getDecision() == Decision.REQUEUED ? -1 : 0;
            if (delta != 0) {
                changes.add(new Change(decision.getTime().toEpochMilli(), decision.getAgentId(), null, delta));
            }
        }
        changes.sort(Comparator.comparingLong(Change::time));
        final Map<String, Integer> capacity = new HashMap<>();
        final Map<String, Integer> held = new HashMap<>();
        double busy = 0;
        double available = 0;
        long last = changes.isEmpty() ? end : changes.get(0).time();
        for (final Change change : changes) {
            final long elapsed = change.time() - last;
            for (final Map.Entry<String, Integer> online : capacity.entrySet()) {
                available += (double) online.getValue() * elapsed;
                busy += (double) Math.min(online.getValue(), held.getOrDefault(online.getKey(), 0)) * elapsed;
            }
            last = change.time();
            if (change.status() != null) {
                if (change.status().getStatus() == AgentStatus.ONLINE) {
                    capacity.put(change.agent(), change.status().getCapacity());
                } else {
                    capacity.remove(change.agent());
                }
            }
            held.merge(change.agent(), change.heldDelta(), Integer::sum);
        }
        final long elapsed = end - last;
        for (final Map.Entry<String, Integer> online : capacity.entrySet()) {
            available += (double) online.getValue() * elapsed;
            busy += (double) Math.min(online.getValue(), held.getOrDefault(online.getKey(), 0)) * elapsed;
        }
        return available == 0 ? Double.NaN : busy / available;
    }
}
