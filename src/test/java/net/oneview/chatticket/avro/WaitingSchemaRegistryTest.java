package net.oneview.chatticket.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** A stream thread's registry calls wait out an outage, for a while; a bad record's answer (404) is not waited on. */
class WaitingSchemaRegistryTest {

    private static final Schema SCHEMA = Schema.create(Schema.Type.STRING);

    @Test
    void aCallWaitsForARegistryThatComesBack() {
        final FailingRegistry failing = new FailingRegistry(3, new SchemaRegistryException(503, 503, "restarting"));

        final Schema found = new WaitingSchemaRegistry(failing, Duration.ofSeconds(10)).byId(7);

        assertThat(found).isEqualTo(SCHEMA);
        assertThat(failing.calls.get()).isEqualTo(4);
    }

    @Test
    void anUnknownIdIsNotWaitedFor() {
        final FailingRegistry failing = new FailingRegistry(1,
                new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "id 7"));

        assertThatThrownBy(() -> new WaitingSchemaRegistry(failing, Duration.ofSeconds(10)).byId(7))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("id 7");
        assertThat(failing.calls.get()).isEqualTo(1);
    }

    @Test
    void anOutageLongerThanTheWaitFailsWithTheRegistrysError() {
        final FailingRegistry failing = new FailingRegistry(Integer.MAX_VALUE,
                new SchemaRegistryException("schema registry unreachable", new java.net.ConnectException()));

        assertThatThrownBy(() -> new WaitingSchemaRegistry(failing, Duration.ofMillis(300)).byId(7))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("unreachable");
        assertThat(failing.calls.get()).isGreaterThan(1);
    }

    /** Fails the first {@code failures} calls, then answers. */
    private static final class FailingRegistry implements SchemaRegistry {

        private final int failures;
        private final SchemaRegistryException failure;
        private final AtomicInteger calls = new AtomicInteger();

        FailingRegistry(final int failures, final SchemaRegistryException failure) {
            this.failures = failures;
            this.failure = failure;
        }

        @Override
        public int register(final String subject, final Schema schema) {
            return answer(1);
        }

        @Override
        public int lookup(final String subject, final Schema schema) {
            return answer(1);
        }

        @Override
        public Schema byId(final int id) {
            return answer(SCHEMA);
        }

        @Override
        public Schema byGuid(final UUID guid) {
            return answer(SCHEMA);
        }

        private <T> T answer(final T value) {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
            return value;
        }
    }
}
