package net.oneview.chatticket.demo;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays case-management-agent from the command line, against `make run`:
 * {@code make ticket QUEUE=english PRIORITY=1 [CHANNEL=email] [PREFERRED=<agent id>]} creates a ticket and prints its
 * id (last line);
 * {@code make ticket-status TICKET=<id> STATUS=CLOSED} changes its status.
 */
public final class TicketTool {

    private TicketTool() {
    }

    public static void main(final String[] args) throws Exception {
        final String broker = System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        final String registry = System.getenv().getOrDefault("REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7");
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker), new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", registry), false))) {
            if (args.length >= 3 && "create".equals(args[0])) {
                final String id = UUID.randomUUID().toString();
                final String channel = args.length > 3 && !args[3].isBlank() ? args[3] : "chat";
                final String preferred = args.length > 4 && !args[4].isBlank() ? args[4] : null;
                producer.send(new ProducerRecord<>("ticket-created", id, TicketCreated.newBuilder().setId(id)
                        .setCreatedAt(Instant.now()).setQueue(args[1]).setChannel(channel)
                        .setPreferredAgentId(preferred)
                        .setContent("{\"message\":\"created from the command line\"}")
                        .setPriority(Integer.parseInt(args[2])).build())).get();
                System.err.printf("ticket-created: queue %s, priority %s, channel %s%s%n", args[1], args[2], channel,
                        preferred == null ? "" : ", preferred agent " + preferred);
                System.out.println(id);
            } else if (args.length == 3 && "status".equals(args[0])) {
                producer.send(new ProducerRecord<>("ticket-status", args[1], TicketStatusChanged.newBuilder()
                        .setTicketId(args[1]).setStatus(TicketStatus.valueOf(args[2])).setStatusReason("command line")
                        .setTime(Instant.now()).build())).get();
                System.out.printf("ticket-status: %s is now %s%n", args[1], args[2]);
            } else {
                System.err.println("usage: make ticket QUEUE=<queue> PRIORITY=<n> | make ticket-status TICKET=<id> STATUS=ESCALATED|CLOSED");
                System.exit(2);
            }
        }
    }
}
