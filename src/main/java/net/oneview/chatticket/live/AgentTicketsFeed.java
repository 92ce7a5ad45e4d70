package net.oneview.chatticket.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.streams.Topics;
import net.oneview.chatticket.tickets.TicketList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows the agent-tickets topic (every partition, from its end, committed records only) and hands each list to the
 * streams that follow its agent on this instance. Every instance reads the whole topic, so a desktop connected to
 * any instance gets its agent's events; values of agents nobody follows here are not even deserialized.
 */
@Component
class AgentTicketsFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AgentTicketsFeed.class);

    private final LiveStreams streams;
    private final TicketList list;
    private final String topic;
    private final Deserializer<AgentView> values;
    private final Map<String, Object> config;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    AgentTicketsFeed(final LiveStreams streams, final TicketList list, final Topics topics,
            @Value("${spring.kafka.bootstrap-servers}") final String bootstrap) {
        this.streams = streams;
        this.list = list;
        this.topic = topics.agentTickets.name();
        this.values = topics.agentTickets.valueSerde().deserializer();
        this.config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // a fetch waiting for committed records is answered when data arrives, not when its transaction
                // commits: the next fetch sees them, so fetches wait 50 ms at most (instead of 500 ms)
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                ConsumerConfig.CLIENT_ID_CONFIG, "chat-ticket-live-feed-" + java.util.UUID.randomUUID());
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::follow, "live-agent-tickets-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            final List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (true) {
                try {
                    for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                        deliver(record);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {  // the client retries by itself; a failed poll is tried again
                    log.warn("following {}: {}", topic, e.getMessage());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The topic's partitions, once it exists (the service creates it at start-up) and the broker answers. */
    private List<TopicPartition> awaitPartitions() {
        while (true) {
            try {
                final var found = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (found != null && !found.isEmpty()) {
                    return found.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
                }
                log.info("waiting for topic {} to exist", topic);
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                log.warn("waiting for the partitions of {}: {}", topic, e.getMessage());
            }
        }
    }

    private void deliver(final ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null || !streams.follows(record.key())) {
            return;
        }
        try {
            final AgentView view = values.deserialize(topic, record.headers(), record.value());
            streams.agentChanged(record.key(), view.getTicketsVersion(), list.of(view));
        } catch (RuntimeException e) {
            log.warn("cannot read the list of agent {} at {}-{}@{}: its streams get the next change", record.key(),
                    topic, record.partition(), record.offset(), e);
        }
    }

    @Override
    public void stop() {
        final KafkaConsumer<String, byte[]> running = consumer;
        if (running != null) {
            running.wakeup();
        }
        final Thread following = thread;
        if (following != null) {
            try {
                following.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer = null;
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
