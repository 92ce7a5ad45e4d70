package net.oneview.chatticket.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code make cluster}: three service processes against one broker and registry. 100 agents go online through the
 * three in turn; every GET for every agent on every instance must give the same body. Then, under a steady read
 * load: one instance killed (kill -9) and, for 60 s, every answer from the other two counted (wrong bodies must be
 * none; 503s only while no copy of a partition can answer); then a rolling restart of all three while tickets keep
 * coming (no wrong 404, no ticket lost or assigned twice).
 */
public final class Cluster {

    private static final String SUFFIX = "cluster";
    private static final int INSTANCES = 3;
    private static final int AGENTS = 100;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final BenchConfig config = BenchConfig.fromEnvironment();
    private final ServiceProcess[] instances = new ServiceProcess[INSTANCES];
    private final List<String> agents = new ArrayList<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Set<Integer> down = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

    public static void main(final String[] args) throws Exception {
        System.exit(new Cluster().run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        for (int i = 0; i < INSTANCES; i++) {
            instances[i] = start(i);
        }
        for (int i = 0; i < AGENTS; i++) {
            final String agent = UUID.randomUUID().toString();
            agents.add(agent);
            final int status = send(i % INSTANCES, "PUT", agent, "online").statusCode();
            if (status != 200) {
                throw new IllegalStateException("PUT online through instance " + i % INSTANCES + " answered " + status);
            }
        }
        final List<String> tickets = createTickets(150);
        awaitDecided(tickets);
        final int different = sameBodiesEverywhere();
        log(AGENTS + " agents, each read on all " + INSTANCES + " instances: " + different + " with different bodies");

        final Map<String, Integer> afterKill = underReads(() -> {
            instances[INSTANCES - 1].kill();
            down.add(INSTANCES - 1);
            log("killed instance " + (INSTANCES - 1) + " (kill -9); reading from the other two for 60 s");
            Driver.pause(60_000);
        }, true);
        instances[INSTANCES - 1] = start(INSTANCES - 1);
        down.clear();

        final List<String> more = new ArrayList<>();
        final Map<String, Integer> rolling = underReads(() -> {
            for (int i = 0; i < INSTANCES; i++) {
                down.add(i);
                instances[i].close();  // SIGTERM
                log("stopped instance " + i + " (SIGTERM); starting it again");
                more.addAll(createTickets(20));
                instances[i] = start(i);
                down.remove(i);
                more.addAll(createTickets(20));
            }
        }, false);
        final int[] outcome = awaitDecided(more);
        for (final ServiceProcess instance : instances) {
            instance.close();
        }

        System.out.printf("%ncluster run: %d instances, %d agents (standby replicas 1)%n", INSTANCES, AGENTS);
        System.out.printf("  same body on every instance     %d of %d agents%n", AGENTS - different, AGENTS);
        System.out.printf("  kill -9 of one, reads for 60 s  %s%n", afterKill);
        System.out.printf("  rolling restart of all three    %s%n", rolling);
        System.out.printf("  tickets during the restart      %d, lost %d, assigned twice %d%n", more.size(), outcome[0],
                outcome[1]);
        final boolean ok = different == 0 && afterKill.getOrDefault("wrong body", 0) == 0
                && afterKill.getOrDefault("wrong 404", 0) == 0 && rolling.getOrDefault("wrong 404", 0) == 0
                && outcome[0] == 0 && outcome[1] == 0;
        System.out.println(ok ? "cluster run: all checks hold" : "cluster run: CHECK FAILED");
        return ok;
    }

    /** Runs {@code faults} while reading agents from the instances that are up; counts the answers by kind. */
    private Map<String, Integer> underReads(final Driver.Step faults, final boolean compareBodies) throws Exception {
        answers.clear();
        final AtomicBoolean reading = new AtomicBoolean(true);
        final Thread reader = new Thread(() -> {
            while (reading.get()) {
                final int instance = ThreadLocalRandom.current().nextInt(INSTANCES);
                if (down.contains(instance)) {
                    continue;
                }
                final String agent = agents.get(ThreadLocalRandom.current().nextInt(agents.size()));
                final HttpResponse<String> answer = send(instance, "GET", agent, "tickets");
                if (down.contains(instance)) {
                    continue;  // went down while asked
                }
                count(kind(answer, agent, compareBodies));
                if (answer.headers().firstValue("Chat-Ticket-Standby-Lag").isPresent()) {
                    count("from a standby");
                }
                Driver.pause(5);
            }
        }, "cluster-reads");
        reader.start();
        faults.run();
        reading.set(false);
        reader.join();
        final Map<String, Integer> counted = new TreeMap<>();
        answers.forEach((kind, n) -> counted.put(kind, n.get()));
        return counted;
    }

    private String kind(final HttpResponse<String> answer, final String agent, final boolean compareBodies) {
        return switch (answer.statusCode()) {
            case 200 -> !compareBodies || answer.body().equals(bodies.get(agent)) ? "200" : "wrong body";
            case 404 -> "wrong 404";
            case 599 -> "no answer";
            default -> Integer.toString(answer.statusCode());
        };
    }

    private void count(final String kind) {
        answers.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Each agent's body as the first instance gives it, compared with the others'; returns how many differ. */
    private int sameBodiesEverywhere() {
        int different = 0;
        for (final String agent : agents) {
            final String first = send(0, "GET", agent, "tickets").body();
            bodies.put(agent, first);
            for (int i = 1; i < INSTANCES; i++) {
                final HttpResponse<String> other = send(i, "GET", agent, "tickets");
                if (other.statusCode() != 200 || !other.body().equals(first)) {
                    different++;
                    log("agent " + agent + ": instance 0 " + first + ", instance " + i + " " + other.statusCode()
                            + " " + other.body());
                    break;
                }
            }
        }
        return different;
    }

    private List<String> createTickets(final int count) {
        final List<String> ids = new ArrayList<>();
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", config.registry()), false))) {
            for (int i = 0; i < count; i++) {
                final String id = UUID.randomUUID().toString();
                producer.send(new ProducerRecord<>(ServiceProcess.topic("ticket-created", SUFFIX), id, TicketCreated
                        .newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue("english").setChannel("chat")
                        .setContent("{}").setPriority(1 + i % 3).build()));
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Waits until every ticket has a decision on ticket-assignments (read_committed), for up to 2 minutes.
     * @return tickets without any decision, and tickets assigned twice without being requeued or closed between
     */
    private int[] awaitDecided(final List<String> tickets) {
        final Map<String, List<TicketAssignment>> decided = new HashMap<>();
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "cluster-" + UUID.randomUUID());
        final String topic = ServiceProcess.topic("ticket-assignments", SUFFIX);
        try (KafkaConsumer<String, TicketAssignment> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(Map.of("schema.registry.url", config.registry(),
                        "specific.avro.reader", true), false))) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline && !decided.keySet().containsAll(tickets)) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> decided
                        .computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value()));
            }
            // anything still in flight for these tickets
            final List<TopicPartition> partitions = consumer.assignment().stream().toList();
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> decided
                        .computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value()));
            }
        }
        int lost = 0;
        int twice = 0;
        for (final String ticket : tickets) {
            final List<TicketAssignment> history = decided.getOrDefault(ticket, List.of());
            lost += history.isEmpty() ? 1 : 0;
            boolean held = false;
            for (final TicketAssignment decision : history) {
                if (decision.getDecision() == Decision.ASSIGNED) {
                    twice += held ? 1 : 0;
                    held = true;
                } else if (decision.getDecision() != Decision.STATUS_CHANGED && decision.getDecision() != Decision.QUEUED) {
                    held = false;
                }
            }
        }
        return new int[] {lost, twice};
    }

    private ServiceProcess start(final int instance) throws Exception {
        final ServiceProcess started = ServiceProcess.start(config, SUFFIX, instance,
                "--chat-ticket.streams.standby-replicas=1", "--chat-ticket.agents.default-queues=english",
                "--chat-ticket.streams.application-server=127.0.0.1:" + (config.servicePort() + instance));
        log("instance " + instance + " running on port " + (config.servicePort() + instance));
        return started;
    }

    private HttpResponse<String> send(final int instance, final String method, final String agent,
            final String action) {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + (config.servicePort() + instance) + "/v1/" + agent + "/" + action))
                .header("Authorization", "Bearer " + token(agent)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return new NoAnswer(request);
        }
    }

    private String token(final String agent) {
        return config.token(agent, Map.of("capacity", 2));
    }

    private static void log(final String message) {
        Driver.log("cluster", message);
    }
}
