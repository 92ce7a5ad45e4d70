package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.oneview.chatticket.assignment.AssignmentProperties.PriorityOrder;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.streams.Topics;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service restarts with other ranking rules (aging step, priority order) over the stores it had: the tickets
 * that waited before and the ones that come after keep one order, the new rules'. The assignment processor over the
 * task's real stores, started again on them as a restarted task is on its restored stores.
 */
class RankingRulesChangeTest {

    private static final long MINUTE = 60_000;

    private RealStores stores;
    private MockProcessorContext<String, PoolOutput> context;

    @BeforeEach
    void open() throws IOException {
        stores = new RealStores();
        final Topics topics = new Topics(TopologyHarness.TOPICS, Map.of("schema.registry.url", "mock://ranking"));
        AssignmentProcessor.storeBuilders(topics.avro()).forEach(stores::open);
        context = stores.processorContext();
    }

    @AfterEach
    void close() throws IOException {
        stores.close();
    }

    @Test
    void agingTurnedOnUnderABacklogRanksTheTicketsThatWaitedAmongTheNewOnes() {
        final AssignmentProcessor before = start(TopologyHarness.rules());
        IntStream.range(0, 3).forEach(i -> created(before, "urgent-old-" + i, 1, i * MINUTE));

        final AssignmentProcessor after = start(TopologyHarness.rules().withAgingStep(Duration.ofMinutes(5)));
        IntStream.range(0, 3).forEach(i -> created(after, "minor-new-" + i, 5, 60 * MINUTE + i));
        online(after, "ana", 3, 61 * MINUTE);

        // older and more urgent: first under any aging step
        assertThat(assigned()).containsExactly("urgent-old-0", "urgent-old-1", "urgent-old-2");
    }

    @Test
    void agingTurnedOffUnderABacklogServesPriorityFirstAgain() {
        final AssignmentProcessor before = start(TopologyHarness.rules().withAgingStep(Duration.ofMinutes(5)));
        IntStream.range(0, 3).forEach(i -> created(before, "minor-old-" + i, 5, i * MINUTE));

        final AssignmentProcessor after = start(TopologyHarness.rules());
        IntStream.range(0, 3).forEach(i -> created(after, "urgent-new-" + i, 1, 60 * MINUTE + i));
        online(after, "ana", 3, 61 * MINUTE);

        assertThat(assigned()).containsExactly("urgent-new-0", "urgent-new-1", "urgent-new-2");
    }

    @Test
    void aReversedPriorityOrderUnderABacklogServesTheOtherEndFirst() {
        final AssignmentProcessor before = start(TopologyHarness.rules());
        created(before, "p1-old", 1, 0);
        created(before, "p5-old", 5, 1);

        final AssignmentProcessor after = start(new AssignmentProperties(PriorityOrder.DESCENDING, null, null));
        created(after, "p3-new", 3, 60 * MINUTE);
        online(after, "ana", 2, 61 * MINUTE);

        assertThat(assigned()).containsExactly("p5-old", "p3-new");
    }

    /** A task starting on the stores as they are: a first start, or a restart with the stores restored. */
    private AssignmentProcessor start(final AssignmentProperties rules) {
        final AssignmentProcessor processor = new AssignmentProcessor(rules);
        processor.init(context);
        return processor;
    }

    private void created(final AssignmentProcessor processor, final String id, final int priority, final long at) {
        context.setCurrentSystemTimeMs(at);
        processor.process(new Record<>(Pools.DEFAULT_POOL,
                PoolEvents.created(TopologyHarness.ticket(id, "en", priority, at), null), at));
    }

    private void online(final AssignmentProcessor processor, final String agent, final int capacity, final long at) {
        context.setCurrentSystemTimeMs(at);
        processor.process(new Record<>(Pools.DEFAULT_POOL, PoolEvents.agent(AgentStatusChanged.newBuilder()
                .setAgentId(agent).setStatus(AgentStatus.ONLINE).setTime(Instant.ofEpochMilli(at))
                .setStatusSince(Instant.ofEpochMilli(at)).setQueues(List.of("en")).setCapacity(capacity).build(),
                List.of()), at));
    }

    /** The tickets assigned so far, in order. */
    private List<String> assigned() {
        return context.forwarded().stream().map(forward -> forward.record().value().decision())
                .filter(decision -> decision != null && decision.getDecision() == Decision.ASSIGNED)
                .map(TicketAssignment::getTicketId).toList();
    }
}
