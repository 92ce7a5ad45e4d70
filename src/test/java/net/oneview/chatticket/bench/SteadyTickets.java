package net.oneview.chatticket.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Tickets created at a steady rate by an outside producer, each closed a set time after a read_committed consumer
 * sees it assigned, as agents would: when each ticket was sent and when it was first seen assigned. What a failover
 * costs the people waiting: the first assignment of a ticket sent after a fault, and the longest wait of all.
 */
final class SteadyTickets implements AutoCloseable {

    private final BenchConfig config;
    private final String createdTopic;
    private final String statusTopic;
    private final String assignmentsTopic;
    private final String queue;
    private final int perSecond;
    private final long closeAfterMillis;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> assigned = new ConcurrentHashMap<>();
    private final AssignedTwice twice = new AssignedTwice();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor();
    private final List<Thread> threads = new ArrayList<>();
    private KafkaProducer<String, Object> producer;

    SteadyTickets(final BenchConfig config, final String suffix, final String queue, final int perSecond,
            final long closeAfterMillis) {
        this.config = config;
        this.createdTopic = ServiceProcess.topics(suffix).ticketCreated();
        this.statusTopic = ServiceProcess.topics(suffix).ticketStatus();
        this.assignmentsTopic = ServiceProcess.topics(suffix).ticketAssignments();
        this.queue = queue;
        this.perSecond = perSecond;
        this.closeAfterMillis = closeAfterMillis;
    }

    /** Starts reading decisions (from now on), then sending tickets. */
    SteadyTickets start() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(props, new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", config.registry()), false));
        final KafkaConsumer<String, TicketAssignment> consumer = consumer();
        final List<TopicPartition> partitions = consumer.partitionsFor(assignmentsTopic).stream()
                .map(info -> new TopicPartition(assignmentsTopic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        threads.add(new Thread(() -> read(consumer), "steady-decisions"));
        threads.add(new Thread(this::send, "steady-tickets"));
        threads.forEach(Thread::start);
        return this;
    }

    private void send() {
        final long begin = System.currentTimeMillis();
        long count = 0;
        while (sending.get()) {
            final long due = begin + count * 1000 / perSecond;
            final long now = System.currentTimeMillis();
            if (now < due) {
                Driver.pause(due - now);
                continue;
            }
            final String id = UUID.randomUUID().toString();
            sent.put(id, System.currentTimeMillis());
            producer.send(new ProducerRecord<>(createdTopic, id, TicketCreated.newBuilder().setId(id)
                    .setCreatedAt(Instant.now()).setQueue(queue).setChannel("chat").setContent("{}")
                    .setPriority(1 + (int) (count % 3)).build()));
            count++;
        }
        producer.flush();
    }

    private void read(final KafkaConsumer<String, TicketAssignment> consumer) {
        try (consumer) {
            while (reading.get()) {
                for (final ConsumerRecord<String, TicketAssignment> record : consumer.poll(Duration.ofMillis(100))) {
                    final TicketAssignment decision = record.value();
                    if (!sent.containsKey(decision.getTicketId())) {
                        continue;
                    }
                    twice.add(decision);
                    if (decision.getDecision() == Decision.ASSIGNED
                            && assigned.putIfAbsent(decision.getTicketId(), System.currentTimeMillis()) == null) {
                        closer.schedule(() -> close(decision.getTicketId()), closeAfterMillis, TimeUnit.MILLISECONDS);
                    }
                }
            }
        }
    }

    private void close(final String ticket) {
        producer.send(new ProducerRecord<>(statusTopic, ticket, TicketStatusChanged.newBuilder().setTicketId(ticket)
                .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build()));
    }

    /** Stops sending, then waits up to {@code settleMillis} for every ticket sent to be assigned. */
    void stopSending(final long settleMillis) {
        sending.set(false);
        final long deadline = System.currentTimeMillis() + settleMillis;
        while (System.currentTimeMillis() < deadline && !assigned.keySet().containsAll(sent.keySet())) {
            Driver.pause(100);
        }
    }

    /** The figures, counted from the fault at {@code faultAt} (epoch millis). */
    Gap gap(final long faultAt) {
        final long now = System.currentTimeMillis();
        long first = Long.MAX_VALUE;
        long longest = 0;
        int unassigned = 0;
        for (final Map.Entry<String, Long> ticket : sent.entrySet()) {
            final Long at = assigned.get(ticket.getKey());
            if (at == null) {
                unassigned++;
            } else if (ticket.getValue() >= faultAt) {
                first = Math.min(first, at - faultAt);
            }
            longest = Math.max(longest, (at == null ? now : at) - ticket.getValue());
        }
        return new Gap(sent.size(), first == Long.MAX_VALUE ? -1 : first, longest, unassigned, twice.twice());
    }

    /**
     * @param firstMillis from the fault to the first assignment of a ticket sent after it (-1: none)
     * @param longestMillis the longest any ticket waited to be assigned (an unassigned one: until now)
     */
    record Gap(int tickets, long firstMillis, long longestMillis, int unassigned, int twice) {

        @Override
        public String toString() {
            return String.format("%d tickets: first assignment %.1f s after the kill, longest wait %.1f s, "
                    + "%d never assigned, %d assigned twice", tickets, firstMillis / 1000.0, longestMillis / 1000.0,
                    unassigned, twice);
        }
    }

    @Override
    public void close() throws InterruptedException {
        sending.set(false);
        reading.set(false);
        for (final Thread thread : threads) {
            thread.join();
        }
        closer.shutdown();
        closer.awaitTermination(5, TimeUnit.SECONDS);
        producer.close();
    }

    private KafkaConsumer<String, TicketAssignment> consumer() {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ConfluentAvroDeserializer<>(
                Map.of("schema.registry.url", config.registry(), "specific.avro.reader", true), false));
    }
}
