package net.oneview.chatticket.assignment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.oneview.chatticket.assignment.AssignmentProperties.OfflinePolicy;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.state.PoolTicket;

/**
 * Decides, for one event of one pool, which tickets go to which agents. Plain Java: state in, decisions out.
 *
 * <p>It keeps one invariant, from which the rules follow: while a ticket waits, no online agent serving its queue
 * has free capacity. So a new ticket only has to look at the best free agent of its queue, and an agent that gains
 * capacity only has to take the most urgent waiting tickets of its queues. Every step is an index look-up.
 */
public final class AssignmentEngine {

    private final PoolState state;
    private final Ranks ranks;
    private final OfflinePolicy offlinePolicy;
    private final Instant now;
    private final List<TicketAssignment> decisions = new ArrayList<>();

    /**
     * @param now the time of the event, so that replaying the same events gives the same decisions
     */
    public AssignmentEngine(final AssignmentProperties rules, final PoolState state, final Instant now) {
        this.state = state;
        this.ranks = new Ranks(rules.priorityOrder());
        this.offlinePolicy = rules.offlinePolicy();
        this.now = now;
    }

    /** Applies one event to the pool and returns the decisions it led to, in order. */
    public List<TicketAssignment> apply(final PoolEvent event) {
        if (event.getAgentStatus() != null) {
            onAgentStatus(event.getAgentStatus(), event.getLeavesPool());
        } else if (event.getTicketCreated() != null) {
            onTicketCreated(event.getTicketCreated(), event.getTicketStatus());
        } else if (event.getTicketStatus() != null) {
            onTicketStatus(event.getTicketStatus());
        }
        return decisions;
    }

    private void onTicketCreated(final TicketCreated created, final TicketStatusChanged earlier) {
        if (state.ticket(created.getId()) != null) {
            return;
        }
        final PoolTicket ticket = new PoolTicket(created, TicketStatus.ASSIGNED, created.getStatusReason(), null, null);
        if (earlier != null) {
            ticket.setStatus(earlier.getStatus());
            ticket.setStatusReason(earlier.getStatusReason());
        }
        if (ticket.getStatus() == TicketStatus.CLOSED) {
            decide(Decision.CLOSED, ticket, null, "closed before it was created, never assigned");
            return;
        }
        final String problem = TicketCheck.problem(created);
        if (problem != null) {
            decide(Decision.REJECTED, ticket, null, problem);
            return;
        }
        bestAvailableAgent(created.getQueue()).ifPresentOrElse(
                agent -> assign(ticket, agent, "most free capacity among the online agents serving " + created.getQueue()),
                () -> enqueue(ticket, Decision.QUEUED, null,
                        "no online agent serving " + created.getQueue() + " has free capacity"));
    }

    private void onTicketStatus(final TicketStatusChanged change) {
        final PoolTicket ticket = state.ticket(change.getTicketId());
        if (ticket == null || ticket.getStatus() == change.getStatus()) {
            return;
        }
        ticket.setStatus(change.getStatus());
        ticket.setStatusReason(change.getStatusReason());
        if (change.getStatus() != TicketStatus.CLOSED) {
            state.putTicket(ticket);
            decide(Decision.STATUS_CHANGED, ticket, ticket.getAgentId(), "status is now " + change.getStatus());
            return;
        }
        state.removeTicket(ticket.getTicket().getId());
        if (ticket.getAgentId() == null) {
            dequeue(ticket);
            decide(Decision.CLOSED, ticket, null, "closed while waiting");
            return;
        }
        final PoolAgent agent = state.agent(ticket.getAgentId());
        unindex(agent);
        agent.getTickets().remove(ticket.getTicket().getId());
        index(agent);
        state.putAgent(agent);
        decide(Decision.CLOSED, ticket, agent.getAgentId(), "closed; the agent's capacity is free again");
        takeWaitingTickets(agent);
    }

    /** @param leavesPool the agent moved to another pool: it leaves this one with none of its tickets */
    private void onAgentStatus(final AgentStatusChanged change, final boolean leavesPool) {
        final boolean online = change.getStatus() == AgentStatus.ONLINE;
        PoolAgent agent = state.agent(change.getAgentId());
        if (agent == null) {
            if (!online) {
                return;
            }
            agent = new PoolAgent(change.getAgentId(), false, List.of(), 0, new ArrayList<>(), now);
        }
        final boolean wasOnline = agent.getOnline();
        if (wasOnline == online && agent.getQueues().equals(change.getQueues())
                && agent.getCapacity() == change.getCapacity()) {
            return;
        }
        unindex(agent);
        agent.setOnline(online);
        agent.setQueues(new ArrayList<>(change.getQueues()));
        agent.setCapacity(change.getCapacity());
        if (online && !wasOnline) {
            agent.setAvailableSince(now);
        }
        index(agent);
        state.putAgent(agent);
        if (online) {
            takeWaitingTickets(agent);
        } else if (leavesPool || wasOnline && offlinePolicy == OfflinePolicy.REQUEUE) {
            requeueTickets(agent);
        }
    }

