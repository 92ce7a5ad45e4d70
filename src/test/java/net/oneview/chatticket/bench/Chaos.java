package net.oneview.chatticket.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.streams.TopicProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code make chaos}: a steady load of tickets, status changes and agents going online, offline and between pools,
 * while the service is killed (kill -9) and restarted, once with its state directory wiped, the broker is bounced
 * (kill -9) twice and the registry is down for 30 s. Then it reads the topics and the service's answers and checks
 * that every ticket has one outcome, none was held twice at once, no agent held more than its capacity, every GET
 * equals the replay of ticket-assignments, and only the deliberately bad records are dead letters.
 */
public final class Chaos {

    private static final String SUFFIX = "chaos";
    private static final TopicProperties TOPICS = ServiceProcess.topics(SUFFIX);
    private static final int CAPACITY = 3;
    private static final int AGENTS = 40;
    /**
     * GETs read the stores, not the registry: while it is down (with the service up) they go on being answered (200,
     * or 404 for an agent not seen yet); the floor leaves room for a few slow answers on the busy machine.
     */
    private static final double AVAILABILITY_FLOOR_PERCENT = 99.0;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final BenchConfig config = BenchConfig.fromEnvironment();
    private final Path run = config.dir();
    private final List<String> agents = new ArrayList<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> assigned = new ConcurrentHashMap<>();  // ticket -> agent, as seen live
    private final Set<String> badKeys = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final AtomicBoolean registryDown = new AtomicBoolean();
    private final AtomicBoolean settled = new AtomicBoolean();
    private final AtomicInteger overCapacity = new AtomicInteger();
    private final AtomicInteger agentChanges = new AtomicInteger();
    private final AtomicReference<String> poolAgentsGap = new AtomicReference<>();
    private final AtomicReference<ServiceProcess> service = new AtomicReference<>();
    private final AtomicInteger getsDuringOutage = new AtomicInteger();
    private final AtomicInteger getsAnsweredDuringOutage = new AtomicInteger();
    private final AtomicInteger ticketsSent = new AtomicInteger();
    private final AtomicInteger foreignTicketsSent = new AtomicInteger();
    private int kills;
    private int bounces;
    private int wipes;
    private long outageMillis;

