package net.oneview.chatticket.assignment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import net.oneview.chatticket.events.TicketCreated;

/** Why a created ticket cannot be assigned, if it cannot: a ticket needs an id, a queue and a JSON object as content. */
final class TicketCheck {

    /** As strict as the HTTP side's Jackson 3 reader: nothing after the object, at most 500 levels deep. */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(500).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private TicketCheck() {
    }

    /** @return the problem, or null when the ticket is fine */
    static String problem(final TicketCreated ticket) {
        if (ticket.getId().isBlank()) {
            return "ticket has no id";
        }
        if (ticket.getQueue().isBlank() || ticket.getQueue().indexOf(Ranks.SEP) >= 0
                || Ranks.ANY_QUEUE.equals(ticket.getQueue())) {
            return "ticket has no valid queue: '" + ticket.getQueue() + "'";
        }
        try {
            if (!JSON.readTree(ticket.getContent()).isObject()) {
                return "ticket content is not a JSON object";
            }
        } catch (JacksonException e) {
            return "ticket content is not JSON: " + e.getOriginalMessage();
        }
        return null;
    }
}
