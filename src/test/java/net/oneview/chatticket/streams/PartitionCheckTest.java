package net.oneview.chatticket.streams;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

@EmbeddedKafka
class PartitionCheckTest {

    @Test
    void topicsKeyedAlikeMustHaveTheSamePartitionCount(final EmbeddedKafkaBroker broker) {
        final KafkaAdmin admin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        admin.createOrModifyTopics(TopicBuilder.name("created").partitions(3).build(),
                TopicBuilder.name("status-3").partitions(3).build(), TopicBuilder.name("status-2").partitions(2).build(),
                TopicBuilder.name("agents-3").partitions(3).build(), TopicBuilder.name("releases-3").partitions(3).build());
        admin.createOrModifyTopics(TopicBuilder.name("handovers-3").partitions(3).build(),
                TopicBuilder.name("handovers-2").partitions(2).build(),
                TopicBuilder.name("assignments-3").partitions(3).build(),
                TopicBuilder.name("assignments-2").partitions(2).build());
        // a topic just created may not be described yet by the broker that answers
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> admin.describeTopics("created",
                "status-3", "status-2", "agents-3", "releases-3", "handovers-3", "handovers-2", "assignments-3",
                "assignments-2").size() == 9);

        assertThatCode(() -> check(admin, "status-3", "assignments-3", "handovers-3", 3).verify())
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check(admin, "status-2", "assignments-3", "handovers-3", 3).verify())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("same number of partitions");
        assertThatThrownBy(() -> check(admin, "status-3", "assignments-2", "handovers-3", 3).verify())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("assignments-2 must have as many partitions as created");
        assertThatThrownBy(() -> check(admin, "status-3", "assignments-3", "handovers-2", 3).verify())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("handovers-2 must have as many partitions as created");
        assertThatThrownBy(() -> check(admin, "status-3", "assignments-3", "handovers-3", 6).verify())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chat-ticket.topics.partitions=6");
    }

    private static PartitionCheck check(final KafkaAdmin admin, final String statusTopic, final String assignments,
            final String handovers, final int partitions) {
        return new PartitionCheck(admin, new TopicProperties("created", statusTopic, "agents-3", assignments,
                "dead-letters", "releases-3", handovers, partitions, (short) 1));
    }
}
