package net.oneview.chatticket.bench;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import org.HdrHistogram.Histogram;

/**
 * What make bench's offers phases check on ticket-assignments as it is written (read_committed, each ticket's
 * decisions in order, its topic being keyed by ticket id), and how late expired offers move on.
 *
 * <p>The guarantees of offers it counts the breaches of: a ticket is offered or held by one agent at a time (no
 * {@code OFFERED} or {@code ASSIGNED} while another offer of it is pending or an agent holds it), an assignment is the
 * acceptance of the ticket's pending offer to that agent, an answer or expiry ends the offer pending to that agent, and
 * a ticket is never offered again to an agent that declined it or let it expire. Of the tickets the bench created,
 * it tells those never decided at all (lost) from those decided but not closed yet (waiting or offered), which the
 * bench waits for once it stops creating.
 *
 * <p>Lateness: an offer expired at its {@code offerExpiresAt}; the ticket's next {@code OFFERED} decision was seen
 * (by this reader) that much later, and was made that much later by the pool's wall clock: its own
 * {@code offerExpiresAt} less the timeout (the decision's {@code time} is the pool's stream time in a drain, not the
 * wall clock).
 */
final class OfferLedger {

    private static final int EXAMPLES = 5;

    /** Ticket to the agent its pending offer is to, and when that offer expires. */
    private final Map<String, Map.Entry<String, Instant>> offered = new HashMap<>();
    /** Ticket to the agent holding it (an offer accepted). */
    private final Map<String, String> holders = new HashMap<>();
    /** Ticket to the agents that declined it or let it expire. */
    private final Map<String, Set<String>> passedBy = new HashMap<>();
    /** Ticket whose offer expired, to when it expired: waiting for its next offer. */
    private final Map<String, Instant> expired = new HashMap<>();
    private final Set<String> created = new HashSet<>();
    private final Set<String> decided = new HashSet<>();
    private final Set<String> closed = new HashSet<>();
    private final Map<String, String> examples = new LinkedHashMap<>();
    private final Histogram seenLate = new Histogram(60_000L, 3);
    private final Histogram decidedLate = new Histogram(60_000L, 3);
    private final long timeoutMillis;
    private boolean measuring;
    private int offers;
    private int accepted;
    private int expiries;
    private int declines;
    private int twice;
    private int withoutOffer;
    private int offeredAgain;

    /** @param offerTimeout the service's {@code chat-ticket.offers.timeout} */
    OfferLedger(final java.time.Duration offerTimeout) {
        this.timeoutMillis = offerTimeout.toMillis();
    }

    /** A ticket the bench created: it must end CLOSED. */
    synchronized void created(final String ticketId) {
        created.add(ticketId);
    }

    /** Whether lateness is recorded (after a warm-up). */
    synchronized void measuring(final boolean on) {
        measuring = on;
    }

    /** The next decision read, seen at {@code seenAt} (wall clock). */
    synchronized void add(final TicketAssignment decision, final Instant seenAt) {
        final String ticket = decision.getTicketId();
        final String agent = decision.getAgentId();
        final OfferStep step = decision.getOffer();
        decided.add(ticket);
        if (step == OfferStep.OFFERED) {
            offers++;
            if (offered.containsKey(ticket) || holders.containsKey(ticket)) {
                breach(ticket, "offered to " + agent + " while " + (offered.containsKey(ticket) ? "offered to "
                        + offered.get(ticket).getKey() : "held by " + holders.get(ticket)));
                twice++;
            }
            if (passedBy.getOrDefault(ticket, Set.of()).contains(agent)) {
                breach(ticket, "offered again to " + agent + ", which passed it");
                offeredAgain++;
            }
            final Instant expiredAt = expired.remove(ticket);
            if (expiredAt != null && measuring) {
                seenLate.recordValue(Math.max(0, seenAt.toEpochMilli() - expiredAt.toEpochMilli()));
                decidedLate.recordValue(Math.max(0, decision.getOfferExpiresAt().toEpochMilli() - timeoutMillis
                        - expiredAt.toEpochMilli()));
            }
            offered.put(ticket, Map.entry(agent, decision.getOfferExpiresAt()));
            return;
        }
        if (step == OfferStep.DECLINED || step == OfferStep.EXPIRED) {
            final Map.Entry<String, Instant> offer = offered.remove(ticket);
            if (offer == null || !offer.getKey().equals(agent)) {
                breach(ticket, step + " by " + agent + " but " + (offer == null ? "no offer" : "the offer to "
                        + offer.getKey()) + " was pending");
                withoutOffer++;
            } else if (step == OfferStep.EXPIRED) {
                expiries++;
                expired.put(ticket, offer.getValue());
            } else {
                declines++;
            }
            passedBy.computeIfAbsent(ticket, t -> new HashSet<>()).add(agent);
            return;
        }
        switch (decision.getDecision()) {
            case ASSIGNED -> {
                accepted++;
                final Map.Entry<String, Instant> offer = offered.remove(ticket);
                final String holder = holders.put(ticket, agent);
                if (holder != null) {
                    breach(ticket, "assigned to " + agent + " while held by " + holder);
                    twice++;
                } else if (offer == null || !offer.getKey().equals(agent)) {
                    breach(ticket, "assigned to " + agent + " but " + (offer == null ? "no offer" : "the offer to "
                            + offer.getKey()) + " was pending");
                    withoutOffer++;
                }
            }
            case REQUEUED, CLOSED, REJECTED -> {
                offered.remove(ticket);
                holders.remove(ticket);
                expired.remove(ticket);
                if (decision.getDecision() == Decision.CLOSED) {
                    closed.add(ticket);
                    passedBy.remove(ticket);
                }
            }
            default -> {
            }
        }
    }

    private void breach(final String ticket, final String what) {
        if (examples.size() < EXAMPLES) {
            examples.put(ticket, what);
        }
    }

    /** Tickets created and not (yet) seen closed. */
    synchronized int open() {
        return (int) created.stream().filter(ticket -> !closed.contains(ticket)).count();
    }

    /** Tickets created and never decided at all. */
    synchronized int undecided() {
        return (int) created.stream().filter(ticket -> !decided.contains(ticket)).count();
    }

    synchronized int created() {
        return created.size();
    }

    /** The breaches of the guarantees, as one line each, for the phase's failure; empty when they all hold. */
    synchronized java.util.List<String> breaches() {
        final java.util.List<String> breaches = new java.util.ArrayList<>();
        if (twice > 0) {
            breaches.add(twice + " tickets offered or assigned while offered to or held by another agent");
        }
        if (withoutOffer > 0) {
            breaches.add(withoutOffer + " assignments or offer answers without that agent's offer pending");
        }
        if (offeredAgain > 0) {
            breaches.add(offeredAgain + " offers to an agent that had passed the ticket");
        }
        if (!examples.isEmpty()) {
            breaches.add("e.g. " + examples);
        }
        return breaches;
    }

    synchronized int offers() {
        return offers;
    }

    synchronized int accepted() {
        return accepted;
    }

    synchronized int expiries() {
        return expiries;
    }

    synchronized int declines() {
        return declines;
    }

    /** Expired offer to the ticket's next offer, seen by the bench's read_committed reader, in milliseconds. */
    synchronized Histogram seenLate() {
        return seenLate.copy();
    }

    /** Expired offer to the ticket's next offer as the pool made it (by its wall clock), in milliseconds. */
    synchronized Histogram decidedLate() {
        return decidedLate.copy();
    }
}
