package net.oneview.chatticket.assignment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import net.oneview.chatticket.events.Customer;
import net.oneview.chatticket.events.Metadata;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.streams.InputCheck;

/**
 * Why a created ticket cannot be assigned, if it cannot: a ticket needs an id, a queue and a JSON object as content,
 * and must fit, with room to spare, in every record that carries it (see
 * {@link AssignmentProperties#maxTicketChars()}); and why a status change cannot be applied (its reason must fit
 * too).
 */
final class TicketCheck {

    /** As strict as the HTTP side's Jackson 3 reader: nothing after the object, at most 500 levels deep. */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(500).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private TicketCheck() {
    }

    /** @return the problem, or null when the ticket is fine */
    static String problem(final TicketCreated ticket, final int maxChars) {
        if (ticket.getId().isBlank()) {
            return "ticket has no id";
        }
        if (!Pools.isQueueName(ticket.getQueue())) {
            return "ticket has no valid queue: '" + InputCheck.quoted(ticket.getQueue()) + "'";
        }
        final long size = textSize(ticket);
        if (size > maxChars) {
            return "ticket is too large: " + size + " characters of text, at most " + maxChars;
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

    /**
     * The ticket as its decision carries it: a ticket too large to carry (the input may be as large as the broker
     * takes, and a decision adds to it) keeps what names it, with its queue cut as a reason quotes it, and loses
     * its text.
     */
    static TicketCreated carried(final TicketCreated ticket, final int maxChars) {
        if (textSize(ticket) <= maxChars) {
            return ticket;
        }
        return TicketCreated.newBuilder().setId(ticket.getId()).setCreatedAt(ticket.getCreatedAt())
                .setQueue(InputCheck.quoted(ticket.getQueue())).setContent("{}").setPriority(ticket.getPriority())
                .build();
    }

    /**
     * @return why a status change cannot be applied (its reason, copied onto the ticket and every decision about it,
     *     would take a record past the limit), or null when it can
     */
    static String problem(final TicketStatusChanged change, final int maxChars) {
        final long size = length(change.getStatusReason());
        return size > maxChars ? "status change is too large: " + size + " characters of reason, at most " + maxChars
                : null;
    }

    private static long textSize(final TicketCreated ticket) {
        long size = ticket.getId().length() + ticket.getQueue().length() + ticket.getContent().length()
                + length(ticket.getChannel()) + length(ticket.getStatusReason());
        if (ticket.getMetadata() != null) {
            final Metadata metadata = ticket.getMetadata();
            size += length(metadata.getCcr()) + length(metadata.getAgentJwt()) + length(metadata.getRoomId())
                    + length(metadata.getRoomName()) + length(metadata.getRoomSubscriptionToken())
                    + length(metadata.getOrderId())
                    + metadata.getAgentAccesses().stream().mapToLong(TicketCheck::length).sum();
        }
        if (ticket.getCustomer() != null) {
            final Customer customer = ticket.getCustomer();
            size += length(customer.getId()) + length(customer.getFirstName()) + length(customer.getLastName());
        }
        return size;
    }

    private static long length(final CharSequence text) {
        return text == null ? 0 : text.length();
    }
}
