package net.oneview.chatticket.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.oneview.chatticket.assignment.Pools;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.topology.TopologyFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code make cluster}: three service processes against one broker and registry. 100 agents go online through the
 * three in turn; every GET for every agent on every instance must give the same body. Then, under a steady read
 * load and 20 tickets/s (each closed 1 s after its assignment): the instance holding the pool's task killed (kill -9)
 * and, for 60 s, every answer from the other two counted, and how long tickets waited across the kill (the first
 * assignment of a ticket sent after it within 10 s, no wait over 15 s, none lost or doubled); then a rolling restart
 * of all three while tickets keep coming. Each phase's reads are held to {@link FaultReads}: all answered, no wrong
 * body or 404, 503 only while Kafka Streams on an instance that is up is not RUNNING and at most 2 % of them, some answered from a
 * standby after the kill. Every ticket created during the restart must be decided, none assigned while held: the
 * agents have room for all of them, so each is assigned and a second assignment would show.
 */
public final class Cluster {

    private static final String SUFFIX = "cluster";
    private static final int INSTANCES = 3;
    private static final int AGENTS = 100;
    /** Room for every ticket of the run (150 + 120), so that every ticket is assigned, also during the restart. */
    private static final int CAPACITY = 3;
    /**
     * The steady tickets across the kill have agents of their own (the others' bodies are compared): room for all that
     * a failover holds back, so that a wait after it is the failover's, not a shortage of agents.
     */
    private static final String STEADY_QUEUE = "failover";
    private static final int STEADY_AGENTS = 20;
    private static final int STEADY_CAPACITY = 20;
    private static final int STEADY_PER_SECOND = 20;
    private static final long CLOSE_AFTER_MILLIS = 1_000;
    private static final long FIRST_ASSIGNMENT_TARGET_MILLIS = 10_000;
    private static final long LONGEST_WAIT_TARGET_MILLIS = 15_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final BenchConfig config = BenchConfig.fromEnvironment();
    private final ServiceProcess[] instances = new ServiceProcess[INSTANCES];
    private final List<String> agents = new ArrayList<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Set<Integer> down = ConcurrentHashMap.newKeySet();
    /** How many times each instance was taken down: a read that spans one is not counted, even if it is up again. */
    private final AtomicIntegerArray stops = new AtomicIntegerArray(INSTANCES);

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
        awaitListed(tickets.size());
        final int different = sameBodiesEverywhere();
        log(AGENTS + " agents, each read on all " + INSTANCES + " instances: " + different + " with different bodies");

        for (int i = 0; i < STEADY_AGENTS; i++) {
            final String agent = UUID.randomUUID().toString();
            final HttpResponse<String> online = send(i % INSTANCES, "PUT", agent, "online",
                    config.token(agent, Map.of("queues", List.of(STEADY_QUEUE), "capacity", STEADY_CAPACITY)));
            if (online.statusCode() != 200) {
                throw new IllegalStateException("PUT online of a " + STEADY_QUEUE + " agent answered "
                        + online.statusCode());
            }
        }
        final int victim = poolInstance();
        final long[] killedAt = new long[1];
        final SteadyTickets steady = new SteadyTickets(config, SUFFIX, STEADY_QUEUE, STEADY_PER_SECOND,
                CLOSE_AFTER_MILLIS).start();
        Driver.pause(10_000);
        final FaultReads afterKill = underReads(() -> {
            takeDown(victim);
            instances[victim].kill();
            killedAt[0] = System.currentTimeMillis();
            log("killed instance " + victim + ", which holds the pool's task (kill -9); reading from the other two "
                    + "for 60 s, " + STEADY_PER_SECOND + " tickets/s");
            Driver.pause(60_000);
        }, true);
        steady.stopSending(30_000);
        final SteadyTickets.Gap gap = steady.gap(killedAt[0]);
        steady.close();
        instances[victim] = start(victim);
        down.clear();

        final List<String> more = new ArrayList<>();
        final FaultReads rolling = underReads(() -> {
            for (int i = 0; i < INSTANCES; i++) {
                takeDown(i);
                instances[i].close();  // SIGTERM
                log("stopped instance " + i + " (SIGTERM); starting it again");
                more.addAll(createTickets(20));
                instances[i] = start(i);
                down.remove(i);
                more.addAll(createTickets(20));
            }
        }, false);
        final Outcome outcome = awaitDecided(more);
        for (final ServiceProcess instance : instances) {
            instance.close();
        }

