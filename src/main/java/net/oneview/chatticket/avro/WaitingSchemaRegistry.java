package net.oneview.chatticket.avro;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits out a registry outage (unreachable, 5xx, 408, 429) for up to a set time, retrying with a growing pause, before
 * giving up with the last failure. The stream thread uses it: a record that needs a schema not cached yet then waits
 * for the registry instead of failing the thread, which would make the stores unreadable while it is replaced. The
 * wait must stay below the transaction timeout, which the service sets accordingly.
 */
final class WaitingSchemaRegistry implements SchemaRegistry {

    private static final Logger log = LoggerFactory.getLogger(WaitingSchemaRegistry.class);
    private static final long FIRST_PAUSE_MS = 100;
    private static final long LONGEST_PAUSE_MS = 2_000;

    private final SchemaRegistry registry;
    private final long waitMs;

    WaitingSchemaRegistry(final SchemaRegistry registry, final Duration wait) {
        this.registry = registry;
        this.waitMs = wait.toMillis();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        return patiently(() -> registry.register(subject, schema));
    }

    @Override
    public int lookup(final String subject, final Schema schema) {
        return patiently(() -> registry.lookup(subject, schema));
    }

    @Override
    public Schema byId(final int id) {
        return patiently(() -> registry.byId(id));
    }

    @Override
    public Schema byGuid(final UUID guid) {
        return patiently(() -> registry.byGuid(guid));
    }

    private <T> T patiently(final Supplier<T> call) {
        final long deadline = System.currentTimeMillis() + waitMs;
        long pause = FIRST_PAUSE_MS;
        boolean logged = false;
        while (true) {
            try {
                return call.get();
            } catch (SchemaRegistryException e) {
                final long left = deadline - System.currentTimeMillis();
                if (!e.isTransient() || left <= 0) {
                    throw e;
                }
                if (!logged) {
                    log.warn("schema registry failing ({}); waiting up to {} ms for it", e.getMessage(), left);
                    logged = true;
                }
                sleep(Math.min(pause, left));
                pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
            }
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while waiting for the schema registry", e);
        }
    }
}
