package net.oneview.chatticket.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.oneview.chatticket.avro.SchemaPrefetch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Starts Kafka Streams once the web server listens (its port is this instance's address for interactive queries)
 * and closes it before the web server stops. Exactly-once: a crash never doubles or drops a decision. A client that
 * dies on its own makes the process not alive ({@link StreamsLiveness}).
 */
@Component
public class StreamsLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamsLifecycle.class);
    private static final String OUTAGE_WAIT = "chat-ticket.schema-registry-outage-wait";
    /** What Kafka Streams sets for exactly-once when nothing else is set. */
    private static final long EXACTLY_ONCE_TRANSACTION_TIMEOUT_MS = 10_000;

    private final Topology topology;
    private final StreamsProperties settings;
    private final TopicProperties topics;
    private final String bootstrapServers;
    private final Environment environment;
    private final List<StartCheck> checks;
    private final boolean leaveGroupOnStop;
    private final DeadLetterObserver deadLetters;
    /** Told when the Kafka Streams client is made and closed: its metrics are bound to the meter registry. */
    private final List<StreamsBuilderFactoryBean.Listener> listeners;
    private final ApplicationEventPublisher events;
    private volatile KafkaStreams streams;
    /** How many times the client's state changed: a rebalance changes it, and with it where each partition is. */
    private final AtomicLong stateChanges = new AtomicLong();
    private SchemaPrefetch prefetch;
    /** Set while {@link #stop()} closes the client: that shutdown is asked for, not a failure. */
    private volatile boolean stopping;
    private volatile HostInfo self;
    private volatile boolean addressShared;
    private ScheduledExecutorService addressCheck;
    /** Consecutive checks that found this instance's address advertised by another member too. */
    private int sharedChecks;

    public StreamsLifecycle(final Topology topology, final StreamsProperties settings, final TopicProperties topics,
            @Value("${spring.kafka.bootstrap-servers}") final String bootstrapServers, final Environment environment,
            final ObjectProvider<StartCheck> checks,
            @Value("${chat-ticket.streams.leave-group-on-stop:true}") final boolean leaveGroupOnStop,
            final DeadLetterObserver deadLetters, final ObjectProvider<StreamsBuilderFactoryBean.Listener> listeners,
            final ApplicationEventPublisher events) {
        this.topology = topology;
        this.settings = settings;
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.environment = environment;
        this.checks = checks.orderedStream().toList();
        this.leaveGroupOnStop = leaveGroupOnStop;
        this.deadLetters = deadLetters;
        this.listeners = listeners.orderedStream().toList();
        this.events = events;
    }

    @Override
    public void start() {
        checks.forEach(StartCheck::verify);
        self = HostInfo.buildFromEndpoint(applicationServer());
        stopping = false;
        final Properties config = config();
        TopologyChange.rejoinIfChanged(topology, Path.of(settings.stateDir(), settings.applicationId()),
                bootstrapServers, settings.applicationId(), instanceId(),
                Integer.parseInt(String.valueOf(config.getOrDefault(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1))));
        prefetch = new SchemaPrefetch(environment.getRequiredProperty("chat-ticket.schema-registry-url"));
        streams = new KafkaStreams(topology, config, SchemaReadyConsumer.clients(prefetch));
        final StreamsLiveness liveness = new StreamsLiveness(events, () -> stopping);
        streams.setStateListener((newState, oldState) -> {
            stateChanges.incrementAndGet();
            liveness.onChange(newState, oldState);
        });
        streams.setUncaughtExceptionHandler(error -> {
            log.error("stream thread failed; replacing it, it resumes from the last committed state", error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        listeners.forEach(listener -> listener.streamsAdded(settings.applicationId(), streams));
        streams.start();
        addressCheck = Executors.newSingleThreadScheduledExecutor(task -> {
            final Thread thread = new Thread(task, "advertised-address-check");
            thread.setDaemon(true);
            return thread;
        });
        addressCheck.scheduleWithFixedDelay(this::refuseIfAddressShared, 5, 5, TimeUnit.SECONDS);
        log.info("Kafka Streams '{}' started; interactive queries at {}", settings.applicationId(), self);
    }

    /**
     * Another member advertising this instance's address would get queries meant for this one and the other way
     * round, answering "absent" for keys it does not hold: this instance stops rather than give wrong answers.
     */
    private void refuseIfAddressShared() {
        final KafkaStreams running = streams;
        if (running == null || running.state() != KafkaStreams.State.RUNNING) {
            return;
        }
        sharedChecks = AdvertisedAddress.sharedWithAnotherMember(running, self) ? sharedChecks + 1 : 0;
        if (sharedChecks == 3) {
            log.error("another instance of '{}' advertises this instance's address {} for interactive queries: "
                    + "stopping Kafka Streams here rather than answer for keys held elsewhere. Give each instance its "
                    + "own chat-ticket.streams.application-server (and instance-id).", settings.applicationId(), self);
            addressShared = true;
            running.close(Duration.ofSeconds(30));
        }
    }

    /** Whether this instance stopped because another advertises its address. */
    public boolean addressShared() {
        return addressShared;
    }

    @Override
    public void stop() {
        if (addressCheck != null) {
            addressCheck.shutdownNow();
        }
        final KafkaStreams running = streams;
        if (running != null) {
            stopping = true;
            // Leaving hands the tasks to the other instances now; a static member that stays keeps them until the
            // session times out (see chat-ticket.streams.leave-group-on-stop).
            running.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(leaveGroupOnStop));
            listeners.forEach(listener -> listener.streamsRemoved(settings.applicationId(), running));
            streams = null;
        }
        if (prefetch != null) {
            prefetch.close();
            prefetch = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** After the web server (whose phase is just below this one) has started; stopped before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    /** The running Kafka Streams client, or null before start and after stop. */
    /**
     * A number that changes whenever the Kafka Streams client's state does (a rebalance, a restart): what was learnt
     * about where partitions live holds while it stays the same.
     */
    public long stateChanges() {
        return stateChanges.get();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** This instance's address as other instances see it. */
    public HostInfo self() {
        return self;
    }

    private String applicationServer() {
        if (settings.applicationServer() != null && !settings.applicationServer().isBlank()) {
            return settings.applicationServer();
        }
        return AdvertisedAddress.defaultHost(environment.getProperty("server.address"), bootstrapServers) + ":"
                + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }

    private String instanceId() {
        return settings.instanceId() == null || settings.instanceId().isBlank()
                ? settings.applicationId() + "-" + self.host() + "-" + self.port() : settings.instanceId();
    }

    private Properties config() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        // Static membership: a restarted instance takes its tasks back at once instead of waiting for a rebalance.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replicationFactor());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.TOPIC_CONFIG, topics.deadLetters());
        props.put(DeadLetterHandler.OBSERVER_CONFIG, deadLetters);
        props.put(DeadLetterHandler.TICKET_TOPICS_CONFIG,
                String.join(",", topics.ticketCreated(), topics.ticketStatus(), topics.ticketAssignments(),
                        topics.poolHandovers()));
        props.put(DeadLetterHandler.AGENT_TOPICS_CONFIG, String.join(",", topics.agentStatus(), topics.poolReleases()));
        // Tuning (commit interval, poll time, threads, ...) comes from chat-ticket.streams.config.*, with the reasons,
        // in application.properties.
        props.putAll(settings.config());
        final long transactionTimeout = transactionTimeoutMillis(props);
        props.putIfAbsent(DeadLetterHandler.WRITE_TIMEOUT_CONFIG, transactionTimeout / 2);
        final Duration outageWait = environment.getProperty(OUTAGE_WAIT, Duration.class, Duration.ZERO);
        if (outageWait.toMillis() >= transactionTimeout) {
            throw new IllegalStateException(OUTAGE_WAIT + " (" + outageWait.toMillis() + " ms) must be shorter than "
                    + "the stream threads' transaction timeout (chat-ticket.streams.config.producer."
                    + "transaction.timeout.ms, " + transactionTimeout + " ms): the broker would abort a transaction "
                    + "waiting for the registry");
        }
        return props;
    }

    /** The stream threads' producers' transaction timeout: as set, or exactly-once's default in Kafka Streams. */
    static long transactionTimeoutMillis(final Properties props) {
        final Object set = props.getOrDefault(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                props.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
        return set == null ? EXACTLY_ONCE_TRANSACTION_TIMEOUT_MS : Long.parseLong(String.valueOf(set));
    }
}
