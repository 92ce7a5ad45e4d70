package net.oneview.chatticket.bench;

import java.time.Instant;

/** What the drivers of make chaos and make cluster share: pauses, timestamped progress lines, steps that throw. */
final class Driver {

    private Driver() {
    }

    /** A step of a run, which may fail with anything. */
    interface Step {
        void run() throws Exception;
    }

    static void pause(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void log(final String driver, final String message) {
        System.out.printf("[%s %s] %s%n", driver, Instant.now().toString().substring(11, 19), message);
    }
}
