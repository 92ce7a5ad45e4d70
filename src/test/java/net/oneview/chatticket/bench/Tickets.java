package net.oneview.chatticket.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The bench's side of a service's topics: creates tickets and closes them with the service's producer settings, and
 * reads the service's decisions. The topics are the service process's ({@link ServiceProcess} names each after the
 * service's property of it, {@code chat-ticket.topics.*}).
 */
final class Tickets {

    private static final String CONTENT = "{\"text\":\"I need help with my order, it did not arrive\"}";

    private final BenchConfig config;

    Tickets(final BenchConfig config) {
        this.config = config;
    }

    /** Acks from all replicas, idempotent: as the service produces. */
    KafkaProducer<String, SpecificRecord> producer() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", config.registry()), false));
    }

    static TicketCreated ticket(final String queue, final int priority) {
        return ticket(queue, priority, "chat");
    }

    static TicketCreated ticket(final String queue, final int priority, final String channel) {
        final String id = UUID.randomUUID().toString();
        return TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue(queue).setChannel(channel)
                .setContent(CONTENT).setPriority(priority).build();
    }

    /** Creates the ticket in the service. */
    static void send(final KafkaProducer<String, SpecificRecord> producer, final ServiceProcess service,
            final TicketCreated ticket) {
        producer.send(new ProducerRecord<>(service.topics().ticketCreated(), ticket.getId(), ticket));
    }

    /** Closes the ticket, as its agent would. */
    static void close(final KafkaProducer<String, SpecificRecord> producer, final ServiceProcess service,
            final String ticketId) {
        producer.send(new ProducerRecord<>(service.topics().ticketStatus(), ticketId, TicketStatusChanged.newBuilder()
                .setTicketId(ticketId).setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build()));
    }

    /**
     * The service's decisions from the start, read_committed, each to {@code onDecision}; {@code count} is what
     * {@link Reader#awaitCount} waits on.
     */
    Reader<TicketAssignment> decisions(final ServiceProcess service, final Consumer<TicketAssignment> onDecision,
            final IntSupplier count) {
        return new Reader<>(config, service.topics().ticketAssignments(), onDecision, count);
    }

    void produce(final ServiceProcess service, final String queue, final int n) {
        produce(service, queue, n, id -> { });
    }

    /** Produces n tickets; {@code sent} is told each one's id before it is sent. */
    void produce(final ServiceProcess service, final String queue, final int n, final Consumer<String> sent) {
        try (KafkaProducer<String, SpecificRecord> producer = producer()) {
            for (int i = 0; i < n; i++) {
                final TicketCreated ticket = ticket(queue, 1 + i % 5);
                sent.accept(ticket.getId());
                send(producer, service, ticket);
            }
        }
    }

    /**
     * Produces n tickets as fast as the producer goes; returns the nanoseconds until n decisions of the kind (null:
     * any) were seen.
     */
    long produceAndAwait(final ServiceProcess service, final int n, final String queue, final Decision kind)
            throws Exception {
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final long start = System.nanoTime();
        try (Reader<TicketAssignment> reader = decisions(service, decision -> {
            if ((kind == null || decision.getDecision() == kind) && ids.contains(decision.getTicketId())) {
                seen.add(decision.getTicketId());
            }
        }, seen::size)) {
            try (KafkaProducer<String, SpecificRecord> producer = producer()) {
                for (int i = 0; i < n; i++) {
                    final TicketCreated ticket = ticket(queue, 1 + i % 5);
                    ids.add(ticket.getId());
                    send(producer, service, ticket);
                }
            }
            reader.awaitCount(n, Duration.ofMinutes(10));
        }
        return System.nanoTime() - start;
    }
}
