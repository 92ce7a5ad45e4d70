package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.OfferReply;
import net.oneview.chatticket.streams.QuietCommit;
import net.oneview.chatticket.streams.Topics;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The assignment processor over the task's real stores, started again on them as a restarted task is on its restored
 * stores: an offer whose time ran out while the service was down expires at the first punctuation; a timer
 * punctuation runs only while a timer is pending.
 */
class OfferExpiryOnStartTest {

    private static final OfferProperties OFFERS = new OfferProperties(Duration.ofSeconds(10), Map.of(), null);
    private static final AssignmentProperties RULES = AssignmentProperties.defaults().withArrivalWindow(Duration.ZERO);

    private RealStores stores;
    private MockProcessorContext<String, PoolOutput> context;

    @BeforeEach
    void open() throws IOException {
        stores = new RealStores();
        final Topics topics = new Topics(TopologyHarness.TOPICS, Map.of("schema.registry.url", "mock://offers"));
        AssignmentProcessor.storeBuilders(topics.avro()).forEach(stores::open);
        context = stores.processorContext();
    }

    @AfterEach
    void close() throws IOException {
        stores.close();
    }

    @Test
    void anOfferWhoseTimeRanOutWhileTheServiceWasDownExpiresOnStart() {
        context.setCurrentSystemTimeMs(1);
        final AssignmentProcessor before = start();
        online(before, "ana", 1);
        online(before, "budi", 2);
        context.setCurrentSystemTimeMs(3);
        before.process(new Record<>(Pools.DEFAULT_POOL,
                PoolEvents.created(TopologyHarness.ticket("t1", "en", 1, 3), null), 3));
        context.resetForwards();

        context.setCurrentSystemTimeMs(60_000);
        context.setCurrentStreamTimeMs(3);
        final int ofTheFirstStart = context.scheduledPunctuators().size();
        start();  // only the restarted task's punctuations run: the first task is gone
        context.scheduledPunctuators().stream().skip(ofTheFirstStart)
                .forEach(punctuator -> punctuator.getPunctuator().punctuate(60_000));

        assertThat(decisions()).extracting(TicketAssignment::getOffer, TicketAssignment::getAgentId)
                .containsExactly(org.assertj.core.api.Assertions.tuple(OfferStep.EXPIRED, "budi"),
                        org.assertj.core.api.Assertions.tuple(OfferStep.OFFERED, "ana"));
    }

    @Test
    void aTimerPunctuationIsScheduledOnlyWhileAnOfferIsPending() {
        context.setCurrentSystemTimeMs(1);
        final AssignmentProcessor processor = start();
        online(processor, "budi", 1);
        final long idle = activePunctuations();

        context.setCurrentSystemTimeMs(1_000);
        processor.process(new Record<>(Pools.DEFAULT_POOL,
                PoolEvents.created(TopologyHarness.ticket("t1", "en", 1, 3), null), 3));
        commitOnQuietInput(1_000 + QuietCommit.QUIET.toMillis());
        assertThat(activePunctuations()).as("an offer pending").isEqualTo(idle + 1);

        context.setCurrentSystemTimeMs(2_000);
        processor.process(new Record<>(Pools.DEFAULT_POOL, PoolEvents.offerReply(
                new OfferReply("budi", "t1", true, null, Instant.ofEpochMilli(4))), 4));
        commitOnQuietInput(2_000 + QuietCommit.QUIET.toMillis());
        assertThat(activePunctuations()).as("the offer accepted").isEqualTo(idle);
    }

    /** Runs the check that commits the decisions once the input is quiet, which then ends. */
    private void commitOnQuietInput(final long now) {
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().stream()
                .filter(punctuator -> !punctuator.cancelled() && punctuator.getInterval().equals(QuietCommit.QUIET))
                .forEach(punctuator -> punctuator.getPunctuator().punctuate(now));
    }

    private long activePunctuations() {
        return context.scheduledPunctuators().stream().filter(punctuator -> !punctuator.cancelled()).count();
    }

    private AssignmentProcessor start() {
        final AssignmentProcessor processor = new AssignmentProcessor(RULES, OFFERS, DecisionObserver.NONE);
        processor.init(context);
        return processor;
    }

    private void online(final AssignmentProcessor processor, final String agent, final int capacity) {
        processor.process(new Record<>(Pools.DEFAULT_POOL, PoolEvents.agent(AgentStatusChanged.newBuilder()
                .setAgentId(agent).setStatus(AgentStatus.ONLINE).setTime(Instant.EPOCH).setStatusSince(Instant.EPOCH)
                .setQueues(List.of("en")).setCapacity(capacity).build(), List.of()), 1));
    }

    private List<TicketAssignment> decisions() {
        return context.forwarded().stream().map(forward -> forward.record().value().decision())
                .filter(Objects::nonNull).toList();
    }
}
