package net.oneview.chatticket.assignment;

import java.time.Instant;
import java.util.List;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.state.PoolTicket;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the engine for each event of a pool (key = pool), saves the state it changed, and forwards its decisions keyed
 * by ticket id. If the engine fails, nothing is saved: the event goes to the dead letters and the pool is unchanged.
 */
public final class AssignmentProcessor implements Processor<String, PoolEvent, String, TicketAssignment> {

    public static final String TICKETS_STORE = "pool-tickets";
    public static final String AGENTS_STORE = "pool-agents";
    public static final String WAITING_STORE = "pool-waiting";
    public static final String AVAILABLE_STORE = "pool-available-agents";

    private final AssignmentProperties rules;
    private ProcessorContext<String, TicketAssignment> context;
    private KeyValueStore<String, PoolTicket> tickets;
    private KeyValueStore<String, PoolAgent> agents;
    private KeyValueStore<String, String> waiting;
    private KeyValueStore<String, String> available;

    public AssignmentProcessor(final AssignmentProperties rules) {
        this.rules = rules;
    }

    @Override
    public void init(final ProcessorContext<String, TicketAssignment> context) {
        this.context = context;
        this.tickets = context.getStateStore(TICKETS_STORE);
        this.agents = context.getStateStore(AGENTS_STORE);
        this.waiting = context.getStateStore(WAITING_STORE);
        this.available = context.getStateStore(AVAILABLE_STORE);
    }

    @Override
    public void process(final Record<String, PoolEvent> record) {
        final StorePoolState state = new StorePoolState(record.key(), tickets, agents, waiting, available);
        final List<TicketAssignment> decisions = new AssignmentEngine(rules, state, Instant.ofEpochMilli(record.timestamp()))
                .apply(record.value());
        state.save();
        decisions.forEach(decision -> context.forward(record.withKey(decision.getTicketId()).withValue(decision)));
    }
}
