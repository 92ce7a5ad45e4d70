package net.oneview.chatticket.assignment;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;

/** A pool's state in plain maps, copying values in and out as a store would: for fast engine tests. */
final class InMemoryPoolState implements PoolState {

    final Map<String, PoolTicket> tickets = new HashMap<>();
    final Map<String, PoolAgent> agents = new HashMap<>();
    final Index waiting = new Index();
    final Index available = new Index();

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
        public Optional<Map.Entry<String, String>> first(final String prefix) {
            return Optional.ofNullable(entries.ceilingEntry(prefix)).filter(e -> e.getKey().startsWith(prefix))
                    .map(e -> Map.entry(e.getKey(), e.getValue()));
        }
    }
}
