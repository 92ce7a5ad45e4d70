package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.oneview.chatticket.streams.StreamsLifecycle;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Two instances configured with the same application-server would each be asked for the other's keys and answer
 * "absent": they stop serving instead, and their health says why.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class SharedAddressTest {

    @Test
    void instancesAdvertisingTheSameAddressRefuseToServe(final EmbeddedKafkaBroker broker) {
        final List<ConfigurableApplicationContext> instances = new ArrayList<>();
        try {
            for (final String name : List.of("one", "two")) {
                instances.add(Services.start(broker.getBrokersAsString(), "shared-address", "shared-address",
                        "target/streams-state/shared-address-" + name + "-" + UUID.randomUUID(),
                        "--chat-ticket.streams.instance-id=shared-address-" + name,
                        "--chat-ticket.streams.application-server=localhost:18999"));
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> instances.stream()
                    .anyMatch(instance -> instance.getBean(StreamsLifecycle.class).addressShared()));
            final StreamsLifecycle refused = instances.stream().map(instance -> instance.getBean(StreamsLifecycle.class))
                    .filter(StreamsLifecycle::addressShared).findFirst().orElseThrow();
            assertThat(refused.streams().state().isRunningOrRebalancing()).isFalse();
        } finally {
            instances.forEach(ConfigurableApplicationContext::close);
        }
    }
}
