package net.oneview.chatticket.assignment;

import java.util.ArrayList;
import java.util.HashMap;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;

/** The state of one pool that the engine reads and changes: its open tickets, its agents, indexes and counts. */
public interface PoolState {

    PoolTicket ticket(String ticketId);

    void putTicket(PoolTicket ticket);

    void removeTicket(String ticketId);

    PoolAgent agent(String agentId);

    void putAgent(PoolAgent agent);

    /** Waiting tickets by queue, most urgent first: {@link Ranks#waitingKey}. */
    SortedIndex waiting();

    /** Agents with free capacity by queue, best first: {@link Ranks#availableKey}. */
    SortedIndex available();

    /** New tickets held for the arrival window, not decided yet, by queue, most urgent first: like {@link #waiting()}. */
    SortedIndex arrivals();

    /** Pending offers' expiries and wrap-ups' ends, earliest first: {@link Ranks#timerKey}; the value is the id. */
    SortedIndex timers();

    /** How many online agents serve the queue ({@link Ranks#ANY_QUEUE}: agents serving every queue). */
    int onlineAgents(String queue);

    void countOnlineAgents(String queue, int delta);

    /**
     * How many waiting or held tickets wait for the agent as their preferred agent (kept with the online counts, under
     * {@link Ranks#preferredScope}). The agent's scope is read only when some do: a seek for a prefix that holds
     * nothing lands on the next prefix's deleted keys (the consumed head of a backlog) and steps over all of them.
     */
    default int waitingFor(final String agentId) {
        return onlineAgents(Ranks.preferredScope(agentId));
    }

    default void countWaitingFor(final String agentId, final int delta) {
        countOnlineAgents(Ranks.preferredScope(agentId), delta);
    }

    /** The agent with lists the engine can edit (Avro reads arrays as lists that cannot remove elements). */
    static PoolAgent editable(final PoolAgent agent) {
        if (agent != null) {
            agent.setTickets(new ArrayList<>(agent.getTickets()));
            agent.setQueues(new ArrayList<>(agent.getQueues()));
            agent.setWrapUps(new ArrayList<>(agent.getWrapUps()));
            agent.setTicketChannels(new HashMap<>(agent.getTicketChannels()));
            agent.setLevels(new HashMap<>(agent.getLevels()));
            agent.setChannels(new HashMap<>(agent.getChannels()));
        }
        return agent;
    }
}
