package net.oneview.chatticket.assignment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import net.oneview.chatticket.assignment.AssignmentProperties.OfflinePolicy;
import net.oneview.chatticket.assignment.Routes.Route;
import net.oneview.chatticket.assignment.RoutingProperties.AgentOrder;
import net.oneview.chatticket.events.AgentCandidate;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.DecisionExplanation;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.OfferReply;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.state.PoolTicket;
import net.oneview.chatticket.state.WrapUp;

/**
 * Decides, for one event of one pool, which tickets go to which agents. Plain Java: state in, decisions out.
 *
 * <p>It keeps one invariant, from which the rules follow: once the arrivals are drained, while a ticket waits no
 * online agent serving its queue has free capacity. So a new ticket only has to look at the best free agent of its
 * queue, and an agent that gains capacity only has to take the most urgent waiting tickets of its queues. Every step
 * is an index look-up.
 *
 * <p>A new ticket that could be assigned at once is instead held among the arrivals (when the rules hold arrivals):
 * {@link #drain()} then decides all held tickets together, most urgent first, so that tickets arriving close
 * together compete by the waiting order and not by the order in which partitions delivered them. An agent that frees
 * capacity meanwhile takes the most urgent of the waiting and the held tickets.
 *
 * <p>A pool keeps waiting only tickets of its own queues: one of a queue that the pools' configuration gave to
 * another pool is handed over, through the router, to that pool ({@link #handovers()}). An agent that leaves the pool
 * for another keeps the tickets it holds here until they are closed; the pool tells the agent's task which those are
 * ({@link #releases()}), and the agent's new pool counts them against its capacity.
 *
 * <p>With offers on ({@link OfferProperties}), what would be an assignment is an offer: the ticket takes the agent's
 * slot until the agent accepts it (then it is assigned), declines it or lets it expire ({@link #expireOffers}). Then
 * the ticket goes back to its place in the backlog (its rank is its own, so it keeps its age) and on to the next
 * eligible agent; an agent that passed a ticket is never offered it again, so for the invariant an agent that passed
 * a ticket is not eligible for it, nor is an agent set away for letting offers expire.
 *
 * <p>An agent may keep the slot of a closed ticket for a while to wrap it up (the queue's wrap-up), and may ask to go
 * offline once its last ticket is closed (it is then "finishing": online, but given nothing new). Offers' expiries and
 * wrap-ups' ends are timers on the wall clock ({@link #fireTimers}). Statuses the pool sets itself (away, offline
 * after the last ticket) go back to the agent's task ({@link #statusChanges()}).
 *
 * <p>Who may take a ticket is its route ({@link Routes}): the agents of its queue at its step's level and above, with
 * a free slot for its channel, and the agents of its step's overflow queues; or, for a while, its preferred agent
 * alone. A route widens by itself on the wall clock (a timer, like an offer's expiry): the ticket is then entered
 * under its wider scopes and, since the invariant holds only for the agents eligible before, given to the best of
 * the newly eligible agents with a free slot.
 */
public final class AssignmentEngine {

    /** How many agents an assignment's explanation lists. */
    static final int CANDIDATES = 3;
    /** Up to how many tickets ahead a queued ticket's explanation counts. */
    static final int AHEAD_LIMIT = 100;

    private final String pool;
    private final Pools pools;
    private final PoolState state;
    private final Ranks ranks;
    private final OfflinePolicy offlinePolicy;
    private final boolean holdsArrivals;
    private final int maxTicketChars;
    private final Instant now;
    private final OfferProperties offers;
    private final Routes routes;
    private final AgentOrder agentOrder;
    /** The wrap-up of a queue's closed tickets. */
    private final Function<String, Duration> wrapUps;
    /**
     * When timers set now run from (offers' expiries, wrap-ups' ends, routes' next steps), and the time routes are
     * read at: the wall clock of the task, as timers run on it. A drain runs at the stream time, which lags the wall
     * clock; a route read at the stream time would be narrower than the one its timer widened, and the ticket would
     * go back and forth between the two.
     */
    private Instant wallClock;
    private final List<TicketAssignment> decisions = new ArrayList<>();
    private static final String PASSED_ON = "offered to the next agent after another passed it";
    /** Agents whose list of tickets a decision changed, for {@link #versionLists()}. */
    private final Set<String> listsChanged = new LinkedHashSet<>();
    private final List<PoolEvent> releases = new ArrayList<>();
    private final List<PoolEvent> handovers = new ArrayList<>();
    private final List<PoolEvent> statusChanges = new ArrayList<>();
    /** Agents this event set away: their other pending offers are withdrawn once the passes are done. */
    private final List<String> setAway = new ArrayList<>();
    private boolean held;

    /**
     * @param pool the pool whose state this is (its rules, such as the aging step, may differ from other pools')
     * @param now the time of the event, so that replaying the same events gives the same decisions
     */
    public AssignmentEngine(final AssignmentProperties rules, final String pool, final PoolState state,
            final Instant now) {
        this(rules, OfferProperties.off(), pool, state, now);
    }

    /** @param offers whether tickets are offered before they are assigned, and for how long */
    public AssignmentEngine(final AssignmentProperties rules, final OfferProperties offers, final String pool,
            final PoolState state, final Instant now) {
        this(rules, offers, RoutingProperties.defaults(), pool, state, now);
    }

    /** @param routing who may take a waiting ticket, and which agent takes it */
    public AssignmentEngine(final AssignmentProperties rules, final OfferProperties offers,
            final RoutingProperties routing, final String pool, final PoolState state, final Instant now) {
        this.offers = offers;
        this.routes = new Routes(routing);
        this.agentOrder = routing.agentOrder();
        this.wrapUps = rules::wrapUp;
        this.wallClock = now;
        this.pool = pool;
        this.pools = new Pools(rules.pools());
        this.state = state;
        this.ranks = new Ranks(rules, routing, pool);
        this.offlinePolicy = rules.offlinePolicy();
        this.holdsArrivals = rules.holdsArrivals();
        this.maxTicketChars = rules.maxTicketChars();
        this.now = now;
    }

    /**
     * Timers this engine sets (offers' expiries, wrap-ups' ends) run from this time (by default the event's), the
     * time the task's wall clock says: a ticket read late (a backlog at start) gets a full offer timeout all the same.
     */
    public AssignmentEngine atWallClock(final Instant wallClock) {
        this.wallClock = wallClock;
        return this;
    }

    /** Applies one event to the pool and returns the decisions it led to, in order. */
    public List<TicketAssignment> apply(final PoolEvent event) {
        if (event.getOfferReply() != null) {
            onOfferReply(event.getOfferReply());
        } else if (event.getAgentReady() != null) {
            onAgentReady(event.getAgentReady().getAgentId());
        } else if (event.getAgentStatus() != null && event.getLeavesPool()) {
            onLeave(event.getAgentStatus());
        } else if (event.getAgentStatus() != null) {
            onAgentStatus(event.getAgentStatus(), event.getTicketsElsewhere(), event.getStatusVersion());
        } else if (event.getTicketCreated() != null) {
            onTicketCreated(event.getTicketCreated(), event.getTicketStatus(), event.getFromPool());
        } else if (event.getTicketStatus() != null) {
            onTicketStatus(event.getTicketStatus(), event.getFromPool());
        }
        return decisions;
    }

    /**
     * What the event sends to agents' tasks (key = agent id): the release of an agent that left, or the tickets an
     * agent that left keeps here, when they changed.
     */
    public List<PoolEvent> releases() {
        return releases;
    }

    /**
     * Statuses the event made the pool set (key = agent id): away for letting offers expire, offline after the last
     * ticket; for the agents' tasks, which publish them on agent-status.
     */
    public List<PoolEvent> statusChanges() {
        return statusChanges;
    }

    /** What the event sends back to the router (key = ticket id): tickets handed over to another pool, statuses. */
    public List<PoolEvent> handovers() {
        return handovers;
    }

