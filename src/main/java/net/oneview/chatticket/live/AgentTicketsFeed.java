package net.oneview.chatticket.live;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.oneview.chatticket.agent.AgentChanges;
import net.oneview.chatticket.agent.AgentViews;
import net.oneview.chatticket.agent.AgentObserver;
import net.oneview.chatticket.assignment.AssignmentProcessor;
import net.oneview.chatticket.offers.PendingOffers;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.streams.StreamsProperties;
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
 * Follows the changelogs of the agents' entries (the store {@value AgentViews#STORE}) and of the pools' records of
 * agents ({@code pool-agents}; every partition of both, from its end, or from its beginning when it was made after
 * this instance started; committed records only): each change of an agent's list counts one more in one of them (a
 * pool's count of the agent's tickets there in its record of the agent, the agent's count of its offers in its entry;
 * the list's version is their sum, see {@link AgentViews}), so a record says the agent changed, and the count of that
 * part. For an agent followed by a stream here, the list is then read as the GET reads it (here, or from the instances
 * holding the agent and its pools), and handed to the streams. Reads of one agent are merged (one at a time, with the
 * newest count announced of each part); a read that finds a part with a lower count than announced (a copy catching
 * up) is tried again shortly. Values of agents nobody follows or waits for here are not even deserialized; a record of
 * a pool wakes the requests waiting here only when its count is news. The tasks of this instance announce their counts
 * at once, through {@link AgentChanges}, so a stream here of an agent or pool held here does not wait for the commit
 * and the changelog.
 */
