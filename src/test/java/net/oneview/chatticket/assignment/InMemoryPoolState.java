package net.oneview.chatticket.assignment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;

/** A pool's state in plain maps, copying values in and out as a store would: for fast engine tests. */
final class InMemoryPoolState implements PoolState {

    final Map<String, PoolTicket> tickets = new HashMap<>();
    final Map<String, PoolAgent> agents = new HashMap<>();
    final Index waiting = new Index();
    final Index available = new Index();
    final Index arrivals = new Index();
    final Index timers = new Index();
    final Map<String, Integer> onlineAgents = new HashMap<>();

    @Override
    public PoolTicket ticket(final String ticketId) {
        final PoolTicket ticket = tickets.get(ticketId);
        return ticket == null ? null : PoolTicket.newBuilder(ticket).build();
    }

    @Override
    public void putTicket(final PoolTicket ticket) {
        tickets.put(ticket.getTicket().getId(), PoolTicket.newBuilder(ticket).build());
    }

    @Override
    public void removeTicket(final String ticketId) {
        tickets.remove(ticketId);
    }

    @Override
    public PoolAgent agent(final String agentId) {
        final PoolAgent agent = agents.get(agentId);
        return agent == null ? null : PoolState.editable(PoolAgent.newBuilder(agent).build());
    }

    @Override
    public void putAgent(final PoolAgent agent) {
        agents.put(agent.getAgentId(), PoolAgent.newBuilder(agent).build());
    }

    @Override
    public SortedIndex waiting() {
        return waiting;
    }

    @Override
    public SortedIndex available() {
        return available;
    }

    @Override
    public SortedIndex arrivals() {
        return arrivals;
    }

    @Override
    public SortedIndex timers() {
        return timers;
    }

    @Override
    public int onlineAgents(final String queue) {
        return onlineAgents.getOrDefault(queue, 0);
    }

    @Override
    public void countOnlineAgents(final String queue, final int delta) {
        onlineAgents.merge(queue, delta, Integer::sum);
    }

    static final class Index implements SortedIndex {

        final NavigableMap<String, String> entries = new TreeMap<>();

        @Override
        public void put(final String key, final String value) {
            entries.put(key, value);
        }

        @Override
        public void remove(final String key) {
            entries.remove(key);
        }

        @Override
        public List<Map.Entry<String, String>> head(final String prefix, final int limit) {
            return entries.tailMap(prefix, true).entrySet().stream()
                    .takeWhile(e -> e.getKey().startsWith(prefix))
                    .limit(limit)
                    .map(e -> Map.entry(e.getKey(), e.getValue()))
                    .toList();
        }
    }
}
