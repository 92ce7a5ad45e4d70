package net.oneview.chatticket.offers;

import java.util.Comparator;
import java.util.List;
import net.oneview.chatticket.assignment.OfferProperties;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.AgentView;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent's pending offers as the API shows them, earliest to expire first: for {@code GET /v1/{agentID}/offers} and
 * for the live stream's {@code event: offers}.
 */
@Component
public class PendingOffers {

    private final OfferProperties offers;
    private final JsonMapper json;

    PendingOffers(final OfferProperties offers, final JsonMapper json) {
        this.offers = offers;
        this.json = json;
    }

    /** Whether any queue's tickets are offered: only then do live streams send offers. */
    public boolean on() {
        return offers.on();
    }

    /** The offers the agent has not answered yet; the view is read with its offers (store 'agent-offers'). */
    public List<OfferResponse> of(final AgentView view) {
        return view.getOffers().stream()
                .filter(PendingOffers::pending)
                .sorted(Comparator.comparing(TicketAssignment::getOfferExpiresAt))
                .map(offer -> OfferResponse.of(offer, json))
                .toList();
    }

    static boolean pending(final TicketAssignment offer) {
        return offer.getOffer() == OfferStep.OFFERED;
    }
}
