package net.oneview.chatticket.assignment;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.streams.DeadLetterHeaders;
import net.oneview.chatticket.streams.QuietCommit;
import net.oneview.chatticket.streams.UnprocessableEventException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine for each event of a pool (key = pool), saves the state it changed, and forwards its decisions keyed
 * by ticket id. If the engine fails, nothing is saved: the event goes to the dead letters and the pool is unchanged.
 * An agent leaving the pool for another is released back to the agent's task, with the tickets it keeps here; tickets
 * of queues another pool decides go back to the router.
 *
 * <p>When the task starts, under rules or pools that changed since it last ran, it ranks its waiting tickets again
 * and hands over those of queues that moved to another pool.
 *
 * <p>New tickets that could be assigned are held in the backlog; a wall-clock punctuation (scheduled only for the
 * looks of some pool that holds tickets) drains each pool's held tickets when its {@link ArrivalClock} says they are
 * due, so that tickets arriving together compete by urgency. A drain decides at most {@code drainLimit} of them, the
 * most urgent; the rest are drained a tick later. Decisions are committed once the input has gone quiet
 * ({@link QuietCommit}), so that a ticket that comes alone does not wait for the commit interval.
 *
 * <p>Timers (offers' expiries, wrap-ups' ends) are in one index by due time ({@code pool-timers}). A wall-clock
 * punctuation runs them, scheduled for the earliest and only while the index holds one: an idle pool runs no timer.
 * A timer that fell due while the service was down runs at the first punctuation after the start.
 */
public final class AssignmentProcessor implements Processor<String, PoolEvent, String, PoolOutput> {

    /** The stores this processor needs, for the topology to add. */
    public static final String[] STORES = PoolStores.NAMES;
    public static final String WAITING_STORE = PoolStores.WAITING;
    public static final String TICKETS_STORE = PoolStores.TICKETS;
    public static final String AGENTS_STORE = PoolStores.AGENTS;
    /** The {@link PoolCounts} of the task's pools: active copies only (it has no changelog). */
    public static final String COUNTS_STORE = PoolCounts.STORE;
    /** New tickets held for a later drain; empty when no punctuation has a decision left to make. */
    public static final String ARRIVALS_STORE = PoolStores.ARRIVALS;

    private static final Logger log = LoggerFactory.getLogger(AssignmentProcessor.class);


    private final AssignmentProperties rules;
    private final OfferProperties offers;
    private final RoutingProperties routing;
    private final DecisionObserver observer;
    private final Map<String, ArrivalClock> held = new HashMap<>();
    /** Pools that have drained since the task started: later drains use the arrival window. */
    private final Set<String> drainedOnce = new HashSet<>();
    /** Pools whose last drain reached the drain limit: they have more held tickets to decide at once. */
    private final Set<String> unfinished = new LinkedHashSet<>();
    private ProcessorContext<String, PoolOutput> context;
    private QuietCommit quiet;
    private PoolStores stores;
    private Cancellable movedQueues;
    /**
     * The drains' punctuation, while a pool holds tickets or has more to drain; null otherwise (an idle task runs no
     * punctuation).
     */
    private Cancellable drains;
    /** When the drains' punctuation is scheduled to look next. */
    private long drainsAt;
    /** The timers' punctuation, while the timers index holds something; null otherwise. */
    private Cancellable timers;
    /** The due time the timers' punctuation is scheduled for. */
    private long timersDue;

    public AssignmentProcessor(final AssignmentProperties rules) {
        this(rules, DecisionObserver.NONE);
    }

    /** @param observer told of every decision as it is sent on */
    public AssignmentProcessor(final AssignmentProperties rules, final DecisionObserver observer) {
        this(rules, OfferProperties.off(), observer);
    }

    /** @param offers whether tickets are offered before they are assigned, and for how long */
    public AssignmentProcessor(final AssignmentProperties rules, final OfferProperties offers,
            final DecisionObserver observer) {
        this(rules, offers, RoutingProperties.defaults(), observer);
    }

    /** @param routing who may take a waiting ticket, and which agent takes it */
    public AssignmentProcessor(final AssignmentProperties rules, final OfferProperties offers,
            final RoutingProperties routing, final DecisionObserver observer) {
        this.rules = rules;
        this.offers = offers;
        this.routing = routing;
        this.observer = observer;
    }

    private AssignmentEngine engine(final String pool, final StorePoolState state, final long time) {
        return new AssignmentEngine(rules, offers, routing, pool, state, Instant.ofEpochMilli(time));
    }