    /**
     * Counts one more change of the list in this pool of each agent that a decision assigned a ticket to or was about
     * one of its tickets (a status, a close, a requeue), once however many decisions it had. Called once the event,
     * drain or timers are decided, before the state is saved: no caller holds an agent's copy then.
     *
     * @return by agent id, the new count of changes of its list in this pool
     */
    public Map<String, Long> versionLists() {
        final Map<String, Long> versions = new LinkedHashMap<>();
        for (final String agentId : listsChanged) {
            final PoolAgent agent = state.agent(agentId);
            if (agent != null) {
                agent.setListVersion(agent.getListVersion() + 1);
                state.putAgent(agent);
                versions.put(agentId, agent.getListVersion());
            }
        }
        listsChanged.clear();
        return versions;
    }

    /**
     * Hands the waiting and held tickets of those of the queues that this pool does not decide (the pools'
     * configuration changed) over to the router, which sends them to their queue's pool.
     *
     * @return the tickets handed over, for the router
     */
    public List<PoolEvent> handOverQueuesOfOtherPools(final Collection<String> queues) {
        final Set<String> moved = new HashSet<>(queues.stream().filter(queue -> !decides(queue)).toList());
        if (moved.isEmpty()) {
            return handovers;
        }
        for (final PoolTicket ticket : waitingAndHeld()) {
            if (moved.contains(ticket.getTicket().getQueue())) {
                dequeue(ticket);
                state.removeTicket(ticket.getTicket().getId());
                handOver(ticket);
            }
        }
        return handovers;
    }

    /** Every waiting and held ticket of the pool (a scan: for changes of configuration, not for events). */
    private List<PoolTicket> waitingAndHeld() {
        final String everyQueue = Ranks.prefix(Ranks.ANY_QUEUE);
        return Stream.of(state.waiting(), state.arrivals())
                .flatMap(index -> index.head(everyQueue, Integer.MAX_VALUE).stream())
                .map(entry -> state.ticket(entry.getValue()))
                .toList();
    }

    /** Whether the event left a ticket held among the arrivals, for {@link #drain()} to decide. */
    public boolean heldArrival() {
        return held;
    }

    /**
     * Decides the {@code limit} most urgent held arrivals: each gets the best free agent of its queue, or is queued
     * when none is left; one decision each. Once no arrival is held any more, the invariant holds again.
     */
    public List<TicketAssignment> drain(final int limit) {
        final String everyQueue = Ranks.prefix(Ranks.ANY_QUEUE);
        for (final Map.Entry<String, String> arrival : state.arrivals().head(everyQueue, limit)) {
            final PoolTicket ticket = state.ticket(arrival.getValue());
            dequeue(ticket);
            final List<Candidate> candidates = availableAgents(ticket);
            if (candidates.isEmpty()) {
                putInBacklog(ticket);
                decide(Decision.QUEUED, ticket, null, noAgentReason(ticket)
                        + " (the free capacity went to more urgent tickets)", queuedExplanation(ticket));
            } else {
                assign(ticket, candidates, bestAgent(ticket) + "; tickets arriving together go most urgent first");
            }
        }
        return decisions;
    }

    /**
     * Ranks the pool's waiting and held tickets again under this engine's rules, for tickets ranked under other rules
     * (the aging step or the priority order changed while they waited): ranks made under different rules do not
     * compare, so without this a change of rules would put every new ticket ahead of every old one, or behind.
     *
     * @return how many tickets changed rank
     */
    public int rerank() {
        int changed = 0;
        for (final PoolTicket ticket : waitingAndHeld()) {
            final boolean held = ticket.getHeld();
            final List<String> keys = ticket.getIndexKeys();
            dequeue(ticket);
            if (held) {
                hold(ticket);
            } else {
                putInBacklog(ticket);
            }
            if (!ticket.getIndexKeys().equals(keys)) {
                changed++;
            }
        }
        final Set<String> agents = new LinkedHashSet<>();
        for (final Map.Entry<String, String> entry : state.available().head("", Integer.MAX_VALUE)) {
            state.available().remove(entry.getKey());
            agents.add(entry.getValue());
        }
        agents.forEach(agentId -> index(state.agent(agentId)));
        return changed;
    }

    /** @param fromPool the pool that handed the ticket over (its queue moved here), or null for a new ticket */
    private void onTicketCreated(final TicketCreated created, final TicketStatusChanged earlier,
            final String fromPool) {
        if (state.ticket(created.getId()) != null) {
            return;
        }
        final PoolTicket ticket = PoolTicket.newBuilder().setTicket(created).setStatus(TicketStatus.ASSIGNED)
                .setStatusReason(created.getStatusReason()).build();
        if (earlier != null) {
            ticket.setStatus(earlier.getStatus());
            ticket.setStatusReason(earlier.getStatusReason());
            ticket.setStatusTime(earlier.getTime());
        }
        if (ticket.getStatus() == TicketStatus.CLOSED) {
            decide(Decision.CLOSED, ticket, null, fromPool == null ? "closed before it was created, never assigned"
                    : "closed while its queue moved here from pool " + fromPool, null);
            return;
        }
        final String problem = TicketCheck.problem(created, maxTicketChars);
        if (problem != null) {
            decide(Decision.REJECTED, carried(ticket), null, problem, null);
            return;
        }
        if (fromPool == null && !decides(created.getQueue())) {  // routed by an instance with other pools
            handOver(ticket);
            return;
        }
        final String moved = (fromPool == null ? "" : " (its queue moved here from pool " + fromPool + ")")
                + prefer(ticket);
        final List<Candidate> candidates = availableAgents(ticket);
        if (candidates.isEmpty()) {
            enqueue(ticket, Decision.QUEUED, null, noAgentReason(ticket) + moved);
        } else if (holdsArrivals) {
            hold(ticket);
        } else {
            assign(ticket, candidates, bestAgent(ticket) + moved);
        }
    }

    /**
     * A ticket that names a preferred agent waits for that agent alone (its preferred wait) if the agent could take
     * it: known here, online, not away or finishing, serving its queue and its channel. Otherwise it goes to its queue
     * at once, and the reason says why.
     *
     * @return what the decision's reason adds: why the preferred agent is not waited for; empty otherwise
     */
    private String prefer(final PoolTicket ticket) {
        final TicketCreated created = ticket.getTicket();
        final String agentId = created.getPreferredAgentId();
        final Duration wait = routes.properties().preferredAgentWait(created.getQueue());
        if (agentId == null || wait.isZero()) {
            return "";
        }
        final String why;
        final PoolAgent agent = isUuid(agentId) ? state.agent(agentId) : null;
        if (!isUuid(agentId)) {
            why = "is not a UUID";
        } else if (agent == null || agent.getLeft()) {
            why = "is not an agent of pool " + pool;
        } else if (!agent.getOnline()) {
            why = "is offline";
        } else if (agent.getAway()) {
            why = "is away";
        } else if (agent.getFinishing()) {
            why = "finishes its tickets before going offline";
        } else if (!servedQueues(agent).contains(created.getQueue()) && !agent.getQueues().isEmpty()) {
            why = "does not serve " + created.getQueue();
        } else if (!agent.getChannels().isEmpty() && !agent.getChannels().containsKey(Routes.channel(created))) {
            why = "takes no " + Routes.channel(created) + " tickets";
        } else {
            ticket.setPreferredUntil(wallClock.plus(wait));
            return "";
        }
        return "; its preferred agent " + agentId + " " + why + ", so it went to its queue at once";
    }

