package net.oneview.chatticket.agent;

import java.util.ArrayList;
import java.util.List;
import net.oneview.chatticket.assignment.Pools;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.streams.DeadLetterReason;
import net.oneview.chatticket.streams.DeadLetterReplay;
import net.oneview.chatticket.streams.InputCheck;
import net.oneview.chatticket.streams.UnprocessableEventException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each agent's status in the store {@value AgentViews#STORE} (key = agent id) and sends the status on to the
 * agent's pool. An agent whose queues moved it to another pool first leaves the old one, which requeues the tickets it
 * held there (whatever the offline policy) and releases it; only then does its status reach the new pool. The two
 * pools are different tasks with no order between them, so without this hand-over the new pool could fill the agent
 * before the old one had let go of its tickets.
 */
public final class AgentStatusProcessor implements Processor<String, PoolEvent, String, PoolEvent> {

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

    /** @param record a status from agent-status, or a pool's release of the agent (leavesPool set) */
    @Override
    public void process(final Record<String, PoolEvent> record) {
        if (record.value().getLeavesPool()) {
            released(record);
            return;
        }
        final AgentStatusChanged change = InputCheck.keyedById(record.key(), record.value().getAgentStatus(),
                AgentStatusChanged::getAgentId, "agent id");
        requireQueueNames(change);
        changed(record, eachQueueOnce(change));
    }

    private void changed(final Record<String, PoolEvent> record, final AgentStatusChanged change) {
        final AgentView view = AgentViews.load(views, record.key());
        if (stale(record, view)) {
            return;
        }
        final String oldPool = view.getPool();
        final String pool = pools.ofAgent(change.getQueues());
        view.setName(change.getName());
        view.setStatus(change.getStatus());
        view.setStatusSince(change.getStatusSince());
        view.setLastLoginTime(change.getLastLoginTime());
        view.setUpdatedAt(change.getTime());
        view.setQueues(new ArrayList<>(change.getQueues()));
        view.setCapacity(change.getCapacity());
        view.setPool(pool);
        if (view.getLeavingPool() == null && oldPool != null && !oldPool.equals(pool)) {
            view.setLeavingPool(oldPool);
            final AgentStatusChanged leave = AgentStatusChanged.newBuilder(change).setStatus(AgentStatus.OFFLINE).build();
            context.forward(record.withKey(oldPool).withValue(new PoolEvent(null, null, leave, true)));
        }
        views.put(record.key(), view);
        if (view.getLeavingPool() == null) {
            context.forward(record.withKey(pool).withValue(new PoolEvent(null, null, change, false)));
        }
        // else held: the release sends the agent's latest status to its pool
    }

    /**
     * A dead letter replayed after the agent changed status again is older than what the agent did since: it changes
     * nothing. Only replayed statuses are compared by time; the instances' clocks may differ a little.
     */
    private static boolean stale(final Record<String, PoolEvent> record, final AgentView view) {
        return record.headers().lastHeader(DeadLetterReplay.REPLAYED_HEADER) != null && view.getUpdatedAt() != null
                && record.value().getAgentStatus().getTime().isBefore(view.getUpdatedAt());
    }

    private void released(final Record<String, PoolEvent> record) {
        final AgentView view = views.get(record.key());
        if (view == null || view.getLeavingPool() == null) {
            return;  // released by a move of an earlier version, which sent the status to the new pool at once
        }
        view.setLeavingPool(null);
        views.put(record.key(), view);
        final AgentStatusChanged latest = AgentStatusChanged.newBuilder()
                .setAgentId(view.getAgentId()).setName(view.getName()).setStatus(view.getStatus())
                .setTime(view.getUpdatedAt()).setStatusSince(view.getStatusSince())
                .setLastLoginTime(view.getLastLoginTime()).setQueues(view.getQueues()).setCapacity(view.getCapacity())
                .build();
        context.forward(record.withKey(view.getPool()).withValue(new PoolEvent(null, null, latest, false)));
    }

    /** An agent serves a queue listed twice once: its pool counts it and takes tickets for it once. */
    private static AgentStatusChanged eachQueueOnce(final AgentStatusChanged change) {
        final List<String> queues = change.getQueues().stream().distinct().toList();
        return queues.size() == change.getQueues().size() ? change
                : AgentStatusChanged.newBuilder(change).setQueues(queues).build();
    }

    /** A queue name the pool's indexes cannot hold would corrupt them for every agent and ticket of the pool. */
    private static void requireQueueNames(final AgentStatusChanged change) {
        for (final String queue : change.getQueues()) {
            if (!Pools.isQueueName(queue)) {
                throw new UnprocessableEventException(DeadLetterReason.BAD_VALUE,
                        "agent has an invalid queue: '" + InputCheck.quoted(queue) + "'");
            }
        }
    }
}
