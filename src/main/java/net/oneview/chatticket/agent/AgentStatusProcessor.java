package net.oneview.chatticket.agent;

import java.util.ArrayList;
import net.oneview.chatticket.assignment.Pools;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.streams.InputCheck;
import net.oneview.chatticket.streams.UnprocessableEventException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each agent's status in the store {@value AgentViews#STORE} (key = agent id) and sends the status on to the
 * agent's pool. An agent whose queues moved it to another pool first leaves the old one, which requeues the tickets
 * it held there (whatever the offline policy: capacity is counted in one pool only).
 */
public final class AgentStatusProcessor implements Processor<String, AgentStatusChanged, String, PoolEvent> {

    private final Pools pools;
    private ProcessorContext<String, PoolEvent> context;
    private KeyValueStore<String, AgentView> views;

    public AgentStatusProcessor(final Pools pools) {
        this.pools = pools;
    }

    @Override
    public void init(final ProcessorContext<String, PoolEvent> context) {
        this.context = context;
        this.views = context.getStateStore(AgentViews.STORE);
    }

    @Override
    public void process(final Record<String, AgentStatusChanged> record) {
        final AgentStatusChanged change = InputCheck.keyedById(record.key(), record.value(),
                AgentStatusChanged::getAgentId, "agent id");
        requireQueueNames(change);
        final AgentView view = AgentViews.load(views, record.key());
        final String oldPool = view.getPool();
        final String pool = pools.ofAgent(change.getQueues());
        if (oldPool != null && !oldPool.equals(pool)) {
            final AgentStatusChanged leave = AgentStatusChanged.newBuilder(change).setStatus(AgentStatus.OFFLINE).build();
            context.forward(record.withKey(oldPool).withValue(new PoolEvent(null, null, leave, true)));
        }
        view.setName(change.getName());
        view.setStatus(change.getStatus());
        view.setStatusSince(change.getStatusSince());
        view.setLastLoginTime(change.getLastLoginTime());
        view.setUpdatedAt(change.getTime());
        view.setQueues(new ArrayList<>(change.getQueues()));
        view.setCapacity(change.getCapacity());
        view.setPool(pool);
        views.put(record.key(), view);
        context.forward(record.withKey(pool).withValue(new PoolEvent(null, null, change, false)));
    }

    /** A queue name the pool's indexes cannot hold would corrupt them for every agent and ticket of the pool. */
    private static void requireQueueNames(final AgentStatusChanged change) {
        for (final String queue : change.getQueues()) {
            if (!Pools.isQueueName(queue)) {
                throw new UnprocessableEventException("agent has an invalid queue: '" + InputCheck.quoted(queue) + "'");
            }
        }
    }
}