    public static void main(final String[] args) throws Exception {
        System.exit(new Chaos().run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        final long started = System.currentTimeMillis();
        for (int i = 0; i < AGENTS; i++) {
            agents.add(UUID.randomUUID().toString());
        }
        service.set(start());
        final List<Thread> load = List.of(thread("tickets", this::createTickets), thread("agents", this::moveAgents),
                thread("decisions", this::followDecisions), thread("gets", this::readTickets));
        load.forEach(Thread::start);
        final Thread agentOrder = thread("pool-agents", this::followPoolAgents);
        agentOrder.start();
        faults();
        loading.set(false);
        for (final Thread thread : load) {
            thread.join();
        }
        final List<TicketAssignment> decisions = settle();
        settled.set(true);
        agentOrder.join();
        final boolean ok = verify(decisions, (System.currentTimeMillis() - started) / 1000);
        service.get().close();
        return ok;
    }

    /** The faults, one after the other, each once the service is back. */
    private void faults() throws Exception {
        final int serviceKills = config.quick() ? 3 : 10;
        Driver.pause(15_000);
        for (int i = 0; i < serviceKills; i++) {
            killService(i == serviceKills / 2);
            Driver.pause(3_000 + ThreadLocalRandom.current().nextInt(6_000));
            if (i == 2) {
                bounceBroker();
            }
            if (i == serviceKills - 2 && !config.quick()) {
                bounceBroker();
            }
            if (i == 1) {
                registryOutage(config.quick() ? 15_000 : 30_000);
            }
        }
        Driver.pause(10_000);
    }

    private void killService(final boolean wipe) throws Exception {
        service.get().kill();
        kills++;
        if (wipe) {
            deleteTree(service.get().stateDir());
            wipes++;
        }
        log("killed the service (kill -9)" + (wipe ? " and wiped its state directory" : ""));
        service.set(start());
    }

    private void bounceBroker() throws Exception {
        kill9("kafka");
        bounces++;
        log("killed the broker (kill -9)");
        Driver.pause(3_000);
        stack("broker");
        awaitServiceRunning();
        log("broker back; the service runs");
    }

    /** The registry down; meanwhile tickets written under a schema the service has not cached yet. */
    private void registryOutage(final long millis) throws Exception {
        final Schema foreign = foreignTicketSchema();
        try (KafkaProducer<String, Object> producer = producer()) {
            // the schema is registered while the registry is up (this JVM's client keeps its id), and no record of
            // it is sent yet: the service has not seen its id when the registry goes
            try (ConfluentAvroSerializer<Object> registering = new ConfluentAvroSerializer<>(
                    Map.of("schema.registry.url", config.registry()), false)) {
                registering.serialize(TOPICS.ticketCreated(), foreignTicket(foreign, "warm-up-" + UUID.randomUUID()));
            }
            kill9("registry");
            registryDown.set(true);
            final long down = System.currentTimeMillis();
            log("killed the schema registry (kill -9) for " + millis / 1000 + " s");
            while (System.currentTimeMillis() - down < millis) {
                final String id = "foreign-" + UUID.randomUUID();
                producer.send(new ProducerRecord<>(TOPICS.ticketCreated(), id, foreignTicket(foreign, id)));
                foreignTicketsSent.incrementAndGet();
                Driver.pause(1_000);
            }
            stack("registry");
            outageMillis = System.currentTimeMillis() - down;
            registryDown.set(false);
            log("registry back after " + outageMillis / 1000 + " s");
        }
    }

    // --- load -------------------------------------------------------------------------------------------------

    private void createTickets() throws Exception {
        final String[] queues = {"english", "english", "vip"};
        try (KafkaProducer<String, Object> producer = producer();
             KafkaProducer<String, byte[]> raw = rawProducer()) {
            int n = 0;
            while (loading.get()) {
                final String id = UUID.randomUUID().toString();
                // routes: chats and emails; one ticket in five prefers an agent (maybe one that cannot take it)
                producer.send(new ProducerRecord<>(TOPICS.ticketCreated(), id, TicketCreated.newBuilder().setId(id)
                        .setCreatedAt(Instant.now()).setQueue(queues[n % 3]).setChannel(n % 2 == 0 ? "chat" : "email")
                        .setPreferredAgentId(n % 5 == 0 ? agents.get(n % agents.size()) : null).setContent("{}")
                        .setPriority(1 + n % 3).build()));
                ticketsSent.incrementAndGet();
                if (++n % 150 == 0) {
                    injectBadRecords(raw, n / 150);
                }
                Driver.pause(100);
            }
        }
    }

    /** Deliberately bad: not Confluent-framed, and an unknown schema id; on each input topic. */
    private void injectBadRecords(final KafkaProducer<String, byte[]> raw, final int round) {
        final byte[] unknownId = {0, 0, 1, (byte) 0x86, (byte) 0xA0, 2};
        for (final String input : List.of(TOPICS.ticketCreated(), TOPICS.ticketStatus(), TOPICS.agentStatus())) {
            final String key = "bad-" + input + "-" + round;
            badKeys.add(key);
            raw.send(new ProducerRecord<>(input, key,
                    (round % 2 == 0 ? "not avro" : "").getBytes(StandardCharsets.UTF_8)));
            badKeys.add(key + "-id");
            raw.send(new ProducerRecord<>(input, key + "-id", unknownId));
        }
    }

    /** Agents go online, offline, and switch queue (and so pool: 'vip' is a pool of its own). */
    private void moveAgents() throws Exception {
        final Map<String, String> queue = new HashMap<>();
        for (final String agent : agents) {
            queue.put(agent, agents.indexOf(agent) % 4 == 0 ? "vip" : "english");
            put(agent, queue.get(agent), "online");
        }
        while (loading.get()) {
            final String agent = agents.get(ThreadLocalRandom.current().nextInt(agents.size()));
            final int dice = ThreadLocalRandom.current().nextInt(10);
            if (dice < 3) {
                queue.put(agent, queue.get(agent).equals("vip") ? "english" : "vip");
                put(agent, queue.get(agent), "online");
            } else {
                put(agent, queue.get(agent), dice < 6 ? "offline" : "online");
            }
            Driver.pause(700);
        }
        for (final String agent : agents) {
            put(agent, queue.get(agent), "online");  // all online at the end, so the backlog drains where it can
        }
    }

    /** Follows decisions as they come, and closes or escalates assigned tickets a moment later. */
    private void followDecisions() throws Exception {
        try (KafkaConsumer<String, TicketAssignment> decisions = decisionConsumer();
             KafkaProducer<String, Object> producer = producer()) {
            decisions.subscribe(List.of(TOPICS.ticketAssignments()));
            while (loading.get()) {
                for (final ConsumerRecord<String, TicketAssignment> record : decisions.poll(Duration.ofMillis(200))) {
                    final TicketAssignment decision = record.value();
                    if (decision.getDecision() == Decision.ASSIGNED) {
                        assigned.put(decision.getTicketId(), decision.getAgentId());
                    } else if (decision.getDecision() != Decision.STATUS_CHANGED) {
                        assigned.remove(decision.getTicketId());
                    }
                }
                for (final String ticket : List.copyOf(assigned.keySet())) {
                    if (ThreadLocalRandom.current().nextInt(20) == 0) {
                        final TicketStatus status = ThreadLocalRandom.current().nextInt(5) == 0
                                ? TicketStatus.ESCALATED : TicketStatus.CLOSED;
                        producer.send(new ProducerRecord<>(TOPICS.ticketStatus(), ticket, TicketStatusChanged
                                .newBuilder().setTicketId(ticket).setStatus(status).setTime(Instant.now()).build()));
                        if (status == TicketStatus.CLOSED) {
                            assigned.remove(ticket);
                        }
                    }
                }
            }
        }
    }

    /** GETs all along; those during the registry outage are counted apart. */
    private void readTickets() throws Exception {
        while (loading.get()) {
            final String agent = agents.get(ThreadLocalRandom.current().nextInt(agents.size()));
            final boolean outage = registryDown.get();
            final int status = get(agent).statusCode();
            if (outage && registryDown.get()) {
                getsDuringOutage.incrementAndGet();
                if (status == 200 || status == 404) {
                    getsAnsweredDuringOutage.incrementAndGet();
                }
            }
            Driver.pause(50);
        }
    }

    /**
     * Every change of an agent's record in its pool, in the order the pool wrote them (its changelog, one partition per
     * pool, read as it comes, committed records only), counting the times an agent held more open tickets than its
     * capacity, overall or of a channel: what the pool decides with, as it was after each event.
     */
    private void followPoolAgents() throws Exception {
        final String topic = "bench-" + SUFFIX + "-pool-agents-changelog";
        final Properties props = consumerProps();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        try (KafkaConsumer<String, PoolAgent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(Map.of("schema.registry.url", config.registry(),
                        "specific.avro.reader", true), false))) {
            List<PartitionInfo> found = consumer.partitionsFor(topic);
            while (found == null || found.isEmpty()) {  // Kafka Streams makes it on its first start
                Driver.pause(500);
                found = consumer.partitionsFor(topic);
            }
            final List<TopicPartition> partitions = found.stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!settled.get() || partitions.stream().anyMatch(p -> consumer.position(p) < consumer.endOffsets(
                    List.of(p)).get(p))) {
                try {
                    for (final ConsumerRecord<String, PoolAgent> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.value() != null) {
                            agentChanges.incrementAndGet();
                            check(record.value());
                        }
                    }
                } catch (org.apache.kafka.clients.consumer.OffsetOutOfRangeException e) {
                    poolAgentsGap.set(e.getMessage());
                    return;
                } catch (org.apache.kafka.common.KafkaException e) {
                    Driver.pause(500);  // the broker bounced
                }
            }
        }
    }

    private void check(final PoolAgent agent) {
        final Map<String, Long> ofChannel = agent.getTickets().stream().collect(Collectors.groupingBy(
                ticket -> agent.getTicketChannels().getOrDefault(ticket, "chat"), Collectors.counting()));
        final Map<String, Integer> channels = channelCapacity(agent.getAgentId());
        final boolean overChannel = ofChannel.entrySet().stream()
                .anyMatch(count -> channels.containsKey(count.getKey()) && count.getValue() > channels.get(count.getKey()));
        if (agent.getTickets().size() > CAPACITY || overChannel) {
            overCapacity.incrementAndGet();
            log("agent " + agent.getAgentId() + " holds " + agent.getTickets() + " (by channel " + ofChannel + ")");
        }
    }

    // --- verification -----------------------------------------------------------------------------------------

    /** Waits until ticket-assignments has not grown for 15 s with everything up, and returns every decision. */
    private List<TicketAssignment> settle() throws Exception {
        awaitServiceRunning();
        long lastEnd = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() - quietSince < 15_000) {
            final long end = endOffsets(TOPICS.ticketAssignments());
            if (end != lastEnd) {
                lastEnd = end;
                quietSince = System.currentTimeMillis();
            }
            Driver.pause(1_000);
        }
        final List<TicketAssignment> decisions = new ArrayList<>();
        try (KafkaConsumer<String, TicketAssignment> consumer = decisionConsumer()) {
            readAll(consumer, TOPICS.ticketAssignments(), record -> decisions.add(record.value()));
        }
        return decisions;
    }

    private boolean verify(final List<TicketAssignment> decisions, final long seconds) throws Exception {
        final Set<String> created = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = rawConsumer()) {
            readAll(consumer, TOPICS.ticketCreated(), record -> {
                if (!badKeys.contains(record.key())) {
                    created.add(record.key());
                }
            });
        }
        final Map<String, List<TicketAssignment>> byTicket = new HashMap<>();
        decisions.forEach(decision -> byTicket.computeIfAbsent(decision.getTicketId(), t -> new ArrayList<>())
                .add(decision));
        int lost = 0;
        int doubled = 0;
        final Map<Decision, Integer> outcomes = new TreeMap<>();
        final Map<String, Set<String>> held = new HashMap<>();
        for (final String ticket : created) {
            final List<TicketAssignment> history = byTicket.getOrDefault(ticket, List.of());
            if (history.isEmpty()) {
                lost++;
                continue;
            }
            doubled += AssignedTwice.in(history);
            final TicketAssignment last = history.get(history.size() - 1);
            outcomes.merge(last.getDecision(), 1, Integer::sum);
            if (last.getDecision() == Decision.ASSIGNED || last.getDecision() == Decision.STATUS_CHANGED
                    && last.getAgentId() != null) {
                held.computeIfAbsent(last.getAgentId(), a -> new HashSet<>()).add(ticket);
            }
        }
        int getMismatches = 0;
        for (final String agent : agents) {
            final Set<String> answered = ticketIds(get(agent));
            if (!answered.equals(held.getOrDefault(agent, Set.of()))) {
                getMismatches++;
                log("GET of " + agent + " " + answered + " but ticket-assignments says " + held.get(agent));
            }
        }
        final Set<String> letters = new HashSet<>();
        final AtomicInteger letterRecords = new AtomicInteger();
        try (KafkaConsumer<String, byte[]> consumer = rawConsumer()) {
            readAll(consumer, TOPICS.deadLetters(), record -> {
                letters.add(record.key());
                letterRecords.incrementAndGet();
            });
        }
        final Set<String> unexpected = new HashSet<>(letters);
        unexpected.removeAll(badKeys);
        final Set<String> missing = new HashSet<>(badKeys);
        missing.removeAll(letters);
        final Availability duringOutage = new Availability(getsDuringOutage.get(), getsAnsweredDuringOutage.get(),
                AVAILABILITY_FLOOR_PERCENT, config.quick() ? 100 : 200);

        System.out.printf("%nchaos run: %d s, service kill -9 x%d (state wiped x%d), broker kill -9 and restart x%d, "
                + "registry down %d s%n", seconds, kills, wipes, bounces, outageMillis / 1000);
        System.out.printf("  tickets created      %6d (%d while the registry was down, under a schema not cached)%n",
                created.size(), foreignTicketsSent.get());
        System.out.printf("  decisions            %6d; final outcomes %s%n", decisions.size(), outcomes);
        System.out.printf("  lost                 %6d%n", lost);
        System.out.printf("  held twice at once   %6d%n", doubled);
        System.out.printf("  capacity violations  %6d (the pool's record of each agent after each of its %d changes; "
                + "capacity %d)%s%n", overCapacity.get(), agentChanges.get(), CAPACITY,
                poolAgentsGap.get() == null ? "" : "; NOT ALL READ: " + poolAgentsGap.get());
        System.out.printf("  GET != replay        %6d of %d agents%n", getMismatches, agents.size());
        System.out.printf("  dead letters         %6d records, %d keys: %d injected bad records all there: %s, "
                + "unexpected %d%n", letterRecords.get(), letters.size(), badKeys.size(), missing.isEmpty(),
                unexpected.size());
        System.out.printf("  GETs answered while the registry was down: %s%s%n", duringOutage,
                duringOutage.shortfall() == null ? "" : ": " + duringOutage.shortfall());
        final boolean ok = lost == 0 && doubled == 0 && overCapacity.get() == 0 && poolAgentsGap.get() == null
                && getMismatches == 0 && missing.isEmpty() && unexpected.isEmpty() && duringOutage.shortfall() == null;
        System.out.println(ok ? "chaos run: all invariants hold" : "chaos run: INVARIANT VIOLATED");
        return ok;
    }

    // --- plumbing ---------------------------------------------------------------------------------------------

    private ServiceProcess start() throws Exception {
        // routes: english's tickets go to its agents at level 3 and up, after 3 s to any of them
        final ServiceProcess started = ServiceProcess.start(config, SUFFIX, "--chat-ticket.assignment.pools.vip=vip",
                "--chat-ticket.agents.default-capacity=" + CAPACITY,
                "--chat-ticket.routing.queues.english.steps[0].min-level=3",
                "--chat-ticket.routing.queues.english.steps[1].after=3s",
                "--chat-ticket.routing.queues.english.steps[1].min-level=1",
                "--chat-ticket.routing.preferred-agent-wait=2s");
        log("service running");
        return started;
    }

    private void awaitServiceRunning() throws Exception {
        final long deadline = System.currentTimeMillis() + 180_000;
        while (get(agents.get(0)).statusCode() >= 500 || !healthUp()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the service did not run again within 3 minutes; see " + run);
            }
            Driver.pause(500);
        }
    }

    private boolean healthUp() {
        try {
            return ServiceProcess.streamsRunning(config.servicePort());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void put(final String agent, final String queue, final String action) {
        send(HttpRequest.newBuilder(uri("/v1/" + agent + "/" + action)).header("Authorization", "Bearer "
                + token(agent, queue)).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> get(final String agent) {
        return send(HttpRequest.newBuilder(uri("/v1/" + agent + "/tickets")).header("Authorization", "Bearer "
                + token(agent, "english")).GET());
    }

    private HttpResponse<String> send(final HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return new NoAnswer(request.build());
        }
    }

    private URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + config.servicePort() + path);
    }

    private static Set<String> ticketIds(final HttpResponse<String> answer) {
        final Set<String> ids = new HashSet<>();
        if (answer.statusCode() == 200) {
            for (final JsonNode ticket : JSON.readTree(answer.body())) {
                ids.add(ticket.get("id").asString());
            }
        }
        return ids;
    }

    /**
     * Routes: an agent's level in its queue is 1 to 5 by its place in the list; every other agent gives its capacity
     * per channel, 2 chats and 1 email (3 in all, as the others).
     */
    private String token(final String agent, final String queue) {
        final int place = agents.indexOf(agent);
        return tokens.computeIfAbsent(agent + "/" + queue, key -> config.token(agent, Map.of("name",
                "Chaos " + agent.substring(0, 4), "queues", List.of(queue + ":" + (place % 5 + 1)), "capacity",
                channelCapacity(agent).isEmpty() ? (Object) CAPACITY : channelCapacity(agent))));
    }

    private Map<String, Integer> channelCapacity(final String agent) {
        return agents.indexOf(agent) % 2 == 1 ? Map.of("chat", 2, "email", 1) : Map.of();
    }

    private static Schema foreignTicketSchema() {
        return new Schema.Parser().parse(TicketCreated.getClassSchema().toString()
                .replace("net.oneview.chatticket.events", "com.example.chaos"));
    }

    private static GenericRecord foreignTicket(final Schema schema, final String id) {
        final GenericRecord ticket = new GenericData.Record(schema);
        ticket.put("id", id);
        ticket.put("createdAt", Instant.now().toEpochMilli());
        ticket.put("queue", "english");
        ticket.put("channel", "chat");
        ticket.put("content", "{}");
        ticket.put("priority", 2);
        return ticket;
    }


    private KafkaProducer<String, Object> producer() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        return new KafkaProducer<>(props, new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", config.registry()), false));
    }

    private KafkaProducer<String, byte[]> rawProducer() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, TicketAssignment> decisionConsumer() {
        return new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new ConfluentAvroDeserializer<>(
                Map.of("schema.registry.url", config.registry(), "specific.avro.reader", true), false));
    }

    private KafkaConsumer<String, byte[]> rawConsumer() {
        return new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Properties consumerProps() {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-driver-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    private <V> void readAll(final KafkaConsumer<String, V> consumer, final String topic,
            final java.util.function.Consumer<ConsumerRecord<String, V>> each) {
        final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
            consumer.poll(Duration.ofMillis(500)).forEach(each);
        }
    }

    private long endOffsets(final String topic) {
        try (KafkaConsumer<String, byte[]> consumer = rawConsumer()) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private void kill9(final String name) throws Exception {
        final long pid = Long.parseLong(Files.readString(run.resolve(name + ".pid")).trim());
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroyForcibly();
            process.onExit().join();
        });
    }

    private void stack(final String command) throws Exception {
        final Process stack = new ProcessBuilder("bash", "src/local/stack.sh", command).inheritIO().start();
        if (stack.waitFor() != 0) {
            throw new IllegalStateException("stack.sh " + command + " failed");
        }
    }

    private static void deleteTree(final Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private Thread thread(final String name, final Driver.Step task) {
        return new Thread(() -> {
            try {
                task.run();
            } catch (Exception e) {
                throw new IllegalStateException(name + " failed", e);
            }
        }, "chaos-" + name);
    }

    private static void log(final String message) {
        Driver.log("chaos", message);
    }
}
