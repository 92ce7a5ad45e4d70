package net.oneview.chatticket.service;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.TicketAssignment;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Calls to a service that tests stop and start ({@link Services}) on a broker of their own: its HTTP API, the input
 * topics, and the decisions it committed.
 */
final class RestartedService {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String brokers;
    private final Map<String, Object> serde;

    /** @param registryScope the in-JVM registry the service uses */
    RestartedService(final String brokers, final String registryScope) {
        this.brokers = brokers;
        this.serde = Map.of("schema.registry.url", "mock://" + registryScope, "specific.avro.reader", true);
    }

    void produce(final String topic, final String key, final SpecificRecord value) throws Exception {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(), new ConfluentAvroSerializer<>(serde, false))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Every decision on ticket-assignments up to its end, committed ones only, in order per ticket. */
    Map<String, List<TicketAssignment>> committedDecisions() {
        final Map<String, List<TicketAssignment>> decisions = new HashMap<>();
        try (KafkaConsumer<String, TicketAssignment> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ConfluentAvroDeserializer<>(serde, false))) {
            final List<TopicPartition> partitions = consumer.partitionsFor("ticket-assignments").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> decisions
                        .computeIfAbsent(record.key(), ticket -> new ArrayList<>()).add(record.value()));
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
        }
        return decisions;
    }

    static HttpResponse<String> call(final ConfigurableApplicationContext instance, final String method,
            final String agent, final String resource, final String token) throws Exception {
        final String port = instance.getEnvironment().getProperty("local.server.port");
        final URI uri = URI.create("http://localhost:" + port + "/v1/" + agent + "/" + resource);
        return HTTP.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
