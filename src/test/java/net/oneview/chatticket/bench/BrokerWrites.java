package net.oneview.chatticket.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the broker had to append: the end offsets (records plus transaction markers) of a service's topics, its own
 * and its changelogs and repartition topics, and of the broker's own topics.
 */
final class BrokerWrites {

    private final BenchConfig config;

    BrokerWrites(final BenchConfig config) {
        this.config = config;
    }

    /** Offsets written so far to every topic of the service. */
    long total(final ServiceProcess service) throws Exception {
        return sum(byTopic(service));
    }

    /** Offsets written so far to each topic of the service, the service's suffix in its name as *. */
    Map<String, Long> byTopic(final ServiceProcess service) throws Exception {
        try (Admin admin = admin()) {
            final Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            final Set<String> topics = admin.listTopics().names().get().stream()
                    .filter(topic -> topic.contains(service.suffix)).collect(Collectors.toSet());
            admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions().forEach(
                    partition -> ends.put(new TopicPartition(topic.name(), partition.partition()),
                            OffsetSpec.latest())));
            final Map<String, Long> writes = new TreeMap<>();
            admin.listOffsets(ends).all().get().forEach((partition, end) ->
                    writes.merge(partition.topic().replace(service.suffix, "*"), end.offset(), Long::sum));
            return writes;
        }
    }

    /** Records appended so far to the broker's own topics: consumer offsets and transaction state. */
    long brokerOwn() throws Exception {
        try (Admin admin = admin()) {
            final Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(List.of("__consumer_offsets", "__transaction_state")).allTopicNames().get().values()
                    .forEach(topic -> topic.partitions().forEach(partition -> ends.put(
                            new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
            return admin.listOffsets(ends).all().get().values().stream().mapToLong(end -> end.offset()).sum();
        }
    }

    /** With PROFILE=1: broker writes per ticket by topic over a measured window. */
    void printByTopic(final Map<String, Long> before, final Map<String, Long> after, final long tickets) {
        if (config.profile()) {
            after.forEach((topic, end) -> System.out.printf(Locale.ROOT, "  writes %5.2f per ticket  %s%n",
                    (double) (end - before.getOrDefault(topic, 0L)) / tickets, topic));
        }
    }

    static long sum(final Map<String, Long> writes) {
        return writes.values().stream().mapToLong(Long::longValue).sum();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap()));
    }
}