        final List<String> failed = new ArrayList<>();
        if (different > 0) {
            failed.add(different + " agents with different bodies on different instances");
        }
        afterKill.violations().forEach(violation -> failed.add("after the kill: " + violation));
        if (gap.firstMillis() < 0 || gap.firstMillis() > FIRST_ASSIGNMENT_TARGET_MILLIS) {
            failed.add("after the kill: the first ticket sent after it was assigned "
                    + (gap.firstMillis() < 0 ? "never" : gap.firstMillis() + " ms after it") + "; target "
                    + FIRST_ASSIGNMENT_TARGET_MILLIS + " ms");
        }
        if (gap.longestMillis() > LONGEST_WAIT_TARGET_MILLIS) {
            failed.add("after the kill: a ticket waited " + gap.longestMillis() + " ms to be assigned; target "
                    + LONGEST_WAIT_TARGET_MILLIS + " ms");
        }
        if (gap.unassigned() > 0 || gap.twice() > 0) {
            failed.add("after the kill: " + gap.unassigned() + " tickets never assigned, " + gap.twice()
                    + " assigned twice");
        }
        rolling.violations().forEach(violation -> failed.add("rolling restart: " + violation));
        failed.addAll(outcome.violations());
        System.out.printf("%ncluster run: %d instances, %d agents with capacity %d (standby replicas 1)%n", INSTANCES,
                AGENTS, CAPACITY);
        System.out.printf("  same body on every instance     %d of %d agents%n", AGENTS - different, AGENTS);
        System.out.printf("  kill -9 of one, reads for 60 s  %s, failover windows %s%n", afterKill.counts(),
                afterKill.windows());
        System.out.printf("  tickets across the kill         %s (targets: first <= %d s, longest <= %d s)%n", gap,
                FIRST_ASSIGNMENT_TARGET_MILLIS / 1000, LONGEST_WAIT_TARGET_MILLIS / 1000);
        System.out.printf("  rolling restart of all three    %s, failover windows %s%n", rolling.counts(),
                rolling.windows());
        System.out.printf("  tickets during the restart      %d, lost %d, assigned %d times, assigned while held %d%n",
                more.size(), outcome.lost(), outcome.assigned(), outcome.twice());
        System.out.printf("  bounds: every read answered, no 5xx but 503, 503 only in a failover window (an instance "
                + "up and not RUNNING, from %d s before to %d s after) and at most %.0f%% of the reads%n",
                FaultReads.BEFORE_MILLIS / 1000, FaultReads.AFTER_MILLIS / 1000, 100 * FaultReads.MAX_UNAVAILABLE);
        failed.forEach(violation -> System.out.println("  CHECK FAILED: " + violation));
        System.out.println(failed.isEmpty() ? "cluster run: all checks hold" : "cluster run: CHECK FAILED");
        return failed.isEmpty();
    }

    /**
     * Runs {@code faults} while reading agents from the instances that are up, and watching their readiness (the
     * failover windows); returns the reads.
     */
    private FaultReads underReads(final Driver.Step faults, final boolean killsAnActiveCopy) throws Exception {
        final FaultReads reads = new FaultReads(System.currentTimeMillis(), killsAnActiveCopy);
        final AtomicBoolean reading = new AtomicBoolean(true);
        final Thread reader = new Thread(() -> {
            while (reading.get()) {
                final int instance = ThreadLocalRandom.current().nextInt(INSTANCES);
                if (down.contains(instance)) {
                    continue;
                }
                final String agent = agents.get(ThreadLocalRandom.current().nextInt(agents.size()));
                final int stopped = stops.get(instance);
                final HttpResponse<String> answer = send(instance, "GET", agent, "tickets");
                if (down.contains(instance) || stops.get(instance) != stopped) {
                    continue;  // went down while asked
                }
                reads.read(System.currentTimeMillis(), kind(answer, agent, killsAnActiveCopy),
                        answer.headers().firstValue("Chat-Ticket-Standby-Lag").isPresent());
                Driver.pause(5);
            }
        }, "cluster-reads");
        final Thread readiness = new Thread(() -> {
            while (reading.get()) {
                for (int i = 0; i < INSTANCES; i++) {
                    final int stopped = stops.get(i);
                    if (!down.contains(i) && !running(i) && !down.contains(i) && stops.get(i) == stopped) {
                        reads.notReady(System.currentTimeMillis());
                    }
                }
                Driver.pause(200);
            }
        }, "cluster-readiness");
        reader.start();
        readiness.start();
        faults.run();
        reading.set(false);
        reader.join();
        readiness.join();
        return reads;
    }

    /**
     * The instance whose stream thread reads the pool's partition of pool-ticket-events: its static member id (the
     * instance id, then the thread's number) says which.
     */
    private int poolInstance() throws Exception {
        final String group = "bench-" + SUFFIX;
        final String topic = group + "-" + TopologyFactory.POOL_TICKET_EVENTS_TOPIC + "-repartition";
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        try (Admin admin = Admin.create(props)) {
            final int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().size();
            final TopicPartition pool = new TopicPartition(topic,
                    Utils.toPositive(Utils.murmur2(Pools.DEFAULT_POOL.getBytes(StandardCharsets.UTF_8))) % partitions);
            for (final MemberDescription member : admin.describeConsumerGroups(List.of(group)).all().get()
                    .get(group).members()) {
                if (member.assignment().topicPartitions().contains(pool)) {
                    final String id = member.groupInstanceId().orElseThrow();
                    for (int i = 0; i < INSTANCES; i++) {
                        if (id.startsWith("bench-" + SUFFIX + "-" + i + "-")) {
                            return i;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no instance holds the pool's partition of " + topic);
    }

    /** Marks the instance down before it goes: a read of an instance that is down is not counted. */
    private void takeDown(final int instance) {
        stops.incrementAndGet(instance);
        down.add(instance);
    }

    private String kind(final HttpResponse<String> answer, final String agent, final boolean compareBodies) {
        return switch (answer.statusCode()) {
            case 200 -> !compareBodies || answer.body().equals(bodies.get(agent)) ? FaultReads.OK
                    : FaultReads.WRONG_BODY;
            case 404 -> FaultReads.WRONG_404;
            case 599 -> FaultReads.NO_ANSWER;
            default -> Integer.toString(answer.statusCode());
        };
    }

    /**
     * Whether the instance's Kafka Streams client says RUNNING (not REBALANCING: the group is moving tasks), read on
     * its management port. Not its readiness probe: that stays up through a rebalance on purpose.
     */
    private boolean running(final int instance) {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + ServiceProcess.managementPort(config.servicePort() + instance) + "/actuator/health/kafkaStreams"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().contains("\"status\":\"UP\"");
        } catch (Exception e) {
            return false;
        }
    }

    /** Whether the instance's readiness probe says so, as a load balancer asks it. */
    private boolean ready(final int instance) {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + (config.servicePort() + instance) + "/readyz")).timeout(Duration.ofSeconds(2)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Waits (up to 30 s) until the agents' lists on the first instance hold all the tickets: a decision is visible on
     * ticket-assignments a hop before it reaches its agent's list, and the bodies are compared once all have.
     */
    private void awaitListed(final int tickets) {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            int listed = 0;
            for (final String agent : agents) {
                final HttpResponse<String> answer = send(0, "GET", agent, "tickets");
                listed += answer.statusCode() == 200 ? answer.body().split("\"ticketStatus\"", -1).length - 1 : 0;
            }
            if (listed >= tickets) {
                return;
            }
            Driver.pause(200);
        }
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
                producer.send(new ProducerRecord<>(ServiceProcess.topics(SUFFIX).ticketCreated(), id, TicketCreated
                        .newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue("english").setChannel("chat")
                        .setContent("{}").setPriority(1 + i % 3).build()));
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Tickets without any decision, tickets never assigned (the agents have room for all), ASSIGNED decisions, and
     * assignments of a ticket still held.
     */
    private record Outcome(int lost, int unassigned, int assigned, int twice, Map<String, String> examples) {

        List<String> violations() {
            final List<String> found = new ArrayList<>();
            if (lost > 0) {
                found.add(lost + " tickets without a decision");
            }
            if (twice > 0) {
                found.add(twice + " assignments of a ticket still held, e.g. " + examples);
            }
            if (unassigned > lost) {
                found.add((unassigned - lost) + " tickets decided but never assigned, though the agents had room: "
                        + "an assignment made twice would not have shown for them");
            }
            return found;
        }
    }

    /** Waits until every ticket has a decision on ticket-assignments (read_committed), for up to 2 minutes. */
    private Outcome awaitDecided(final List<String> tickets) {
        final Map<String, List<TicketAssignment>> decided = new HashMap<>();
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "cluster-" + UUID.randomUUID());
        final String topic = ServiceProcess.topics(SUFFIX).ticketAssignments();
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
        int unassigned = 0;
        final AssignedTwice twice = new AssignedTwice();
        for (final String ticket : tickets) {
            final List<TicketAssignment> history = decided.getOrDefault(ticket, List.of());
            lost += history.isEmpty() ? 1 : 0;
            unassigned += history.stream().noneMatch(d -> d.getDecision() == Decision.ASSIGNED) ? 1 : 0;
            history.forEach(twice::add);
        }
        return new Outcome(lost, unassigned, twice.assigned(), twice.twice(), twice.examples());
    }

    private ServiceProcess start(final int instance) throws Exception {
        final ServiceProcess started = ServiceProcess.start(config, SUFFIX, instance,
                "--chat-ticket.streams.standby-replicas=1", "--chat-ticket.agents.default-queues=english",
                "--chat-ticket.streams.application-server=127.0.0.1:" + (config.servicePort() + instance));
        // read only once ready, as a load balancer would: every partition of the agents held there answers
        final long deadline = System.currentTimeMillis() + 120_000;
        while (!ready(instance)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("instance " + instance + " runs but was not ready within 2 minutes");
            }
            Driver.pause(200);
        }
        log("instance " + instance + " ready on port " + (config.servicePort() + instance));
        return started;
    }

    private HttpResponse<String> send(final int instance, final String method, final String agent,
            final String action) {
        return send(instance, method, agent, action, token(agent));
    }

    private HttpResponse<String> send(final int instance, final String method, final String agent,
            final String action, final String token) {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + (config.servicePort() + instance) + "/v1/" + agent + "/" + action))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return new NoAnswer(request);
        }
    }

    private String token(final String agent) {
        return config.token(agent, Map.of("capacity", CAPACITY));
    }

    private static void log(final String message) {
        Driver.log("cluster", message);
    }
}
