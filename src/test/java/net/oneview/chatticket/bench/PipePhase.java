package net.oneview.chatticket.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import net.oneview.chatticket.events.TicketCreated;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The reference of the run: a raw producer to a read_committed consumer, ticket-sized Confluent-format records, 6
 * partitions, the service's producer settings. A first round warms both clients and the broker up; of the three
 * measured rounds, the median is the pipe's rate (single rounds on a shared machine were seen to differ by 2x). Prints
 * the pipe's line with each round's rate.
 */
final class PipePhase implements Phase {

    static final String NAME = "pipe";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final int n = run.config.size(200_000, 50_000);
        round(run, n / 4);
        final List<Long> rounds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rounds.add(round(run, n));
        }
        final List<Long> sorted = rounds.stream().sorted().toList();
        run.pipeRate(run.record(NAME, n, sorted.get(1), "producer acks=all idempotent -> read_committed consumer, "
                + "median of 3 rounds after a warm-up round of " + n / 4 + "; rounds " + rounds.stream()
                .map(nanos -> String.format(Locale.ROOT, "%.0f/s", n / (nanos / 1e9)))
                .collect(Collectors.joining(", "))));
    }

    /** n tickets through a topic of their own: nanoseconds until the consumer saw them all. */
    private static long round(final BenchRun run, final int n) throws Exception {
        final String topic = "bench-pipe-" + BenchRun.shortId();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, run.config.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final long start = System.nanoTime();
        try (Reader<TicketCreated> reader = new Reader<>(run.config, topic, record -> ids.add(record.getId()),
                ids::size)) {
            try (KafkaProducer<String, SpecificRecord> producer = run.tickets.producer()) {
                for (int i = 0; i < n; i++) {
                    final TicketCreated ticket = Tickets.ticket("pipe", 1 + i % 5);
                    producer.send(new ProducerRecord<>(topic, ticket.getId(), ticket));
                }
            }
            reader.awaitCount(n, Duration.ofMinutes(5));
        }
        return System.nanoTime() - start;
    }
}
