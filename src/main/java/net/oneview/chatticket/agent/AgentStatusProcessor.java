package net.oneview.chatticket.agent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import net.oneview.chatticket.assignment.PoolEvents;
import net.oneview.chatticket.assignment.Pools;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.state.AgentReady;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.OfferReply;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.streams.DeadLetterReason;
import net.oneview.chatticket.streams.DeadLetterHeaders;
import net.oneview.chatticket.streams.InputCheck;
import net.oneview.chatticket.streams.UnprocessableEventException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each agent's status in the store {@value AgentViews#STORE} (key = agent id) and sends the status on to the
 * agent's pool. An agent whose queues moved it to another pool (its own queues changed, or the pools' configuration)
 * first leaves the old one, which releases it and says which tickets the agent keeps there: it holds them until they
 * are closed. Only then does its status reach the new pool, with those tickets, which count against its capacity
 * there. The two pools are different tasks with no order between them, so without this hand-over the new pool could
 * fill the agent before the old one had let go of it. The pools the agent left say again which tickets they keep when
 * that changes, and the agent's pool hears of it; when the agent goes offline they hear of it (under the requeue
 * policy they give its tickets back). Agents' answers to offers and the end of their wrap-ups (from the HTTP API, on
 * pool-releases) go on to the agent's pool.
 *
 * <p>A pool may set an agent's status itself: away (it let offers expire), or offline after its last ticket (as it
 * asked). The store keeps it, and it is published on agent-status (keyed by agent id, with the header
 * {@value #SET_BY_HEADER}: this task skips those records when it reads them back), unless the agent asked for another
 * status since the one the pool applied: each status the agent asks for has a version, which the pool returns.
 */
public final class AgentStatusProcessor implements Processor<String, PoolEvent, String, PoolEvent> {

    /** On an agent-status record the service wrote itself: the pool that set the status. */
    public static final String SET_BY_HEADER = "chat-ticket.status-set-by-pool";

    private final Pools pools;
    private final AgentObserver observer;
    private ProcessorContext<String, PoolEvent> context;
    private KeyValueStore<String, AgentView> views;
    private Cancellable startUp;

    public AgentStatusProcessor(final Pools pools) {
        this(pools, AgentObserver.NONE);
    }

    /** @param observer told of each change of an agent's entry (requests of this instance waiting for it) */
    public AgentStatusProcessor(final Pools pools, final AgentObserver observer) {
        this.pools = pools;
        this.observer = observer;
    }

    @Override
    public void init(final ProcessorContext<String, PoolEvent> context) {
        this.context = context;
        this.views = context.getStateStore(AgentViews.STORE);
        startUp = context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, this::followQueues);
    }

    /**
     * Once, when the task starts: agents whose queues the pools' configuration now gives to another pool move there
     * at once, not on their next status (the tickets of their queues go there now). In a punctuation, as what goes
     * to the pools cannot be sent from {@link #init}.
     */
    private void followQueues(final long now) {
        startUp.cancel();
        final List<String> moving = new ArrayList<>();
        try (KeyValueIterator<String, AgentView> all = views.all()) {
            all.forEachRemaining(entry -> {
                final AgentView view = entry.value;
                if (view.getStatus() != null && view.getPool() != null && view.getLeavingPool() == null
                        && !view.getPool().equals(pools.ofAgent(view.getQueues()))) {
                    moving.add(entry.key);
                }
            });
        }
        for (final String agentId : moving) {
            final AgentView view = AgentViews.load(views, agentId);
            view.setLeavingPool(view.getPool());
            view.setPool(pools.ofAgent(view.getQueues()));
            store(agentId, view);
            context.forward(new Record<>(view.getLeavingPool(), PoolEvents.leave(latest(view)), now));
        }
    }

    /**
     * @param record a status from agent-status, or from a pool the agent left (fromPool set): its release, or the
     *     tickets of the agent it keeps
     */
    @Override
    public void process(final Record<String, PoolEvent> record) {
        if (record.headers().lastHeader(SET_BY_HEADER) != null) {
            return;  // a status a pool set, which this task kept when the pool sent it
        }
        if (record.value().getOfferReply() != null || record.value().getAgentReady() != null) {
            toAgentsPools(record);
            return;
        }
        if (record.value().getStatusFromPool()) {
            setByPool(record, record.value());
            return;
        }
        if (record.value().getFromPool() != null) {
            fromPoolLeft(record, record.value());
            return;
        }
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
        view.setQueueLevels(new TreeMap<>(change.getQueueLevels()));
        view.setCapacity(change.getCapacity());
        view.setChannelCapacity(new TreeMap<>(change.getChannelCapacity()));
        view.setNextStatus(change.getNextStatus());
        view.setStatusVersion(view.getStatusVersion() + 1);
        view.setPool(pool);
        if (view.getLeavingPool() == null && oldPool != null && !oldPool.equals(pool)) {
            view.setLeavingPool(oldPool);
            context.forward(record.withKey(oldPool).withValue(PoolEvents.leave(change)));
        }
        if (change.getStatus() == AgentStatus.OFFLINE) {
            view.getKeptTickets().keySet().stream()
                    .filter(left -> !left.equals(pool) && !left.equals(view.getLeavingPool()))
                    .forEach(left -> context.forward(record.withKey(left).withValue(PoolEvents.leave(change))));
        }
        if (view.getLeavingPool() == null) {
            toPool(record, view, change);
        } else {
            store(record.key(), view);  // held: the release sends the agent's latest status to its pool
        }
    }

    /**
     * Keeps the agent's status, and the pools its tickets are read from (its version's parts): one it may hold tickets
     * in now stays read for good, so the version never falls (see {@link AgentViews}).
     */
    private void store(final String agentId, final AgentView view) {
        final Set<String> read = AgentViews.pools(view);
        if (read.size() != view.getPoolsRead().size()) {  // pools() holds every pool of poolsRead
            view.setPoolsRead(new ArrayList<>(read));
        }
        views.put(agentId, view);
        observer.statusChanged(agentId);
    }

    /** Sends the status to the agent's pool, with the tickets it holds in pools it left. */
    private void toPool(final Record<String, PoolEvent> record, final AgentView view,
            final AgentStatusChanged status) {
        view.getKeptTickets().remove(view.getPool());  // the pool counts those itself: the agent came back to it
        store(record.key(), view);
        final List<String> elsewhere = view.getKeptTickets().values().stream().flatMap(List::stream).toList();
        context.forward(record.withKey(view.getPool()).withValue(PoolEvents.agent(status, elsewhere,
                view.getStatusVersion())));
    }

    /**
     * A status the agent's pool set (away, offline after its last ticket): kept and published, unless the agent asked
     * for another since the one the pool had applied, or moved to another pool.
     */
    private void setByPool(final Record<String, PoolEvent> record, final PoolEvent event) {
        final AgentView view = views.get(record.key());
        if (view == null || view.getStatusVersion() != event.getStatusVersion()
                || !event.getFromPool().equals(view.getPool()) || view.getLeavingPool() != null) {
            return;
        }
        final AgentStatusChanged set = event.getAgentStatus();
        final AgentStatusChanged published = AgentStatusChanged.newBuilder(latest(view))
                .setStatus(set.getStatus())
                .setTime(set.getTime())
                .setStatusSince(set.getTime())
                .setPreviousStatus(view.getStatus())
                .setPreviousStatusMillis(view.getStatusSince() == null ? null
                        : Math.max(0, set.getTime().toEpochMilli() - view.getStatusSince().toEpochMilli()))
                .setNextStatus(null)
                .setReason(set.getReason())
                .build();
        view.setStatus(set.getStatus());
        view.setStatusSince(set.getTime());
        view.setUpdatedAt(set.getTime());
        view.setNextStatus(null);
        store(record.key(), view);
        final Record<String, PoolEvent> out = record.withValue(PoolEvents.statusPublished(published));
        out.headers().remove(SET_BY_HEADER).add(SET_BY_HEADER, event.getFromPool().getBytes(StandardCharsets.UTF_8));
        context.forward(out);
    }

    /**
     * A pool the agent left released it (the hand-over is over: its status goes to its pool), or says which of its
     * tickets it keeps now (its pool hears of it).
     */
    private void fromPoolLeft(final Record<String, PoolEvent> record, final PoolEvent event) {
        final AgentView view = AgentViews.load(views, record.key());
        if (view.getPool() == null) {
            return;
        }
        if (!event.getFromPool().equals(view.getPool())) {  // back in that pool, the agent holds them there again
            if (event.getKeptTickets().isEmpty()) {
                view.getKeptTickets().remove(event.getFromPool());
            } else {
                view.getKeptTickets().put(event.getFromPool(), List.copyOf(event.getKeptTickets()));
            }
        }
        if (event.getLeavesPool() && event.getFromPool().equals(view.getLeavingPool())) {
            view.setLeavingPool(null);
        }
        if (view.getLeavingPool() == null) {
            toPool(record, view, latest(view));
        } else {
            store(record.key(), view);
        }
    }

    /**
     * The agent's answer to an offer, or the end of its wrap-ups, from the HTTP API: to its pool, and to the pool it
     * is leaving, which may have made the offer. A pool that has no such offer pending for the agent (or no wrap-up)
     * ignores it; an agent never seen has none.
     */
    private void toAgentsPools(final Record<String, PoolEvent> record) {
        if (record.value().getOfferReply() != null) {
            InputCheck.keyedById(record.key(), record.value().getOfferReply(), OfferReply::getAgentId, "agent id");
        } else {
            InputCheck.keyedById(record.key(), record.value().getAgentReady(), AgentReady::getAgentId, "agent id");
        }
        final AgentView view = views.get(record.key());
        if (view == null || view.getPool() == null) {
            return;
        }
        context.forward(record.withKey(view.getPool()));
        if (view.getLeavingPool() != null) {
            context.forward(record.withKey(view.getLeavingPool()));
        }
    }

    /**
     * A dead letter replayed after the agent changed status again is older than what the agent did since: it changes
     * nothing. Only replayed statuses are compared by time; the instances' clocks may differ a little.
     */
    private static boolean stale(final Record<String, PoolEvent> record, final AgentView view) {
        return record.headers().lastHeader(DeadLetterHeaders.REPLAYED) != null && view.getUpdatedAt() != null
                && record.value().getAgentStatus().getTime().isBefore(view.getUpdatedAt());
    }

    /** A release by an earlier version, which requeued the agent's tickets and did not say which pool it was. */
    private void released(final Record<String, PoolEvent> record) {
        final AgentView view = AgentViews.load(views, record.key());
        if (view.getLeavingPool() == null) {
            return;  // released by a move of an earlier version, which sent the status to the new pool at once
        }
        view.setLeavingPool(null);
        toPool(record, view, latest(view));
    }

    /**
     * The agent's status as this task keeps it, with its levels and capacity per channel: what a pool gets after a
     * hand-over, and what a status a pool set is published with, so that neither loses what the agent's token said.
     */
    private static AgentStatusChanged latest(final AgentView view) {
        return AgentStatusChanged.newBuilder()
                .setAgentId(view.getAgentId()).setName(view.getName()).setStatus(view.getStatus())
                .setTime(view.getUpdatedAt()).setStatusSince(view.getStatusSince())
                .setLastLoginTime(view.getLastLoginTime()).setQueues(view.getQueues()).setCapacity(view.getCapacity())
                .setQueueLevels(view.getQueueLevels()).setChannelCapacity(view.getChannelCapacity())
                .setNextStatus(view.getNextStatus())
                .build();
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