    /** Builders of the stores in {@link #STORES}. */
    public static List<StoreBuilder<?>> storeBuilders(final Serde<?> avro) {
        return List.of(store(PoolStores.TICKETS, avro), store(PoolStores.AGENTS, avro),
                store(PoolStores.STATUS_TIMES, Serdes.Long()), store(PoolStores.CLOSED_UNHELD, Serdes.Long()),
                inMemory(PoolStores.ONLINE_AGENTS, Serdes.Integer()), inMemory(PoolStores.RANKING, Serdes.String()),
                // The indexes are built from the tickets and agents when the task starts (PoolIndexes): no changelog.
                // The backlog is in RocksDB, as large as the tickets; the others are small and rewritten by almost
                // every event: in memory, so that deleted keys do not pile up as RocksDB tombstones in front of every
                // look-up (profiled: seeks over them dominated the assignment path).
                store(PoolStores.WAITING, Serdes.String()).withLoggingDisabled(),
                store(PoolStores.BUILT, Serdes.String()).withLoggingDisabled(),
                inMemory(PoolStores.AVAILABLE, Serdes.String()).withLoggingDisabled(),
                inMemory(PoolStores.ARRIVALS, Serdes.String()).withLoggingDisabled(),
                inMemory(PoolStores.TIMERS, Serdes.String()).withLoggingDisabled(), PoolCounts.storeBuilder());
    }

