package net.oneview.chatticket.bench;

import java.util.Locale;

/**
 * Reads asked during a fault and how many were answered, held to a floor: too few answered fails the run, and so does
 * a fault during which too few reads were asked to tell.
 *
 * @param floorPercent the least share of reads to be answered, in percent
 * @param minAsked the fewest reads that make the share mean something
 */
record Availability(int asked, int answered, double floorPercent, int minAsked) {

    double percent() {
        return asked == 0 ? 0 : 100.0 * answered / asked;
    }

    /** Null when it holds; otherwise why not. */
    String shortfall() {
        if (asked < minAsked) {
            return "only " + asked + " reads asked, fewer than the " + minAsked + " needed to judge";
        }
        if (percent() < floorPercent) {
            return String.format(Locale.ROOT, "%.1f%% answered, below the floor of %.1f%%", percent(), floorPercent);
        }
        return null;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f%% of %d (floor %.1f%% of at least %d)", percent(), asked, floorPercent,
                minAsked);
    }
}