    /** An agent with free capacity takes the most urgent waiting tickets of its queues: no other agent could. */
    private void takeWaitingTickets(final PoolAgent agent) {
        while (agent.getOnline() && freeCapacity(agent) > 0) {
            final Optional<Map.Entry<String, String>> next = mostUrgentWaiting(agent);
            if (next.isEmpty()) {
                return;
            }
            final PoolTicket ticket = state.ticket(next.get().getValue());
            dequeue(ticket);
            assign(ticket, agent, "most urgent waiting ticket for an agent with free capacity");
        }
    }

    /** The offline agent's tickets go back to the backlog in their original place, then to whoever can take them. */
    private void requeueTickets(final PoolAgent agent) {
        final List<PoolTicket> held = agent.getTickets().stream().map(state::ticket)
                .sorted(Comparator.comparing(t -> ranks.waitingKey(Ranks.ANY_QUEUE, t.getTicket())))
                .toList();
        agent.getTickets().clear();
        state.putAgent(agent);
        for (final PoolTicket ticket : held) {
            ticket.setAgentId(null);
            enqueue(ticket, Decision.REQUEUED, agent.getAgentId(), "agent went offline; back in the backlog");
        }
        for (final PoolTicket ticket : held) {
            bestAvailableAgent(ticket.getTicket().getQueue()).ifPresent(other -> {
                dequeue(ticket);
                assign(ticket, other, "requeued from an offline agent");
            });
        }
    }

    private void assign(final PoolTicket ticket, final PoolAgent agent, final String reason) {
        unindex(agent);
        agent.getTickets().add(ticket.getTicket().getId());
        agent.setAvailableSince(now);
        index(agent);
        state.putAgent(agent);
        ticket.setAgentId(agent.getAgentId());
        state.putTicket(ticket);
        decide(Decision.ASSIGNED, ticket, agent.getAgentId(), reason);
    }

    private Optional<PoolAgent> bestAvailableAgent(final String queue) {
        return best(state.available(), List.of(queue, Ranks.ANY_QUEUE)).map(entry -> state.agent(entry.getValue()));
    }

    private Optional<Map.Entry<String, String>> mostUrgentWaiting(final PoolAgent agent) {
        return best(state.waiting(), servedQueues(agent));
    }

    private static Optional<Map.Entry<String, String>> best(final SortedIndex index, final List<String> queues) {
        return queues.stream()
                .map(queue -> index.first(Ranks.prefix(queue)))
                .flatMap(Optional::stream)
                .min(Comparator.comparing(entry -> Ranks.rank(entry.getKey())));
    }

    /** Puts the ticket in the backlog; its rank is kept with it, so it leaves by the same keys even if config changes. */
    private void enqueue(final PoolTicket ticket, final Decision decision, final String agentId, final String reason) {
        final TicketCreated created = ticket.getTicket();
        ticket.setWaitingRank(Ranks.rank(ranks.waitingKey(Ranks.ANY_QUEUE, created)));
        state.waiting().put(Ranks.prefix(created.getQueue()) + ticket.getWaitingRank(), created.getId());
        state.waiting().put(Ranks.prefix(Ranks.ANY_QUEUE) + ticket.getWaitingRank(), created.getId());
        state.putTicket(ticket);
        decide(decision, ticket, agentId, reason);
    }

    /** Takes the ticket out of the backlog; the caller saves or removes the ticket. */
    private void dequeue(final PoolTicket ticket) {
        final String rank = ticket.getWaitingRank() != null ? ticket.getWaitingRank()
                : Ranks.rank(ranks.waitingKey(Ranks.ANY_QUEUE, ticket.getTicket()));  // state written before ranks were kept
        state.waiting().remove(Ranks.prefix(ticket.getTicket().getQueue()) + rank);
        state.waiting().remove(Ranks.prefix(Ranks.ANY_QUEUE) + rank);
        ticket.setWaitingRank(null);
    }

    /** Adds the agent to the free-capacity index of each queue it serves, if it can take a ticket. */
    private void index(final PoolAgent agent) {
        if (agent.getOnline() && freeCapacity(agent) > 0) {
            servedQueues(agent).forEach(queue -> state.available().put(Ranks.availableKey(queue, agent), agent.getAgentId()));
        }
    }

    /** Removes the agent from the index; call before changing what its key is made of. */
    private void unindex(final PoolAgent agent) {
        if (agent.getOnline() && freeCapacity(agent) > 0) {
            servedQueues(agent).forEach(queue -> state.available().remove(Ranks.availableKey(queue, agent)));
        }
    }

    private static List<String> servedQueues(final PoolAgent agent) {
        return agent.getQueues().isEmpty() ? List.of(Ranks.ANY_QUEUE) : agent.getQueues();
    }

    private static int freeCapacity(final PoolAgent agent) {
        return agent.getCapacity() - agent.getTickets().size();
    }

    private void decide(final Decision decision, final PoolTicket ticket, final String agentId, final String reason) {
        decisions.add(TicketAssignment.newBuilder()
                .setTicketId(ticket.getTicket().getId())
                .setDecision(decision)
                .setAgentId(agentId)
                .setTime(now)
                .setReason(reason)
                .setTicketStatus(ticket.getStatus())
                .setStatusReason(ticket.getStatusReason())
                .setTicket(ticket.getTicket())
                .build());
    }
}
