package net.oneview.chatticket.supervisor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.oneview.chatticket.assignment.AssignmentProcessor;
import net.oneview.chatticket.assignment.AssignmentProperties;
import net.oneview.chatticket.query.InteractiveQueries;
import net.oneview.chatticket.query.StoreUnavailableException;
import net.oneview.chatticket.streams.Topics;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts the pools' stores: this instance's active partitions here, the others' through their
 * {@value #INTERNAL_PATH} endpoint. The whole answers only when every partition was counted once (not during a
 * rebalance that leaves a partition without an active copy).
 */
@Component
public class QueuesService {

    /** Where an instance answers with the counts of its own active partitions. */
    static final String INTERNAL_PATH = "/internal/queues";
    private static final TypeReference<List<QueueCounts>> COUNTS = new TypeReference<>() {
    };

    private final InteractiveQueries queries;
    private final JsonMapper json;
    private final int partitions;
    private final Map<String, List<String>> configured;
    private final Clock clock;

    QueuesService(final InteractiveQueries queries, final JsonMapper json, final Topics topics,
            final AssignmentProperties rules) {
        this.queries = queries;
        this.json = json;
        this.partitions = topics.partitions();
        this.configured = rules.pools();
        this.clock = Clock.systemUTC();
    }

    /** Every partition's counts, from every instance. */
    public QueueOverview overview() {
        final Map<Integer, QueueCounts> counted = new TreeMap<>();
        local().forEach(counts -> counted.put(counts.partition(), counts));
        for (final HostInfo other : queries.othersHolding(AssignmentProcessor.TICKETS_STORE)) {
            json.readValue(queries.askInstance(other, INTERNAL_PATH), COUNTS)
                    .forEach(counts -> counted.putIfAbsent(counts.partition(), counts));
        }
        if (counted.size() < partitions) {
            throw new StoreUnavailableException("counted " + counted.size() + " of " + partitions + " partitions of "
                    + "the pools: the others have no active copy right now (rebalancing)");
        }
        return QueueOverview.of(counted.values().stream().flatMap(counts -> counts.rows().stream()).toList(),
                configured, clock.instant());
    }

    /** This instance's share: the counts of the partitions it holds active copies of. */
    public List<QueueCounts> local() {
        final List<QueueCounts> counts = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            final int p = partition;
            final Optional<QueueCounts> here = queries.readActive(p, stores -> QueueCounts.count(p,
                    stores.store(AssignmentProcessor.COUNTS_STORE, QueryableStoreTypes.<String, Long>keyValueStore())));
            here.ifPresent(counts::add);
        }
        return counts;
    }

    /** This instance's share as one overview (for its metrics: Prometheus adds the instances up). */
    public QueueOverview localOverview() {
        return QueueOverview.of(local().stream().flatMap(counts -> counts.rows().stream()).toList(), Map.of(),
                clock.instant());
    }
}
