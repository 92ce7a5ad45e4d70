package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.avro.SchemaRegistry;
import net.oneview.chatticket.streams.TopicProperties;
import net.oneview.chatticket.topology.WrittenSchemas;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** With auto-register-schemas=false, a service whose schemas are not registered refuses to start, saying which. */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class SchemaCheckTest {

    @Test
    void withoutAutoRegistrationTheServiceStartsOnlyOnceItsSchemasAreRegistered(final EmbeddedKafkaBroker broker) {
        final String scope = "schema-check-" + UUID.randomUUID();
        final String name = "schema-check";
        try {
            assertThatThrownBy(() -> start(broker, scope, name))
                    .rootCause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("chat-ticket.auto-register-schemas=false")
                    .hasMessageContaining("schema-check-agents-changelog-value (net.oneview.chatticket.state.AgentView)");

            final SchemaRegistry registry = SchemaRegistries.forUrl("mock://" + scope);
            WrittenSchemas.of(name, topics()).forEach(registry::register);
            try (ConfigurableApplicationContext service = start(broker, scope, name)) {
                assertThat(service.isRunning()).isTrue();
            }
        } finally {
            SchemaRegistries.dropMockScope(scope);
        }
    }

    private static ConfigurableApplicationContext start(final EmbeddedKafkaBroker broker, final String scope,
            final String name) {
        return Services.start(broker.getBrokersAsString(), scope, name,
                "target/streams-state/schema-check-" + UUID.randomUUID(), "--chat-ticket.auto-register-schemas=false");
    }

    /** The default topic names, as application.properties has them. */
    private static TopicProperties topics() {
        return new TopicProperties("ticket-created", "ticket-status", "agent-status", "ticket-assignments",
                "chat-ticket-dead-letters", "chat-ticket-pool-releases", "chat-ticket-pool-handovers",
                3, (short) 1);
    }
}