@Component
class AgentTicketsFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AgentTicketsFeed.class);

    private static final int READ_ATTEMPTS = 50;
    private static final long RETRY_MILLIS = 100;
    private static final int COUNTED_KEPT = 100_000;
    /** How often the changelog is looked for until Kafka Streams has made it (on its first start). */
    private static final long TOPIC_LOOK_MILLIS = 500;
    /** Between the pool and the agent id in a key of the pools' records of agents. */
    private static final char POOL_KEY_SEP = '\u001f';

    private final LiveStreams streams;
    private final AgentViews views;
    private final TicketList list;
    private final PendingOffers offers;
    private final AgentChanges changes;
    /**
     * The newest count of each part of each agent's list's version that the tasks here counted (key: agent id and part;
     * the agents and pools held here, the most recently counted {@value #COUNTED_KEPT} at most): its copy on a
     * changelog then wakes no one again.
     */
    private final Map<String, Long> countedHere = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, Long> eldest) {
            return size() > COUNTED_KEPT;
        }
    });
    /** Agents whose list is being read, with the newest count announced of each part of its version. */
    private final Map<String, Map<String, Long>> wanted = new ConcurrentHashMap<>();
    /** Made at each start: a stop shuts it down, and a context may be started again (a paused test context). */
    private volatile ScheduledExecutorService readers;
    private final String topic;
    private final String poolTopic;
    private final Deserializer<AgentView> values;
    private final Deserializer<PoolAgent> poolValues;
    private final Map<String, Object> config;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    AgentTicketsFeed(final LiveStreams streams, final AgentViews views, final TicketList list,
            final PendingOffers offers, final AgentChanges changes, final Topics topics,
            final StreamsProperties settings, @Value("${spring.kafka.bootstrap-servers}") final String bootstrap) {
        this.offers = offers;
        this.changes = changes;
        this.streams = streams;
        this.views = views;
        this.list = list;
        this.topic = changelog(settings.applicationId());
        this.poolTopic = settings.applicationId() + "-" + AssignmentProcessor.AGENTS_STORE + "-changelog";
        this.values = topics.avro(AgentView.class).deserializer();
        this.poolValues = topics.avro(PoolAgent.class).deserializer();
        this.config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Kafka Streams makes the changelog, with the partitions it needs: asking for it must not make it
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                // a fetch waiting for committed records is answered when data arrives, not when its transaction
                // commits: the next fetch sees them, so fetches wait 20 ms at most (instead of 500 ms), as the
                // stream thread's do
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20,
                ConsumerConfig.CLIENT_ID_CONFIG, "chat-ticket-live-feed-" + java.util.UUID.randomUUID());
    }

    /** The changelog Kafka Streams names for the agents' entries. */
    static String changelog(final String applicationId) {
        return applicationId + "-" + AgentViews.STORE + "-changelog";
    }

    @Override
    public void start() {
        wanted.clear();
        countedHere.clear();
        readers = Executors.newScheduledThreadPool(2, runnable -> {
            final Thread reader = new Thread(runnable, "live-list-reader");
            reader.setDaemon(true);
            return reader;
        });
        final KafkaConsumer<String, byte[]> started = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer = started;
        changes.follow(this::counted);
        thread = new Thread(() -> follow(started), "live-agent-tickets-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** Its own consumer: one that a stop could not wait for must not take a later start's. */
    private void follow(final KafkaConsumer<String, byte[]> own) {
        try {
            final Changelog agents = awaitChangelog(own, topic);
            final Changelog pools = awaitChangelog(own, poolTopic);
            own.assign(java.util.stream.Stream.concat(agents.partitions().stream(), pools.partitions().stream())
                    .toList());
            for (final Changelog changelog : List.of(agents, pools)) {
                if (changelog.madeSinceStart()) {  // every change in it is news here
                    own.seekToBeginning(changelog.partitions());
                } else {
                    own.seekToEnd(changelog.partitions());
                }
            }
            while (true) {
                try {
                    for (final ConsumerRecord<String, byte[]> record : own.poll(Duration.ofSeconds(1))) {
                        deliver(record);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {  // the client retries by itself; a failed poll is tried again
                    log.warn("following {} and {}: {}", topic, poolTopic, e.getMessage());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            own.close(Duration.ofSeconds(2));
        }
    }

    /** The changelog's partitions, and whether the broker said it did not exist when first asked. */
    private record Changelog(List<TopicPartition> partitions, boolean madeSinceStart) {
    }

    /** The changelog, once it exists (Kafka Streams makes it on its first start) and the broker answers. */
    private Changelog awaitChangelog(final KafkaConsumer<String, byte[]> own, final String name) {
        boolean absent = false;
        while (true) {
            try {
                final var found = own.partitionsFor(name, Duration.ofSeconds(10));
                if (found != null && !found.isEmpty()) {
                    return new Changelog(found.stream().map(info -> new TopicPartition(name, info.partition()))
                            .toList(), absent);
                }
                if (!absent) {
                    log.info("waiting for topic {} to exist (Kafka Streams makes it on its first start)", name);
                    absent = true;
                }
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                log.warn("waiting for the partitions of {}: {}", name, e.getMessage());
            }
            try {
                Thread.sleep(TOPIC_LOOK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
    }

    private void deliver(final ConsumerRecord<String, byte[]> record) {
        final boolean fromPool = record.topic().equals(poolTopic);
        final int sep = record.key() == null || !fromPool ? -1 : record.key().indexOf(POOL_KEY_SEP);
        if (record.key() == null || fromPool && sep < 0) {
            return;
        }
        final String agentId = fromPool ? record.key().substring(sep + 1) : record.key();
        final String part = fromPool ? record.key().substring(0, sep) : AgentViews.OWN_PART;
        final boolean awaited = changes.awaited(agentId);
        if (!awaited && !streams.follows(agentId)) {
            return;
        }
        if (awaited && !fromPool) {  // any change of the agent's entry: a status too, whatever its count
            changes.changed(agentId);
        }
        final long count = count(record);
        if (count > countedHere.getOrDefault(countKey(agentId, part), -1L)) {  // else heard of from a task here
            if (awaited && fromPool) {
                changes.changed(agentId);
            }
            announce(agentId, part, count);
        }
    }

    private static String countKey(final String agentId, final String part) {
        return agentId + POOL_KEY_SEP + part;
    }

    /** The count of changes the record says, or -1 for a record without one (or unreadable: logged). */
    private long count(final ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return -1;
        }
        try {
            return record.topic().equals(poolTopic)
                    ? poolValues.deserialize(poolTopic, record.headers(), record.value()).getListVersion()
                    : values.deserialize(topic, record.headers(), record.value()).getTicketsVersion();
        } catch (RuntimeException e) {
            log.warn("cannot read the change of agent {} at {}-{}@{}: its streams get the next change", record.key(),
                    record.topic(), record.partition(), record.offset(), e);
            return -1;
        }
    }

    /**
     * A task of this instance counted a change of a part of the agent's list (on its stream thread, before the commit;
     * {@link AgentChanges} has told whoever waits for the agent here): its streams read it now. The changelog brings
     * the same count later, which is then news to no one here.
     */
    private void counted(final String agentId, final String part, final long count) {
        countedHere.merge(countKey(agentId, part), count, Math::max);
        announce(agentId, part, count);
    }

    /** Has the agent's list read for the streams here, once its part has at least that count. */
    private void announce(final String agentId, final String part, final long count) {
        if (!streams.follows(agentId)) {
            return;
        }
        final boolean[] idle = {false};
        wanted.compute(agentId, (agent, asked) -> {
            idle[0] = asked == null;
            final Map<String, Long> parts = new HashMap<>(asked == null ? Map.of() : asked);
            parts.merge(part, count, Math::max);
            return Map.copyOf(parts);  // a new value, so that a read that took the old one does not remove this one
        });
        if (idle[0]) {
            try {
                readers.execute(() -> read(agentId, 0));
            } catch (RejectedExecutionException e) {  // stopping
                wanted.remove(agentId);
            }
        }
    }

    /**
     * Reads the agent's list and sends it, once each part of its version has at least the count announced; the
     * streams send it if its version (their sum) is newer than what they sent.
     */
    private void read(final String agentId, final int attempt) {
        final Map<String, Long> asked = wanted.get(agentId);
        if (asked == null) {  // forgotten by a stop and start since
            return;
        }
        try {
            final AgentView view = views.find(agentId, null).orElse(null);
            if (view != null && asked.entrySet().stream()
                    .allMatch(part -> view.getVersions().getOrDefault(part.getKey(), -1L) >= part.getValue())) {
                streams.agentChanged(agentId, view.getTicketsVersion(), list.of(view),
                        offers.on() ? offers.of(view) : null);
                if (!wanted.remove(agentId, asked)) {
                    readers.execute(() -> read(agentId, 0));  // a newer change was announced meanwhile
                }
                return;
            }
        } catch (RuntimeException e) {  // no copy can answer now (rebalance, restoring): as for an older copy
            log.debug("reading the list of agent {}: {}", agentId, e.getMessage());
        }
        if (attempt + 1 >= READ_ATTEMPTS) {
            wanted.remove(agentId);
            log.warn("the list of agent {} with the counts {} could not be read in {} attempts: its streams get the "
                    + "next change", agentId, asked, READ_ATTEMPTS);
            return;
        }
        readers.schedule(() -> read(agentId, attempt + 1), RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        changes.follow(AgentObserver.NONE);
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
        readers.shutdownNow();
        consumer = null;
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