    private static boolean isUuid(final String id) {
        try {
            return UUID.fromString(id).toString().equalsIgnoreCase(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The reason of an assignment to the first of the ticket's candidates. */
    private String bestAgent(final PoolTicket ticket) {
        final Route route = routes.route(ticket, wallClock);
        return route.preferred() ? "its preferred agent, free"
                : "best free agent for " + route.queue() + stepText(route);
    }

    /** The route's step, when the queue has more than one. */
    private String stepText(final Route route) {
        if (routes.properties().steps(route.queue()).size() == 1) {
            return "";
        }
        return " at step " + route.step() + " (level " + route.minLevel() + " and up"
                + (route.alsoQueues().isEmpty() ? "" : ", also " + String.join(", ", route.alsoQueues())) + ")";
    }

    /** A ticket too large to carry goes into its decision with only what names it ({@link TicketCheck#carried}). */
    private PoolTicket carried(final PoolTicket ticket) {
        final TicketCreated carried = TicketCheck.carried(ticket.getTicket(), maxTicketChars);
        return carried == ticket.getTicket() ? ticket
                : PoolTicket.newBuilder().setTicket(carried).setStatus(ticket.getStatus()).build();
    }

    /** @param fromPool set when the router sends a status once more: it is not sent back again */
    private void onTicketStatus(final TicketStatusChanged change, final String fromPool) {
        final PoolTicket ticket = state.ticket(change.getTicketId());
        if (ticket == null && fromPool == null) {
            // its ticket may have been handed over to another pool after the router sent this: the router knows where
            handovers.add(PoolEvents.statusAfterMove(change, pool));
        }
        if (ticket == null || ticket.getStatus() == change.getStatus()
                || fromPool != null && isOlder(change, ticket)) {
            return;
        }
        ticket.setStatus(change.getStatus());
        ticket.setStatusReason(change.getStatusReason());
        ticket.setStatusTime(change.getTime());
        if (change.getStatus() != TicketStatus.CLOSED) {
            state.putTicket(ticket);
            decide(Decision.STATUS_CHANGED, ticket, ticket.getAgentId(), "status is now " + change.getStatus(), null);
            return;
        }
        state.removeTicket(ticket.getTicket().getId());
        final boolean pendingOffer = ticket.getOfferedAt() != null;
        withdrawOffer(ticket);
        forgetPassed(ticket);
        if (ticket.getAgentId() == null) {
            dequeue(ticket);
            decide(Decision.CLOSED, ticket, null, "closed while waiting", null);
            return;
        }
        final PoolAgent agent = state.agent(ticket.getAgentId());
        final String ticketId = ticket.getTicket().getId();
        final Duration wrapUp = agent.getOnline() && !agent.getFinishing() && !agent.getLeft() && !pendingOffer
                ? wrapUps.apply(ticket.getTicket().getQueue()) : Duration.ZERO;
        unindex(agent);
        agent.getTickets().remove(ticketId);
        agent.getTicketChannels().remove(ticketId);
        if (!wrapUp.isZero()) {
            final WrapUp wrap = new WrapUp(ticketId, wallClock.plus(wrapUp), Routes.channel(ticket.getTicket()));
            agent.getWrapUps().add(wrap);
            state.timers().put(Ranks.timerKey(wrap.getUntil(), Ranks.WRAP_UP_TIMER,
                    Ranks.wrapUpId(agent.getAgentId(), ticketId)), agent.getAgentId());
        }
        index(agent);
        state.putAgent(agent);
        decide(Decision.CLOSED, ticket, agent.getAgentId(), wrapUp.isZero()
                ? "closed; the agent's capacity is free again"
                : "closed; the agent keeps its slot to wrap up for " + wrapUp.toSeconds() + " s", null);
        if (agent.getLeft()) {
            releases.add(PoolEvents.keptChanged(asStatus(agent), pool, List.copyOf(agent.getTickets())));
        } else if (agent.getFinishing() && agent.getTickets().isEmpty()) {
            goOffline(agent, "its last ticket was closed, as it asked before going offline");
        } else {
            takeWaitingTickets(agent);
        }
    }

    /**
     * Whether a status is older than the one the ticket has: one the router sent once more (it had gone to every
     * pool, or to one the ticket had left, and came back) may come after a later one.
     */
    private static boolean isOlder(final TicketStatusChanged change, final PoolTicket ticket) {
        return ticket.getStatusTime() != null && change.getTime().isBefore(ticket.getStatusTime());
    }

    /**
     * An agent's status: ONLINE (with nextStatus OFFLINE: finishing its tickets before going offline), AWAY (online,
     * given nothing) or OFFLINE. An agent that gets nothing new has its pending offers withdrawn: they go on to others.
     *
     * @param ticketsElsewhere tickets the agent still holds in pools it left: they take its capacity here too
     * @param version the status's version in the agent's task, returned with a status the pool sets
     */
    private void onAgentStatus(final AgentStatusChanged change, final List<String> ticketsElsewhere,
            final long version) {
        final boolean online = change.getStatus() != AgentStatus.OFFLINE;
        final boolean away = change.getStatus() == AgentStatus.AWAY;
        final boolean finishing = online && change.getNextStatus() == AgentStatus.OFFLINE;
        PoolAgent agent = state.agent(change.getAgentId());
        if (agent == null) {
            if (!online) {
                return;
            }
            agent = PoolState.editable(PoolAgent.newBuilder().setAgentId(change.getAgentId()).setOnline(false)
                    .setCapacity(0).setAvailableSince(now).build());
        }
        final boolean wasOnline = agent.getOnline();
        if (!agent.getLeft() && agent.getAway() == away && agent.getFinishing() == finishing && wasOnline == online
                && agent.getQueues().equals(change.getQueues()) && agent.getCapacity() == change.getCapacity()
                && agent.getTicketsElsewhere().equals(ticketsElsewhere)
                && agent.getLevels().equals(change.getQueueLevels())
                && agent.getChannels().equals(change.getChannelCapacity())) {
            if (agent.getStatusVersion() != version) {
                agent.setStatusVersion(version);
                state.putAgent(agent);
            }
            return;
        }
        unindex(agent);
        countOnline(agent, -1);
        agent.setOnline(online);
        agent.setLeft(false);
        agent.setQueues(new ArrayList<>(change.getQueues()));
        agent.setCapacity(change.getCapacity());
        agent.setLevels(new HashMap<>(change.getQueueLevels()));
        agent.setChannels(new HashMap<>(change.getChannelCapacity()));
        agent.setTicketsElsewhere(List.copyOf(ticketsElsewhere));
        agent.setAway(away);  // putting itself online again (or going offline) ends being away
        agent.setFinishing(finishing);
        agent.setStatusVersion(version);
        agent.setMissedOffers(0);
        if (online && !wasOnline) {
            agent.setAvailableSince(now);
        }
        if (!online) {
            endWrapUps(agent);
        }
        countOnline(agent, 1);
        index(agent);
        state.putAgent(agent);
        if (!online && wasOnline && offlinePolicy == OfflinePolicy.REQUEUE) {
            requeueTickets(agent);
            return;
        }
        final String notTaking = !online ? "the agent went offline" : away ? "the agent is away"
                : "the agent finishes its tickets before going offline";
        final List<PoolTicket> withdrawn = !online || away || finishing
                ? new ArrayList<>(withdrawOffers(agent, notTaking)) : new ArrayList<>();
        if (!online || away || finishing) {
            withdrawn.addAll(endPreferences(agent.getAgentId()));
        }
        if (finishing && state.agent(agent.getAgentId()).getTickets().isEmpty()) {
            goOffline(state.agent(agent.getAgentId()), "it held no ticket when it asked to go offline after them");
        } else if (online) {
            takeWaitingTickets(state.agent(agent.getAgentId()));
        }
        giveAgain(withdrawn, "the next agent after " + notTaking.replace("the agent", "its agent (or preferred agent)"));
    }

    /**
     * The agent will not take the tickets waiting for it as their preferred agent: they go to their queues, whose
     * steps begin now.
     *
     * @return those of them now waiting in the backlog, for the caller to give again
     */
    private List<PoolTicket> endPreferences(final String agentId) {
        final List<PoolTicket> waiting = new ArrayList<>();
        if (state.waitingFor(agentId) == 0) {
            return waiting;
        }
        for (final SortedIndex index : List.of(state.waiting(), state.arrivals())) {
            for (final Map.Entry<String, String> entry
                    : index.head(Ranks.prefix(Ranks.preferredScope(agentId)), Integer.MAX_VALUE)) {
                final PoolTicket ticket = state.ticket(entry.getValue());
                final boolean held = ticket.getHeld();
                dequeue(ticket);
                ticket.setPreferredUntil(null);
                ticket.setStepsFrom(wallClock);
                if (held) {
                    hold(ticket);
                } else {
                    putInBacklog(ticket);
                    waiting.add(ticket);
                }
            }
        }
        return waiting;
    }

    /** POST ready: the agent's wrap-ups end, and it takes waiting tickets with the slots they kept. */
    private void onAgentReady(final String agentId) {
        final PoolAgent agent = state.agent(agentId);
        if (agent == null || agent.getWrapUps().isEmpty()) {
            return;
        }
        unindex(agent);
        endWrapUps(agent);
        index(agent);
        state.putAgent(agent);
        takeWaitingTickets(agent);
    }

    /** Ends all the agent's wrap-ups and their timers; the caller unindexes, indexes and saves the agent. */
    private void endWrapUps(final PoolAgent agent) {
        for (final WrapUp wrap : agent.getWrapUps()) {
            state.timers().remove(Ranks.timerKey(wrap.getUntil(), Ranks.WRAP_UP_TIMER,
                    Ranks.wrapUpId(agent.getAgentId(), wrap.getTicketId())));
        }
        agent.getWrapUps().clear();
    }

    /**
     * The agent's pending offers end without its answer (it went offline, away, or finishes): each ticket goes back
     * to its place in the backlog, for the caller to {@link #giveAgain(List, String)}. The agent did not pass them:
     * it may get them again.
     *
     * @return the tickets withdrawn
     */
    private List<PoolTicket> withdrawOffers(final PoolAgent held, final String reason) {
        final List<PoolTicket> withdrawn = held.getTickets().stream().map(state::ticket)
                .filter(ticket -> ticket.getOfferedAt() != null)
                .toList();
        if (withdrawn.isEmpty()) {
            return withdrawn;
        }
        final PoolAgent agent = state.agent(held.getAgentId());
        unindex(agent);
        for (final PoolTicket ticket : withdrawn) {
            agent.getTickets().remove(ticket.getTicket().getId());
            agent.getTicketChannels().remove(ticket.getTicket().getId());
            withdrawOffer(ticket);
            ticket.setAgentId(null);
            putInBacklog(ticket);
            decide(Decision.REQUEUED, ticket, agent.getAgentId(), "offer withdrawn: " + reason
                    + "; back in the backlog in its place", null);
        }
        index(agent);
        state.putAgent(agent);
        return withdrawn;
    }

    /**
     * Tickets back in the backlog go, most urgent first, to the best eligible agents, as far as there are any (at
     * once, or in the next drain when arrivals are held).
     */
    private void giveAgain(final List<PoolTicket> tickets, final String reason) {
        tickets.stream().sorted(Comparator.comparing(PoolTicket::getWaitingRank)).forEach(before -> {
            final PoolTicket ticket = state.ticket(before.getTicket().getId());
            if (ticket != null && ticket.getAgentId() == null && !ticket.getHeld()) {
                giveAgain(ticket, reason);
            }
        });
    }

    /** The pool sets the agent offline by itself (it finished its tickets, as it asked): its task publishes it. */
    private void goOffline(final PoolAgent agent, final String reason) {
        unindex(agent);
        countOnline(agent, -1);
        agent.setOnline(false);
        agent.setFinishing(false);
        endWrapUps(agent);
        state.putAgent(agent);
        statusChanges.add(PoolEvents.statusSet(statusSet(agent, AgentStatus.OFFLINE, reason), pool,
                agent.getStatusVersion()));
        giveAgain(endPreferences(agent.getAgentId()), "the next agent after its preferred agent went offline");
    }

    /** A status the pool sets itself, at the wall-clock time its timers run on, with the agent's profile as here. */
    private AgentStatusChanged statusSet(final PoolAgent agent, final AgentStatus status, final String reason) {
        return AgentStatusChanged.newBuilder().setAgentId(agent.getAgentId()).setStatus(status).setTime(wallClock)
                .setStatusSince(wallClock).setQueues(agent.getQueues()).setCapacity(agent.getCapacity())
                .setQueueLevels(agent.getLevels()).setChannelCapacity(agent.getChannels()).setReason(reason).build();
    }

    /**
     * The agent moved to another pool: it is offline here from now on, and keeps the tickets it holds here (an
     * offline agent under the requeue policy gives them back), so that whoever works on them goes on. The release
     * says which it keeps. The same event for an agent that left already tells that it went offline elsewhere.
     */
    private void onLeave(final AgentStatusChanged change) {
        final PoolAgent agent = state.agent(change.getAgentId());
        if (agent == null) {
            releases.add(PoolEvents.released(change, pool, List.of()));
            return;
        }
        final boolean leftBefore = agent.getLeft();
        unindex(agent);
        countOnline(agent, -1);
        agent.setOnline(false);
        agent.setLeft(true);
        endWrapUps(agent);  // its slots count in its new pool now
        state.putAgent(agent);
        if (change.getStatus() == AgentStatus.OFFLINE && offlinePolicy == OfflinePolicy.REQUEUE) {
            requeueTickets(agent);
        }
        final List<String> kept = List.copyOf(agent.getTickets());
        releases.add(leftBefore ? PoolEvents.keptChanged(change, pool, kept)
                : PoolEvents.released(change, pool, kept));
        giveAgain(endPreferences(agent.getAgentId()), "the next agent after its preferred agent left the pool");
    }

    /** The agent as this pool has it, for what the pool tells the agent's task. */
    private AgentStatusChanged asStatus(final PoolAgent agent) {
        return AgentStatusChanged.newBuilder().setAgentId(agent.getAgentId())
                .setStatus(agent.getOnline() ? AgentStatus.ONLINE : AgentStatus.OFFLINE).setTime(now)
                .setStatusSince(now).setQueues(agent.getQueues()).setCapacity(agent.getCapacity())
                .setQueueLevels(agent.getLevels()).setChannelCapacity(agent.getChannels()).build();
    }

    /**
     * An agent with free slots takes the most urgent waiting (or held) tickets it may: no other agent could. For each
     * queue it serves, a seek per scope it finds tickets under ({@link Routes#ticketScopesFor}) and channel it has a
     * slot for, and one for the tickets waiting for it as their preferred agent; an agent serving every queue reads
     * the pool's backlog in order and skips the tickets whose route it is not on. Linear in the number taken.
     */
    private void takeWaitingTickets(final PoolAgent agent) {
        final int free = freeCapacity(agent);
        if (!receives(agent) || free <= 0) {
            return;
        }
        final Set<String> passed = new HashSet<>(agent.getPassed());
        final Map<String, Integer> slots = Routes.freeSlots(agent);
        final Map<String, String> next = new TreeMap<>();  // rank -> ticket id, most urgent first
        for (final SortedIndex index : List.of(state.waiting(), state.arrivals())) {
            for (final String queue : agent.getQueues().stream().distinct().toList()) {
                final int level = Routes.level(agent, queue);
                slots.forEach((channel, room) -> {
                    if (room > 0) {
                        routes.ticketScopesFor(queue, level, channel).forEach(scope ->
                                index.head(Ranks.prefix(scope), room + passed.size()).forEach(entry ->
                                        next.put(Ranks.rank(entry.getKey()), entry.getValue())));
                    }
                });
            }
            // scopes that do not separate channels: read per channel, so that one channel's tickets do not hide
            // another's
            slots.forEach((channel, room) -> {
                final Predicate<PoolTicket> ofChannel = ticket -> !passed.contains(ticket.getTicket().getId())
                        && (channel.equals(Ranks.ANY_CHANNEL) || channel.equals(Routes.channel(ticket.getTicket())));
                if (state.waitingFor(agent.getAgentId()) > 0) {
                    headWhere(index, Ranks.prefix(Ranks.preferredScope(agent.getAgentId())), room,
                            id -> ofChannel.test(state.ticket(id)))
                            .forEach(entry -> next.put(Ranks.rank(entry.getKey()), entry.getValue()));
                }
                if (agent.getQueues().isEmpty()) {
                    headWhere(index, Ranks.prefix(Ranks.ANY_QUEUE), room, id -> {
                        final PoolTicket ticket = state.ticket(id);
                        return ofChannel.test(ticket) && Routes.takes(routes.route(ticket, wallClock), agent);
                    }).forEach(entry -> next.put(Ranks.rank(entry.getKey()), entry.getValue()));
                }
            });
        }
        for (final String ticketId : next.values()) {
            if (freeCapacity(agent) <= 0) {
                return;
            }
            final PoolTicket ticket = state.ticket(ticketId);
            if (passed.contains(ticketId) || ticket.getAgentId() != null || !fits(agent, ticket)) {
                continue;
            }
            final Route route = routes.route(ticket, wallClock);
            dequeue(ticket);
            final boolean overflow = !agent.getQueues().isEmpty() && !agent.getQueues().contains(route.queue())
                    && !route.preferred();
            final AgentCandidate self = new AgentCandidate(agent.getAgentId(),
                    Routes.freeSlots(agent, route.channel()), agent.getAvailableSince(),
                    overflow ? null : Routes.level(agent, route.queue()));
            final DecisionExplanation explanation = explanation(route.preferred() ? "preferred-agent"
                    : "agent-freed-capacity", List.of(self), route);
            if (overflow) {  // an agent of one of the step's overflow queues
                explanation.setOverflowQueue(route.alsoQueues().stream().filter(agent.getQueues()::contains)
                        .findFirst().orElse(null));
            }
            assign(ticket, agent, route.preferred() ? "its preferred agent freed a slot"
                    : "most urgent waiting ticket for an agent with a free slot", explanation);
        }
    }

    /** Whether the agent has a free slot for the ticket's channel. */
    private static boolean fits(final PoolAgent agent, final PoolTicket ticket) {
        return Routes.freeSlots(agent, Routes.channel(ticket.getTicket())) > 0;
    }


    /**
     * The first {@code limit} entries under the prefix whose ticket passes the test, in key order: read in growing
     * pages, for the few look-ups whose index does not separate what they skip.
     */
    private static List<Map.Entry<String, String>> headWhere(final SortedIndex index, final String prefix,
            final int limit, final Predicate<String> test) {
        int page = Math.max(limit, 8);
        while (true) {
            final List<Map.Entry<String, String>> head = index.head(prefix, page);
            final List<Map.Entry<String, String>> passing = head.stream().filter(entry -> test.test(entry.getValue()))
                    .limit(limit).toList();
            if (passing.size() >= limit || head.size() < page) {
                return passing;
            }
            page *= 4;
        }
    }

    /**
     * The offline agent's tickets go back to the backlog in their original place, then to whoever can take them: at
     * once, or, when arrivals are held, in the next drain together with the tickets held there. Those of queues that
     * another pool decides now go there.
     */
    private void requeueTickets(final PoolAgent agent) {
        final List<PoolTicket> tickets = agent.getTickets().stream().map(state::ticket)
                .sorted(Comparator.comparing(t -> waitingRank(t.getTicket())))
                .toList();
        agent.getTickets().clear();
        agent.getTicketChannels().clear();
        state.putAgent(agent);
        final List<PoolTicket> requeued = new ArrayList<>();
        for (final PoolTicket ticket : tickets) {
            withdrawOffer(ticket);
            ticket.setAgentId(null);
            final String queue = ticket.getTicket().getQueue();
            if (decides(queue)) {
                enqueue(ticket, Decision.REQUEUED, agent.getAgentId(), "agent went offline; back in the backlog");
                requeued.add(ticket);
            } else {
                state.removeTicket(ticket.getTicket().getId());
                decide(Decision.REQUEUED, ticket, agent.getAgentId(), "agent went offline; back to the backlog of "
                        + queue + ", which pool " + pools.ofQueue(queue) + " decides", null);
                handOver(ticket);
            }
        }
        for (final PoolTicket ticket : requeued) {
            giveAgain(ticket, "requeued from an offline agent");
        }
    }

    /**
     * A ticket back in the backlog goes to the best eligible agent, if there is one: at once, or, when arrivals are
     * held, in the next drain together with the tickets held there.
     */
    private void giveAgain(final PoolTicket ticket, final String reason) {
        final List<Candidate> candidates = availableAgents(ticket);
        if (candidates.isEmpty()) {
            return;
        }
        if (holdsArrivals) {
            markHeld(ticket);
        } else {
            dequeue(ticket);
            assign(ticket, candidates, reason);
        }
    }

    /** The agent accepted or declined its pending offer; a reply to no pending offer of its changes nothing. */
    private void onOfferReply(final OfferReply reply) {
        final PoolTicket ticket = state.ticket(reply.getTicketId());
        if (ticket == null || ticket.getOfferedAt() == null || !reply.getAgentId().equals(ticket.getAgentId())) {
            return;
        }
        final PoolAgent agent = state.agent(reply.getAgentId());
        if (!reply.getAccepted()) {
            passOn(List.of(pass(ticket, agent, OfferStep.DECLINED, reply.getReason() == null
                    ? "the agent declined the offer" : "the agent declined the offer: " + reply.getReason())));
        } else if (!reply.getTime().isBefore(ticket.getOfferExpiresAt())) {
            passOn(List.of(pass(ticket, agent, OfferStep.EXPIRED, "the offer expired before the agent accepted it")));
        } else {
            withdrawOffer(ticket);
            ticket.setAssignedAt(now);
            state.putTicket(ticket);
            agent.setMissedOffers(0);
            state.putAgent(agent);
            decide(Decision.ASSIGNED, ticket, agent.getAgentId(), "the agent accepted the offer", null,
                    OfferStep.ACCEPTED);
        }
    }

    /**
     * Runs the pool's timers that are due (at most {@code limit}, the earliest): offers expire, as if declined (an
     * agent that let {@code missed-before-away} offers in a row expire is set away), and wrap-ups end (the agent
     * takes waiting tickets with the slot).
     */
    public List<TicketAssignment> fireTimers(final int limit) {
        final List<PoolTicket> passed = new ArrayList<>();
        final List<Map.Entry<PoolTicket, String>> widened = new ArrayList<>();
        final Set<String> wrappedUp = new LinkedHashSet<>();
        for (final Map.Entry<String, String> timer : state.timers().head("", limit)) {
            if (Ranks.timerDue(timer.getKey()).isAfter(now)) {
                break;
            }
            if (Ranks.timerKind(timer.getKey()) == Ranks.OFFER_TIMER) {
                final PoolTicket ticket = state.ticket(timer.getValue());
                if (ticket != null && ticket.getOfferExpiresAt() != null
                        && offerTimer(ticket).equals(timer.getKey())) {  // not withdrawn by an earlier timer
                    passed.add(pass(ticket, state.agent(ticket.getAgentId()), OfferStep.EXPIRED,
                            "the offer expired unanswered"));
                }
            } else if (Ranks.timerKind(timer.getKey()) == Ranks.ROUTE_TIMER) {
                state.timers().remove(timer.getKey());
                final PoolTicket ticket = state.ticket(timer.getValue());
                if (ticket != null && timer.getKey().equals(ticket.getRouteTimer())) {
                    widened.add(widen(ticket, Ranks.timerDue(timer.getKey())));
                }
            } else {
                state.timers().remove(timer.getKey());
                final PoolAgent agent = state.agent(timer.getValue());
                unindex(agent);
                agent.getWrapUps().removeIf(wrap -> Ranks.timerKey(wrap.getUntil(), Ranks.WRAP_UP_TIMER,
                        Ranks.wrapUpId(agent.getAgentId(), wrap.getTicketId())).equals(timer.getKey()));
                index(agent);
                state.putAgent(agent);
                wrappedUp.add(agent.getAgentId());
            }
        }
        final List<PoolTicket> again = passedBack(passed);
        wrappedUp.forEach(agentId -> takeWaitingTickets(state.agent(agentId)));
        // the tickets passed on are given again after the agents whose wrap-ups ended took the most urgent they may;
        // decided at once (no arrivals held), they compete with the widened ones, most urgent first
        final boolean together = !holdsArrivals && !widened.isEmpty();
        if (!together) {
            giveAgain(again, PASSED_ON);
        }
        if (!widened.isEmpty() && !state.arrivals().head(Ranks.prefix(Ranks.ANY_QUEUE), 1).isEmpty()) {
            // tickets are held for a drain, maybe more urgent ones that the widened routes now compete with: the
            // widened tickets join them, and all are decided now, most urgent first
            widened.forEach(entry -> {
                final PoolTicket ticket = state.ticket(entry.getKey().getTicket().getId());
                if (ticket != null && ticket.getAgentId() == null && !ticket.getHeld()) {
                    markHeld(ticket);
                }
            });
            drain(limit);
            return decisions;
        }
        // at once, not held for a drain: the drain decides at the stream time, and the assignment happens now
        final List<Map.Entry<PoolTicket, String>> given = new ArrayList<>(widened);
        if (together) {
            again.forEach(ticket -> given.add(Map.entry(ticket, PASSED_ON)));
        }
        given.stream().sorted(Comparator.comparing(entry -> entry.getKey().getWaitingRank())).forEach(entry -> {
            final PoolTicket ticket = state.ticket(entry.getKey().getTicket().getId());
            final List<Candidate> candidates = ticket == null || ticket.getAgentId() != null || ticket.getHeld()
                    ? List.of() : availableAgents(ticket);
            if (!candidates.isEmpty()) {
                dequeue(ticket);
                assign(ticket, candidates, entry.getValue());
            }
        });
        return decisions;
    }

    /**
     * The waiting ticket's route widens (its next step, or the end of its wait for its preferred agent): it is
     * entered under its wider scopes, for the caller to give again.
     *
     * @return the ticket, with the reason of an assignment it gets now
     */
    private Map.Entry<PoolTicket, String> widen(final PoolTicket ticket, final Instant due) {
        final String preferred = ticket.getPreferredUntil() != null ? ticket.getTicket().getPreferredAgentId() : null;
        ticket.setRouteTimer(null);  // fired: removed already
        dequeue(ticket);
        if (preferred != null) {
            ticket.setPreferredUntil(null);
            ticket.setStepsFrom(due);
        }
        putInBacklog(ticket);
        final Route route = routes.route(ticket, wallClock);
        return Map.entry(ticket, preferred != null ? "its preferred agent " + preferred + " had no free slot in time"
                : "waited " + Duration.between(Routes.stepsFrom(ticket), due).toSeconds() + " s: now "
                + stepText(route).trim());
    }

    /**
     * The agent declined the offered ticket or let it expire: the agent never gets it again, and the ticket goes back
     * to its place in the backlog (for {@link #passOn}).
     *
     * @return the ticket as it is now
     */
    private PoolTicket pass(final PoolTicket ticket, final PoolAgent agent, final OfferStep step, final String reason) {
        final String ticketId = ticket.getTicket().getId();
        withdrawOffer(ticket);
        ticket.setAgentId(null);
        ticket.setPassedBy(append(ticket.getPassedBy(), agent.getAgentId()));
        if (ticket.getPreferredUntil() != null) {  // its preferred agent passed it: its queue's steps begin
            ticket.setPreferredUntil(null);
            ticket.setStepsFrom(wallClock);
        }
        unindex(agent);
        agent.getTickets().remove(ticketId);
        agent.getTicketChannels().remove(ticketId);
        agent.setPassed(append(agent.getPassed(), ticketId));
        if (step == OfferStep.EXPIRED) {
            agent.setMissedOffers(agent.getMissedOffers() + 1);
            if (agent.getOnline() && !agent.getAway() && agent.getMissedOffers() >= offers.missedBeforeAway()) {
                agent.setAway(true);
                setAway.add(agent.getAgentId());
                statusChanges.add(PoolEvents.statusSet(statusSet(agent, AgentStatus.AWAY, "let "
                        + agent.getMissedOffers() + (agent.getMissedOffers() == 1 ? " offer" : " offers")
                        + " in a row expire"), pool, agent.getStatusVersion()));
            }
        }
        index(agent);
        state.putAgent(agent);
        putInBacklog(ticket);
        decide(Decision.REQUEUED, ticket, agent.getAgentId(), reason + "; back in the backlog in its place", null,
                step);
        return ticket;
    }

    /**
     * After tickets were passed: the agents that passed them take the most urgent tickets they may (the passed ones
     * among the backlog, but not their own), then the passed tickets still waiting go, most urgent first, to the best
     * other agents with free capacity, with the other pending offers of the agents that went away meanwhile (withdrawn:
     * an away agent holds no offer). So all that the invariant needs is restored in order of urgency.
     */
    private void passOn(final List<PoolTicket> passed) {
        giveAgain(passedBack(passed), PASSED_ON);
    }

    /**
     * The first half of {@link #passOn}: the agents that passed the tickets take the most urgent they may, and the
     * agents that went away meanwhile have their offers withdrawn and their preferred tickets let go.
     *
     * @return the tickets to give again, to the best other agents
     */
    private List<PoolTicket> passedBack(final List<PoolTicket> passed) {
        final List<PoolTicket> again = new ArrayList<>(passed);
        setAway.forEach(agentId -> {
            again.addAll(withdrawOffers(state.agent(agentId), "the agent is away"));
            again.addAll(endPreferences(agentId));
        });
        setAway.clear();
        final Set<String> agents = new LinkedHashSet<>();
        passed.forEach(ticket -> agents.add(ticket.getPassedBy().get(ticket.getPassedBy().size() - 1)));
        for (final String agentId : agents) {
            final PoolAgent agent = state.agent(agentId);
            if (agent.getLeft()) {
                releases.add(PoolEvents.keptChanged(asStatus(agent), pool, List.copyOf(agent.getTickets())));
            } else {
                takeWaitingTickets(agent);
            }
        }
        return again;
    }

    /** Ends the ticket's pending offer, if it has one; the caller saves the ticket. */
    private void withdrawOffer(final PoolTicket ticket) {
        if (ticket.getOfferExpiresAt() != null) {
            state.timers().remove(offerTimer(ticket));
        }
        ticket.setOfferedAt(null);
        ticket.setOfferExpiresAt(null);
    }

    /** The ticket left the pool: the agents that passed it need not skip it any more. */
    private void forgetPassed(final PoolTicket ticket) {
        for (final String agentId : ticket.getPassedBy()) {
            final PoolAgent agent = state.agent(agentId);
            if (agent != null) {
                agent.setPassed(new ArrayList<>(agent.getPassed().stream()
                        .filter(id -> !id.equals(ticket.getTicket().getId())).toList()));
                state.putAgent(agent);
            }
        }
    }

    private static List<String> append(final List<String> list, final String element) {
        final List<String> appended = new ArrayList<>(list);
        appended.add(element);
        return appended;
    }

    /**
     * An agent the engine compares for a ticket: found under an available-agents key (free slots for the ticket's
     * channel, idle since) through a queue ({@code via}: the ticket's, an overflow queue, or every queue).
     *
     * @param level the agent's level in the ticket's queue; 0 for an agent found through an overflow queue
     */
    private record Candidate(String agentId, String key, int level, String via) {
    }

    /** Assigns to the first of the candidates (best first), explaining what put it ahead of the others. */
    private void assign(final PoolTicket ticket, final List<Candidate> candidates, final String reason) {
        final Route route = routes.route(ticket, wallClock);
        final List<AgentCandidate> compared = candidates.stream()
                .map(candidate -> new AgentCandidate(candidate.agentId(), ranks.freeSlots(candidate.key()),
                        ranks.idleSince(candidate.key()), candidate.level() == 0 ? null : candidate.level()))
                .toList();
        final Candidate winner = candidates.get(0);
        final DecisionExplanation explanation = explanation(route.preferred() ? "preferred-agent"
                : winningRule(candidates), compared, route);
        if (!winner.via().equals(route.queue()) && !winner.via().equals(Ranks.ANY_QUEUE)) {
            explanation.setOverflowQueue(winner.via());
        }
        assign(ticket, state.agent(winner.agentId()), reason, explanation);
    }

    /** An explanation of an assignment, with the ticket's route. */
    private static DecisionExplanation explanation(final String rule, final List<AgentCandidate> compared,
            final Route route) {
        return new DecisionExplanation(rule, compared, null, null, 0, route.preferred() ? null : route.step(),
                route.preferred() ? null : route.minLevel(), route.channel(), null);
    }

    private void assign(final PoolTicket ticket, final PoolAgent agent, final String reason,
            final DecisionExplanation explanation) {
        unindex(agent);
        agent.getTickets().add(ticket.getTicket().getId());
        agent.getTicketChannels().put(ticket.getTicket().getId(), Routes.channel(ticket.getTicket()));
        agent.setAvailableSince(now);
        index(agent);
        state.putAgent(agent);
        ticket.setAgentId(agent.getAgentId());
        ticket.setPreferredUntil(null);
        final Duration timeout = offers.timeout(ticket.getTicket().getQueue());
        if (timeout.isZero()) {
            ticket.setAssignedAt(now);
            state.putTicket(ticket);
            decide(Decision.ASSIGNED, ticket, agent.getAgentId(), reason, explanation);
            return;
        }
        ticket.setOfferedAt(wallClock);
        ticket.setOfferExpiresAt(wallClock.plus(timeout));
        state.timers().put(offerTimer(ticket), ticket.getTicket().getId());
        state.putTicket(ticket);
        decide(Decision.QUEUED, ticket, agent.getAgentId(), "offered: " + reason, explanation, OfferStep.OFFERED);
    }

    private static String offerTimer(final PoolTicket ticket) {
        return Ranks.timerKey(ticket.getOfferExpiresAt(), Ranks.OFFER_TIMER, ticket.getTicket().getId());
    }

    /** The agent order as it applied between the winner and the runner-up, as a short code (listed in the schema). */
    private String winningRule(final List<Candidate> candidates) {
        if (candidates.size() == 1) {
            return "only-candidate";
        }
        final Candidate winner = candidates.get(0);
        final Candidate next = candidates.get(1);
        if (agentOrder == AgentOrder.BEST_LEVEL && winner.level() != next.level()) {
            return "best-level";
        }
        final boolean free = ranks.freeSlots(winner.key()) != ranks.freeSlots(next.key());
        final boolean idle = !ranks.idleSince(winner.key()).equals(ranks.idleSince(next.key()));
        if (agentOrder == AgentOrder.LONGEST_IDLE) {
            return idle ? "longest-idle" : free ? "most-free-capacity" : "lowest-agent-id";
        }
        return free ? "most-free-capacity" : idle ? "longest-idle" : "lowest-agent-id";
    }

    /** Best first by the agent order: the level in the ticket's queue first for best-level, then the keys' order. */
    private Comparator<Candidate> agentOrder() {
        final Comparator<Candidate> byKey = Comparator.comparing(candidate -> Ranks.rank(candidate.key()));
        return agentOrder == AgentOrder.BEST_LEVEL
                ? Comparator.comparingInt(Candidate::level).reversed().thenComparing(byKey) : byKey;
    }

    /**
     * The best few agents with a free slot that the ticket's route takes and that did not pass it, best first; empty
     * when there are none. A seek per scope of the route ({@link Routes#agentScopesFor}).
     */
    private List<Candidate> availableAgents(final PoolTicket ticket) {
        final Route route = routes.route(ticket, wallClock);
        final List<String> passed = ticket.getPassedBy();
        if (route.preferred()) {
            final PoolAgent agent = state.agent(route.preferredAgent());
            final int free = agent == null || !receives(agent) ? 0 : Routes.freeSlots(agent, route.channel());
            return free <= 0 || passed.contains(agent.getAgentId()) ? List.of()
                    : List.of(new Candidate(agent.getAgentId(), ranks.availableKey(route.queue(), agent, free),
                            Routes.level(agent, route.queue()), route.queue()));
        }
        final Map<String, Candidate> found = new LinkedHashMap<>();
        for (final Map.Entry<String, String> scope : routes.agentScopesFor(route)) {
            for (final Map.Entry<String, String> entry
                    : state.available().head(Ranks.prefix(scope.getKey()), CANDIDATES + passed.size())) {
                if (!passed.contains(entry.getValue())) {
                    final boolean overflow = route.alsoQueues().contains(scope.getValue());
                    final Candidate candidate = new Candidate(entry.getValue(), entry.getKey(),
                            overflow ? 0 : Ranks.scopeLevel(entry.getKey()), scope.getValue());
                    found.merge(candidate.agentId(), candidate, (was, other) -> was.level() >= other.level() ? was
                            : other);  // an agent of the queue and of an overflow queue counts at its level
                }
            }
        }
        return found.values().stream().sorted(agentOrder()).limit(CANDIDATES).toList();
    }

    private String noAgentReason(final PoolTicket ticket) {
        final Route route = routes.route(ticket, wallClock);
        if (route.preferred()) {
            return "waits until " + route.nextChange() + " for its preferred agent " + route.preferredAgent()
                    + ", who has no free " + route.channel() + " slot";
        }
        final String queue = route.queue();
        final int online = onlineAgentsServing(queue);
        final String which = stepText(route) + (route.channel().equals(Routes.DEFAULT_CHANNEL) ? "" : " ("
                + route.channel() + ")");
        return online == 0 ? "no online agent serves " + queue + which
                : "none of the " + online + " online agents serving " + queue + which + " has a free slot for it";
    }

    private DecisionExplanation queuedExplanation(final PoolTicket ticket) {
        final Route route = routes.route(ticket, wallClock);
        final String queue = ticket.getTicket().getQueue();
        final int online = onlineAgentsServing(queue);
        final String rank = ticket.getWaitingRank();
        int ahead = 0;
        for (final int level : routes.properties().minLevels(queue)) {
            ahead += (int) state.waiting().head(Ranks.prefix(Ranks.scope(queue, Ranks.ANY_CHANNEL, level)),
                    AHEAD_LIMIT).stream().filter(entry -> Ranks.rank(entry.getKey()).compareTo(rank) < 0).count();
        }
        final String rule = route.preferred() ? "waiting-for-preferred-agent"
                : online == 0 ? "no-agent-online" : "all-at-capacity";
        final DecisionExplanation explanation = explanation(rule, List.of(), route);
        explanation.setAgentsOnline(online);
        explanation.setTicketsAhead(Math.min(ahead, AHEAD_LIMIT));
        explanation.setTicketsAheadLimit(AHEAD_LIMIT);
        return explanation;
    }

    private int onlineAgentsServing(final String queue) {
        return state.onlineAgents(queue) + state.onlineAgents(Ranks.ANY_QUEUE);
    }

    /** Whether this pool decides the queue's tickets (it may have been another's before the configuration changed). */
    private boolean decides(final String queue) {
        return pools.ofQueue(queue).equals(pool);
    }

    /** Sends the ticket, with its status, to the router for its queue's pool; it is no longer in this pool. */
    private void handOver(final PoolTicket ticket) {
        forgetPassed(ticket);
        final TicketCreated created = ticket.getTicket();
        handovers.add(PoolEvents.handedOver(created, TicketStatusChanged.newBuilder().setTicketId(created.getId())
                .setStatus(ticket.getStatus()).setStatusReason(ticket.getStatusReason()).setTime(now).build(), pool,
                pools.ofQueue(created.getQueue())));
    }

    /** Puts the ticket in the backlog; its rank is kept with it, so it leaves by the same keys even if config changes. */
    private void enqueue(final PoolTicket ticket, final Decision decision, final String agentId, final String reason) {
        putInBacklog(ticket);
        decide(decision, ticket, agentId, reason, queuedExplanation(ticket));
    }

    /**
     * Holds the ticket undecided for the next {@link #drain()}: in the arrivals index (by its route's scopes and
     * waiting rank, like the backlog), not yet in the backlog.
     */
    private void hold(final PoolTicket ticket) {
        ticket.setHeld(true);
        enter(ticket, state.arrivals());
        held = true;
    }

    /** Moves a ticket from the backlog to the held arrivals, keeping its rank. */
    private void markHeld(final PoolTicket ticket) {
        dequeue(ticket);
        hold(ticket);
    }

    /** Puts the ticket in the backlog, with a timer for when its route widens. */
    private void putInBacklog(final PoolTicket ticket) {
        final Route route = enter(ticket, state.waiting());
        if (route.nextChange() != null) {
            final String timer = Ranks.timerKey(route.nextChange(), Ranks.ROUTE_TIMER, ticket.getTicket().getId());
            state.timers().put(timer, ticket.getTicket().getId());
            ticket.setRouteTimer(timer);
            state.putTicket(ticket);
        }
    }

    /**
     * Enters the ticket in the index under {@link Ranks#ANY_QUEUE} and its route's scopes, by its waiting rank; the
     * keys are kept with it, so it leaves by the same keys even if the configuration changes.
     */
    private Route enter(final PoolTicket ticket, final SortedIndex index) {
        final TicketCreated created = ticket.getTicket();
        if (ticket.getPreferredUntil() != null && !wallClock.isBefore(ticket.getPreferredUntil())) {
            ticket.setStepsFrom(ticket.getPreferredUntil());  // its wait for its preferred agent ended while held
            ticket.setPreferredUntil(null);
        }
        final String rank = waitingRank(created);
        final Route route = routes.route(ticket, wallClock);
        final List<String> keys = new ArrayList<>();
        keys.add(Ranks.prefix(Ranks.ANY_QUEUE) + rank);
        routes.ticketScopes(route).forEach(scope -> keys.add(Ranks.prefix(scope) + rank));
        keys.forEach(key -> index.put(key, created.getId()));
        if (route.preferred()) {
            state.countWaitingFor(route.preferredAgent(), 1);
        }
        ticket.setWaitingRank(rank);
        ticket.setIndexKeys(keys);
        ticket.setRouteStep(Math.max(0, route.step()));
        state.putTicket(ticket);
        return route;
    }

    /** Takes the ticket out of the backlog, or out of the arrivals if held; the caller saves or removes the ticket. */
    private void dequeue(final PoolTicket ticket) {
        final SortedIndex index = ticket.getHeld() ? state.arrivals() : state.waiting();
        final List<String> keys = indexKeys(ticket);
        keys.forEach(index::remove);
        final String preferred = ticket.getTicket().getPreferredAgentId();
        if (preferred != null && keys.stream()
                .anyMatch(key -> key.startsWith(Ranks.prefix(Ranks.preferredScope(preferred))))) {
            state.countWaitingFor(preferred, -1);
        }
        if (ticket.getRouteTimer() != null) {
            state.timers().remove(ticket.getRouteTimer());
        }
        ticket.setRouteTimer(null);
        ticket.setIndexKeys(null);
        ticket.setHeld(false);
        ticket.setWaitingRank(null);
    }

    /**
     * The keys a waiting or held ticket is indexed under, as it keeps them; a ticket entered before routes has none
     * kept and is under its queue and every queue, by its rank (as kept, or under the current rules if written before
     * ranks were kept).
     */
    private List<String> indexKeys(final PoolTicket ticket) {
        if (ticket.getIndexKeys() != null) {
            return ticket.getIndexKeys();
        }
        final String rank = ticket.getWaitingRank() != null ? ticket.getWaitingRank() : waitingRank(ticket.getTicket());
        return List.of(Ranks.prefix(ticket.getTicket().getQueue()) + rank, Ranks.prefix(Ranks.ANY_QUEUE) + rank);
    }

    /** The ticket's rank in the backlog and arrivals indexes under the current rules. */
    private String waitingRank(final TicketCreated ticket) {
        return Ranks.rank(ranks.waitingKey(Ranks.ANY_QUEUE, ticket));
    }

    /** Whether the agent is given tickets: online, not away, not finishing its tickets before going offline. */
    private static boolean receives(final PoolAgent agent) {
        return agent.getOnline() && !agent.getAway() && !agent.getFinishing();
    }

    /**
     * Enters a stored ticket in the indexes as its record says (its index keys and timers); the indexes are derived
     * from the records, so the task builds them again when it starts rather than keeping changelogs of them.
     *
     * @param backlog whether to enter a waiting (not held) ticket in the backlog, which a task may have kept
     */
    void reindex(final PoolTicket ticket, final boolean backlog) {
        final String id = ticket.getTicket().getId();
        if (ticket.getAgentId() != null) {
            if (ticket.getOfferedAt() != null) {
                state.timers().put(offerTimer(ticket), id);
            }
            return;
        }
        if (ticket.getHeld() || backlog) {
            final SortedIndex index = ticket.getHeld() ? state.arrivals() : state.waiting();
            indexKeys(ticket).forEach(key -> index.put(key, id));
        }
        if (ticket.getRouteTimer() != null) {
            state.timers().put(ticket.getRouteTimer(), id);
        }
    }

    /** Enters a stored agent in the indexes: among the available agents, and its wrap-ups' ends among the timers. */
    void reindex(final PoolAgent agent) {
        index(agent);
        agent.getWrapUps().forEach(wrap -> state.timers().put(Ranks.timerKey(wrap.getUntil(), Ranks.WRAP_UP_TIMER,
                Ranks.wrapUpId(agent.getAgentId(), wrap.getTicketId())), agent.getAgentId()));
    }

    /** Adds the agent to the available-agents index, under each of its scopes with a free slot. */
    private void index(final PoolAgent agent) {
        availableKeys(agent).forEach(key -> state.available().put(key, agent.getAgentId()));
    }

    /** Removes the agent from the index; call before changing what its keys are made of. */
    private void unindex(final PoolAgent agent) {
        availableKeys(agent).forEach(key -> state.available().remove(key));
    }

    /**
     * The agent's keys in the available-agents index: for each queue it serves, at its level there, for each channel
     * it has a free slot for (or every channel); none when it takes nothing.
     */
    private List<String> availableKeys(final PoolAgent agent) {
        if (!receives(agent) || freeCapacity(agent) <= 0) {
            return List.of();
        }
        final List<String> keys = new ArrayList<>();
        final Map<String, Integer> slots = Routes.freeSlots(agent);
        for (final String queue : servedQueues(agent)) {
            final int level = Routes.level(agent, queue);
            slots.forEach((channel, free) -> {
                if (free > 0) {
                    keys.add(ranks.availableKey(Ranks.scope(queue, channel, level), agent, free));
                }
            });
        }
        return keys;
    }

    private void countOnline(final PoolAgent agent, final int delta) {
        if (agent.getOnline()) {
            servedQueues(agent).forEach(queue -> state.countOnlineAgents(queue, delta));
        }
    }

    /** Each queue once: an agent listing one twice would otherwise take the head of its backlog twice. */
    private static List<String> servedQueues(final PoolAgent agent) {
        return agent.getQueues().isEmpty() ? List.of(Ranks.ANY_QUEUE) : agent.getQueues().stream().distinct().toList();
    }

    private static int freeCapacity(final PoolAgent agent) {
        return Ranks.freeCapacity(agent);
    }

    private void decide(final Decision decision, final PoolTicket ticket, final String agentId, final String reason,
            final DecisionExplanation explanation) {
        decide(decision, ticket, agentId, reason, explanation, null);
    }

    /** @param step the step of an offer the decision is, with {@code decision} its nearest meaning without offers */
    private void decide(final Decision decision, final PoolTicket ticket, final String agentId, final String reason,
            final DecisionExplanation explanation, final OfferStep step) {
        if (agentId != null && (step == null || step == OfferStep.ACCEPTED)) {  // not an offer's other steps
            listsChanged.add(agentId);
        }
        decisions.add(TicketAssignment.newBuilder()
                .setTicketId(ticket.getTicket().getId())
                .setDecision(decision)
                .setAgentId(agentId)
                .setTime(now)
                .setReason(reason)
                .setTicketStatus(ticket.getStatus())
                .setStatusReason(ticket.getStatusReason())
                .setTicket(ticket.getTicket())
                .setExplanation(explanation)
                .setOffer(step)
                .setOfferExpiresAt(step == OfferStep.OFFERED ? ticket.getOfferExpiresAt() : null)
                .setPool(pool)
                .build());
    }
}
