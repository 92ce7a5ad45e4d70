package net.oneview.chatticket.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.oneview.chatticket.assignment.OfferProperties;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.streams.QuietCommit;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies the steps of offers made to agents (decisions re-keyed by agent id; the pool sends only those about offers)
 * to {@value AgentViews#OFFERS_STORE}: the latest step per ticket, so that the agent's answer can be told apart as
 * pending, too late or never offered; an offer withdrawn (the agent went offline, the ticket closed) keeps that
 * decision, and so does an accepted one whose ticket was taken back (requeued). After each change it counts one more
 * in the agent's own part of its list's version, in the agent's entry (see {@link AgentViews}): live streams
 * follow the entries' changelog (on this instance they are told at once, by the {@link AgentObserver}). Ended offers
 * are forgotten after {@code retention}, at about one offer in {@value #PRUNE_EVERY} the agent gets.
 */
public final class AgentOffersProcessor implements Processor<String, TicketAssignment, Void, Void> {

    private QuietCommit quiet;
    private KeyValueStore<String, AgentView> views;
    private KeyValueStore<String, TicketAssignment> offers;
    private final Duration retention;
    private final AgentObserver observer;

    /**
     * How long an ended offer is remembered: long enough to answer a late answer with 409 rather than 404, short
     * enough that reading an agent (which reads its kept offers) stays cheap whatever the agent's history (kept as
     * long as a ticket's decisions, 7 days, a busy agent's every read would read thousands).
     */
    public static final Duration ENDED_OFFER_RETENTION = Duration.ofMinutes(10);

    /** @param retention how long an ended offer is remembered ({@link #ENDED_OFFER_RETENTION}) */
    public AgentOffersProcessor(final Duration retention) {
        this(retention, AgentObserver.NONE);
    }

    /** @param observer told of each new version (this instance's live streams, waiting requests) */
    public AgentOffersProcessor(final Duration retention, final AgentObserver observer) {
        this.retention = retention;
        this.observer = observer;
    }

    /**
     * Ended offers are looked for at about one offer in this many (by the ticket's id): each look reads all the
     * agent's kept offers, so looking at every offer would cost as much per offer as the agent has had.
     */
    static final int PRUNE_EVERY = 16;

    /**
     * Whether the pool sends the decision to the agent's task: a step of an offer, or, while any queue's tickets are
     * offered, a ticket leaving an agent (closed, requeued), which ends an offer pending or accepted (whatever its
     * queue's timeout is now: it may have changed since the offer).
     */
    public static boolean aboutOffers(final TicketAssignment decision, final OfferProperties offers) {
        return decision.getAgentId() != null && (decision.getOffer() != null
                || offers.on() && (decision.getDecision() == Decision.CLOSED
                        || decision.getDecision() == Decision.REQUEUED));
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.quiet = new QuietCommit(context);
        this.views = context.getStateStore(AgentViews.STORE);
        this.offers = context.getStateStore(AgentViews.OFFERS_STORE);
    }

    @Override
    public void process(final Record<String, TicketAssignment> record) {
        quiet.read();
        if (applyToOffer(record.key(), record.value())) {
            final AgentView view = AgentViews.load(views, record.key());
            view.setTicketsVersion(view.getTicketsVersion() + 1);
            views.put(record.key(), view);
            quiet.wrote();
            observer.counted(record.key(), AgentViews.OWN_PART, view.getTicketsVersion());
        }
    }

    /** @return whether the agent's pending offers changed */
    private boolean applyToOffer(final String agentId, final TicketAssignment decision) {
        final String key = AgentViews.ticketKey(agentId, decision.getTicketId());
        if (decision.getOffer() == OfferStep.OFFERED
                && Math.floorMod(decision.getTicketId().hashCode(), PRUNE_EVERY) == 0) {
            forgetEndedOffers(agentId, decision.getTime().minus(retention));
        }
        if (decision.getOffer() != null) {
            offers.put(key, decision);
            return true;
        }
        final boolean withdrawn = decision.getDecision() == Decision.REQUEUED
                || decision.getDecision() == Decision.CLOSED;
        final TicketAssignment offer = withdrawn ? offers.get(key) : null;
        // an accepted ticket taken back from the agent (it went offline) is no longer the agent's: an accept sent
        // again is then a conflict; one closed since stays accepted
        if (offer != null && (offer.getOffer() == OfferStep.OFFERED
                || offer.getOffer() == OfferStep.ACCEPTED && decision.getDecision() == Decision.REQUEUED)) {
            offers.put(key, decision);
            return true;
        }
        return false;
    }

    private void forgetEndedOffers(final String agentId, final Instant before) {
        final List<String> ended = new ArrayList<>();
        try (KeyValueIterator<String, TicketAssignment> entries = offers.prefixScan(
                AgentViews.ticketKey(agentId, ""), new StringSerializer())) {
            entries.forEachRemaining(entry -> {
                if (entry.value.getOffer() != OfferStep.OFFERED && entry.value.getTime().isBefore(before)) {
                    ended.add(entry.key);
                }
            });
        }
        ended.forEach(offers::delete);
    }
}