    @Override
    public void init(final ProcessorContext<String, PoolOutput> context) {
        this.context = context;
        this.quiet = new QuietCommit(context);
        this.stores = PoolStores.of(context);
        final long start = System.nanoTime();
        final boolean backlogBuilt = PoolIndexes.build(stores,
                (pool, state) -> engine(pool, state, context.currentSystemTimeMs()));
        log.info("task {}: indexes{} built from the tickets and agents in {} ms", context.taskId(),
                backlogBuilt ? ", the backlog's too," : " (the backlog kept as this instance left it)",
                (System.nanoTime() - start) / 1_000_000);
        rankUnderCurrentRules();
        // Tickets held when the task last stopped are drained too, even if the arrival window is now zero, as the
        // first drain of their pool.
        try (Stream<Map.Entry<String, String>> arrivals = stores.arrivals().scan("")) {
            arrivals.forEach(arrival -> clock(arrival.getKey().substring(0, arrival.getKey().indexOf(Ranks.SEP)))
                    .arrived(context.currentSystemTimeMs(), context.currentSystemTimeMs(), true));
        }
        if (!held.isEmpty()) {
            scheduleDrains(context.currentSystemTimeMs());
        }
        if (earliestTimer() != Long.MAX_VALUE) {  // timers that fell due while the task was not running run first
            scheduleTimers(context.currentSystemTimeMs());
        }
        movedQueues = context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME,
                this::handOverTicketsOfMovedQueues);
    }

    /**
     * Rules change when the service restarts with new configuration: tickets that waited before were ranked under
     * the old rules, so before the task decides anything they are ranked again under the new ones. The rules the
     * task's tickets are ranked under are kept in a store of the task, so this happens once per change of rules.
     */
    private void rankUnderCurrentRules() {
        final String current = Ranks.rules(rules, routing);
        if (current.equals(stores.ranking().get(PoolStores.RANKED_UNDER))) {
            return;
        }
        final Set<String> pools = new TreeSet<>(stores.waitingQueues().keySet());
        pools.addAll(stores.poolsWithAvailableAgents());
        for (final String pool : pools) {
            final StorePoolState state = new StorePoolState(pool, stores);
            final int changed = engine(pool, state, context.currentSystemTimeMs()).rerank();
            state.save();
            log.info("pool {}: {} waiting tickets ranked again under {}", pool, changed, current);
        }
        stores.ranking().put(PoolStores.RANKED_UNDER, current);
    }

    /**
     * Once, when the task starts: the waiting tickets of queues that the pools' configuration now gives to other pools
     * go to them, through the router (which then sends their statuses there too). In a punctuation, as what goes to
     * the router cannot be sent from {@link #init}.
     */
    private void handOverTicketsOfMovedQueues(final long now) {
        movedQueues.cancel();
        final long streamTime = context.currentStreamTimeMs();
        final long time = streamTime >= 0 ? streamTime : now;
        stores.waitingQueues().forEach((pool, queues) -> {
            final StorePoolState state = new StorePoolState(pool, stores);
            final List<PoolEvent> handovers = engine(pool, state, time)
                    .handOverQueuesOfOtherPools(queues);
            state.save();
            handovers.forEach(handover -> context.forward(new Record<>(PoolOutput.ticketId(handover),
                    PoolOutput.handover(handover), time)));
            if (!handovers.isEmpty()) {
                log.info("pool {}: {} waiting tickets handed over to the pools that decide their queues now", pool,
                        handovers.size());
            }
        });
    }

    @Override
    public void process(final Record<String, PoolEvent> record) {
        quiet.read();
        if (record.headers().lastHeader(DeadLetterHeaders.REPLAYED) != null
                && stores.replays().outdated(record.key(), record.value())) {
            log.info("replayed dead letter for pool {} ignored: the pool has applied newer events since", record.key());
            return;
        }
        final StorePoolState state = new StorePoolState(record.key(), stores);
        // only a close of a ticket the pool does not hold is remembered (ReplayGuard): look the ticket up for those
        final TicketStatusChanged change = record.value().getTicketStatus();
        final boolean heldTicket = change != null && change.getStatus() == TicketStatus.CLOSED
                && state.ticket(change.getTicketId()) != null;
        final AssignmentEngine engine = engine(record.key(), state, record.timestamp())
                .atWallClock(Instant.ofEpochMilli(context.currentSystemTimeMs()));
        final List<TicketAssignment> decisions;
        final Map<String, Long> lists;
        try {
            decisions = engine.apply(record.value());
            lists = engine.versionLists();
        } catch (RuntimeException e) {  // nothing is saved: the event goes to the dead letters, the pool is unchanged
            throw new UnprocessableEventException("the assignment engine could not apply the event", e);
        }
        state.save();  // a failure from here on fails the task: it is retried from the last commit
        stores.replays().applied(record.key(), record.value(), heldTicket, record.timestamp());
        decisions.forEach(decision -> {
            context.forward(record.withKey(decision.getTicketId()).withValue(PoolOutput.decision(decision)));
            observer.decided(record.key(), decision, record.timestamp());
        });
        lists.forEach((agentId, count) -> observer.listChanged(record.key(), agentId, count));
        Stream.concat(engine.releases().stream(), engine.statusChanges().stream()).forEach(release -> context.forward(
                record.withKey(release.getAgentStatus().getAgentId()).withValue(PoolOutput.release(release))));
        engine.handovers().forEach(handover -> context.forward(record.withKey(PoolOutput.ticketId(handover))
                .withValue(PoolOutput.handover(handover))));
        if (engine.heldArrival()) {
            clock(record.key()).arrived(context.currentSystemTimeMs(), record.timestamp(),
                    !drainedOnce.contains(record.key()));
            scheduleDrains(context.currentSystemTimeMs());
        }
        scheduleTimers(context.currentSystemTimeMs());
        if (!decisions.isEmpty()) {
            quiet.wrote();
        }
    }

    /**
     * Schedules the drains' punctuation for the next look of any pool's {@link ArrivalClock} (a pool with more to
     * drain at once: a tick from now), or cancels it when no pool holds tickets. It runs only when a look is due: a
     * punctuation makes its task commit (an idle task that punctuated would write a transaction every commit
     * interval), and makes the stream thread read fewer records before its next punctuation, which would slow the
     * reading of a burst.
     */
    private void scheduleDrains(final long now) {
        long next = unfinished.isEmpty() ? Long.MAX_VALUE : now + ArrivalClock.tick(rules).toMillis();
        for (final ArrivalClock clock : held.values()) {
            next = Math.min(next, clock.nextLook());
        }
        if (drains != null && (next == Long.MAX_VALUE || next < drainsAt)) {  // a later look: the early one is harmless
            drains.cancel();
            drains = null;
        }
        // scheduled from a record, now is when its batch began (the stream thread's clock): the look comes that much
        // later, which only the look halfway through a window is; the later looks are scheduled from punctuations
        if (drains == null && next != Long.MAX_VALUE) {
            drainsAt = next;
            drains = context.schedule(Duration.ofMillis(Math.max(1, next - now)), PunctuationType.WALL_CLOCK_TIME,
                    this::drainDue);
        }
    }

    /**
     * Schedules the timers' punctuation for the earliest timer of the task's pools (now, if it is due), or cancels it
     * when there is none. Called after anything that may set a timer.
     */
    private void scheduleTimers(final long now) {
        final long due = earliestTimer();
        if (due == Long.MAX_VALUE) {
            if (timers != null) {
                timers.cancel();
                timers = null;
            }
            return;
        }
        if (timers != null && timersDue == due) {
            return;
        }
        if (timers != null) {
            timers.cancel();
        }
        timersDue = due;
        timers = context.schedule(Duration.ofMillis(Math.max(1, due - now)), PunctuationType.WALL_CLOCK_TIME,
                this::fireTimers);
    }

    /** The due time of the earliest timer of any of the task's pools, by a seek per pool; MAX_VALUE if none. */
    private long earliestTimer() {
        long earliest = Long.MAX_VALUE;
        for (String key = stores.timers().next(""); key != null; ) {
            final String pool = key.substring(0, key.indexOf(Ranks.SEP));
            earliest = Math.min(earliest, Ranks.timerDue(key.substring(pool.length() + 1)).toEpochMilli());
            key = stores.timers().next(pool + (char) (Ranks.SEP + 1));
        }
        return earliest;
    }

    /**
     * Runs, in each pool with timers, those that are due (at most {@code drainLimit} per pool and punctuation), at
     * the wall-clock time; then schedules the next.
     */
    private void fireTimers(final long now) {
        for (String key = stores.timers().next(""); key != null; ) {
            final String pool = key.substring(0, key.indexOf(Ranks.SEP));
            final String first = key.substring(pool.length() + 1);
            if (!Ranks.timerDue(first).isAfter(Instant.ofEpochMilli(now))) {
                final StorePoolState state = new StorePoolState(pool, stores);
                final AssignmentEngine engine = engine(pool, state, now);
                final List<TicketAssignment> decisions = engine.fireTimers(rules.drainLimit());
                final Map<String, Long> lists = engine.versionLists();
                state.save();
                decisions.forEach(decision -> {
                    context.forward(new Record<>(decision.getTicketId(), PoolOutput.decision(decision), now));
                    observer.decided(pool, decision, now);
                });
                lists.forEach((agentId, count) -> observer.listChanged(pool, agentId, count));
                Stream.concat(engine.releases().stream(), engine.statusChanges().stream()).forEach(release ->
                        context.forward(new Record<>(release.getAgentStatus().getAgentId(),
                                PoolOutput.release(release), now)));
                if (engine.heldArrival()) {  // a ticket passed on, held for the next drain, to go to the next agent
                    clock(pool).arrived(now, now, !drainedOnce.contains(pool));
                    scheduleDrains(now);
                }
                if (!decisions.isEmpty()) {
                    quiet.wroteLater();
                }
            }
            key = stores.timers().next(pool + (char) (Ranks.SEP + 1));
        }
        if (timers != null) {
            timers.cancel();
            timers = null;
        }
        scheduleTimers(now);
    }

    private void drainDue(final long now) {
        final Set<String> due = new LinkedHashSet<>(unfinished);
        unfinished.clear();
        for (final Iterator<Map.Entry<String, ArrivalClock>> pools = held.entrySet().iterator(); pools.hasNext(); ) {
            final Map.Entry<String, ArrivalClock> pool = pools.next();
            if (pool.getValue().due(now)) {
                pools.remove();
                due.add(pool.getKey());
            }
        }
        for (final String pool : due) {
            drainedOnce.add(pool);
            if (drain(pool, now) >= rules.drainLimit()) {
                unfinished.add(pool);
            }
        }
        if (!due.isEmpty()) {
            scheduleTimers(now);  // offers made
        }
        if (drains != null) {
            drains.cancel();
            drains = null;
        }
        scheduleDrains(now);
    }

    /**
     * Decides the pool's most urgent held tickets, up to the drain limit, at the pool's stream time (the newest event
     * time read), or now if none yet; returns how many it decided.
     */
    private int drain(final String pool, final long now) {
        final long streamTime = context.currentStreamTimeMs();
        final long time = streamTime >= 0 ? streamTime : now;
        final StorePoolState state = new StorePoolState(pool, stores);
        final AssignmentEngine engine = engine(pool, state, time).atWallClock(Instant.ofEpochMilli(now));
        final List<TicketAssignment> decisions = engine.drain(rules.drainLimit());
        final Map<String, Long> lists = engine.versionLists();
        state.save();
        decisions.forEach(decision -> {
            context.forward(new Record<>(decision.getTicketId(), PoolOutput.decision(decision), time));
            // a held ticket's own event is its creation, read before the drain
            observer.decided(pool, decision, decision.getTicket().getCreatedAt().toEpochMilli());
        });
        lists.forEach((agentId, count) -> observer.listChanged(pool, agentId, count));
        if (!decisions.isEmpty()) {
            quiet.wroteLater();
        }
        return decisions.size();
    }

    private ArrivalClock clock(final String pool) {
        return held.computeIfAbsent(pool, p -> new ArrivalClock(rules.arrivalWindow(), rules.catchUpHold()));
    }

    private static <V> StoreBuilder<?> store(final String name, final Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    private static <V> StoreBuilder<?> inMemory(final String name, final Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values);
    }
}
