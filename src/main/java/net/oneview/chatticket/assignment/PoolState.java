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
