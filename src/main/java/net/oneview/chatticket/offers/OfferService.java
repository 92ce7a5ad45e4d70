package net.oneview.chatticket.offers;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import net.oneview.chatticket.agent.AgentPublisher;
import net.oneview.chatticket.agent.AgentChanges;
import net.oneview.chatticket.agent.AgentViews;
import net.oneview.chatticket.assignment.PoolEvents;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.OfferReply;
import net.oneview.chatticket.streams.Topics;
import net.oneview.chatticket.tickets.TicketList;
import net.oneview.chatticket.tickets.TicketResponse;
import net.oneview.chatticket.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an agent's offers from its task's stores and turns its answers into offer replies for its pool (on
 * pool-releases, key = agent id, which the agent's task reads and sends on to its pool). An answer is given only once
 * the agent's own view shows its outcome, so that a GET right after it agrees with it.
 */
@Service
class OfferService {

    private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(5);

    private final AgentViews views;
    private final AgentPublisher publisher;
    private final Topics topics;
    private final TicketList list;
    private final JsonMapper json;
    private final PendingOffers pending;
    private final AgentChanges changes;
    private final Clock clock;

    OfferService(final AgentViews views, final AgentPublisher publisher, final Topics topics, final TicketList list,
            final JsonMapper json, final PendingOffers pending, final AgentChanges changes, final Clock clock) {
        this.pending = pending;
        this.changes = changes;
        this.views = views;
        this.publisher = publisher;
        this.topics = topics;
        this.list = list;
        this.json = json;
        this.clock = clock;
    }

    List<OfferResponse> pending(final String agentId, final String authorization) {
        return pending.of(offersOf(agentId, authorization));
    }

    /**
     * The ticket as the agent's tickets list it, once accepted; at once when the agent's view shows it accepted
     * already (an accept sent again), listed or not yet.
     */
    TicketResponse accept(final String agentId, final String ticketId, final String authorization) {
        final AgentView view = agent(agentId, authorization);
        final Optional<TicketResponse> accepted = accepted(view, ticketId);
        if (accepted.isPresent()) {
            return accepted.get();
        }
        requirePending(offer(view, ticketId));
        reply(agentId, ticketId, true, null);
        return outcome(agentId, () -> agent(agentId, authorization), now -> {
            final Optional<TicketResponse> outcome = accepted(now, ticketId);
            if (outcome.isEmpty()) {
                requirePending(offer(now, ticketId));  // expired before the answer reached the pool: 409
            }
            return outcome;
        });
    }

    /**
     * The ticket if the view shows the offer accepted (its latest step): as the agent's list shows it, or as the step
     * does once it is no longer listed (closed since). The list, read from the pool, may show the ticket before the
     * agent's offers show the step: the answer waits for the step, so that a GET of the offers right after it agrees.
     */
    private Optional<TicketResponse> accepted(final AgentView view, final String ticketId) {
        return latestStep(view, ticketId)
                .filter(step -> step.getOffer() == OfferStep.ACCEPTED)
                .map(step -> held(view, ticketId).orElseGet(() -> TicketResponse.accepted(step, json)));
    }

    /** The ticket as it was offered, once the agent's view shows the offer declined. */
    TicketResponse decline(final String agentId, final String ticketId, final String reason,
            final String authorization) {
        final TicketAssignment offer = offer(offersOf(agentId, authorization), ticketId);
        requirePending(offer);
        reply(agentId, ticketId, false, reason);
        return outcome(agentId, () -> offersOf(agentId, authorization), now -> {
            final TicketAssignment step = offer(now, ticketId);
            if (PendingOffers.pending(step)) {
                return Optional.empty();
            }
            if (step.getOffer() != OfferStep.DECLINED) {
                throw conflict(ticketId + " was " + step.getDecision() + " before the decline reached its pool");
            }
            return Optional.of(OfferResponse.ticket(step, json));
        });
    }

    private void reply(final String agentId, final String ticketId, final boolean accepted, final String reason) {
        publisher.send(topics.poolReleases.name(), agentId, PoolEvents.offerReply(
                new OfferReply(agentId, ticketId, accepted, reason, clock.instant())), "offer reply");
    }

    /**
     * Waits until {@code outcome} finds one in the agent's view as {@code read} reads it (or throws), for a few seconds
     * at most: the view is read again at each change of the agent's that this instance hears of
     * ({@link AgentChanges#await}).
     */
    private <T> T outcome(final String agentId, final Supplier<AgentView> read,
            final Function<AgentView, Optional<T>> outcome) {
        return changes.await(agentId, OUTCOME_TIMEOUT, () -> outcome.apply(read.get()))
                .orElseThrow(() -> ApiException.unavailable("the answer to the offer is not in the agent's view yet"));
    }

    private AgentView agent(final String agentId, final String authorization) {
        return views.find(agentId, authorization)
                .orElseThrow(() -> ApiException.notFound("agent " + agentId + " never seen"));
    }

    /** The agent with its offers, without its tickets (not read): all that a decline or the pending offers need. */
    private AgentView offersOf(final String agentId, final String authorization) {
        return views.withoutTickets(agentId, authorization)
                .orElseThrow(() -> ApiException.notFound("agent " + agentId + " never seen"));
    }

    private Optional<TicketResponse> held(final AgentView view, final String ticketId) {
        return list.of(view).stream().filter(ticket -> ticket.id().equals(ticketId)).findFirst();
    }

    /** The latest step of the offer of the ticket to the agent; 404 if it was never offered to the agent. */
    private static TicketAssignment offer(final AgentView view, final String ticketId) {
        return latestStep(view, ticketId)
                .orElseThrow(() -> ApiException.notFound("ticket " + ticketId + " was never offered to the agent"));
    }

    private static Optional<TicketAssignment> latestStep(final AgentView view, final String ticketId) {
        return view.getOffers().stream().filter(offer -> offer.getTicketId().equals(ticketId)).findFirst();
    }

    private static void requirePending(final TicketAssignment offer) {
        if (!PendingOffers.pending(offer)) {
            throw conflict("the offer of " + offer.getTicketId() + " is not pending: " + offer.getDecision()
                    + (offer.getOffer() == null ? "" : " " + offer.getOffer()));
        }
    }


    private static ApiException conflict(final String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail);
    }
}
