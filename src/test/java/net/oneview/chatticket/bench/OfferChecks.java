package net.oneview.chatticket.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the offers phases end: waiting until every ticket created is closed, then the offer counts added to the
 * phase's figures and printed, and the phase failed on a breach of the offers' guarantees.
 */
final class OfferChecks {

    private OfferChecks() {
    }

    /**
     * Until the ledger has seen every ticket created closed, with a progress line every 5 s. Gives up (the phase then
     * fails, see {@link #check}) after 3 minutes, or after a minute in which no ticket was closed: a service that fell
     * far behind is not left to spin on the shared machine.
     */
    static void awaitClosed(final OfferLedger ledger) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long lastReport = System.nanoTime();
        long lastProgress = System.nanoTime();
        int open = ledger.open();
        while (open > 0 && System.nanoTime() < deadline && System.nanoTime() - lastProgress < 60_000_000_000L) {
            Thread.sleep(20);
            final int now = ledger.open();
            if (now < open) {
                lastProgress = System.nanoTime();
            }
            open = now;
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                System.out.printf("  %d tickets created not closed yet%n", open);
                lastReport = System.nanoTime();
            }
        }
    }

    /**
     * Adds the offer counts to a phase's figures and prints them; throws when the ledger found a breach of the
     * offers' guarantees, a ticket was not closed in the end, or an accept or PUT failed.
     */
    static void check(final String phase, final OfferLedger ledger, final OfferTaker taker,
            final Map<String, Object> figures) {
        final String prefix = phase.equals("offers-accept") ? "accept_" : "";
        figures.put(prefix + "tickets_created", ledger.created());
        figures.put(prefix + "accepted", taker.accepted());
        figures.put(prefix + "accept_conflicts", taker.conflicts());
        figures.put(prefix + "not_closed", ledger.open());
        figures.put(prefix + "never_decided", ledger.undecided());
        final List<String> breaches = new ArrayList<>(ledger.breaches());
        figures.put(prefix + "breaches", breaches.size());
        System.out.printf("%-9s %9s %9s %11s %9s  %d tickets created, %d not closed; %d offers, %d accepted, %d "
                + "declined, %d expired; accepts answered 409 %d; guarantees %s%n", phase, "", "", "", "",
                ledger.created(), ledger.open(), ledger.offers(), ledger.accepted(), ledger.declines(),
                ledger.expiries(), taker.conflicts(), breaches.isEmpty() ? "hold" : "BROKEN");
        if (ledger.undecided() > 0) {
            breaches.add(ledger.undecided() + " tickets created were never decided (lost)");
        }
        if (ledger.open() > ledger.undecided()) {
            breaches.add(ledger.open() - ledger.undecided() + " tickets created were decided but not closed (still "
                    + "waiting or offered) when the bench stopped waiting: the service fell behind");
        }
        if (!taker.failures().isEmpty()) {
            breaches.add("offer answers or PUTs failed: " + taker.failures());
        }
        if (!breaches.isEmpty()) {
            throw new IllegalStateException(phase + ": " + breaches);
        }
    }
}
