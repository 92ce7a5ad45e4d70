package net.oneview.chatticket.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.AssignedTicket;
import net.oneview.chatticket.streams.TopicProperties;
import net.oneview.chatticket.streams.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each change of an agent's list counts a new version in the agent's entry (whose changelog the live feeds of every
 * instance follow) and tells the observer of this instance at once; a decision that changes nothing of the agent's
 * counts nothing. The stores are real ones, through the Avro serde.
 */
class AgentTicketsProcessorTest {

    private final String registryScope = "agent-tickets-" + UUID.randomUUID();
    private final List<String> counted = new ArrayList<>();
    private KeyValueStore<String, AgentView> views;
    private KeyValueStore<String, TicketAssignment> offers;
    private AgentTicketsProcessor processor;

    @BeforeEach
    void start() {
        final Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "agent-tickets-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        final MockProcessorContext<Void, Void> context = new MockProcessorContext<>(config);
        context.setCurrentSystemTimeMs(1_700_000_060_000L);
        final Topics topics = new Topics(new TopicProperties("ticket-created", "ticket-status", "agent-status",
                "ticket-assignments", "dead-letters", "pool-releases", "pool-handovers", 1, (short) 1),
                Map.of("schema.registry.url", "mock://" + registryScope));
        views = store(context, AgentViews.STORE, topics);
        AgentTicketsProcessorTest.<AssignedTicket>store(context, AgentViews.TICKETS_STORE, topics);
        offers = store(context, AgentViews.OFFERS_STORE, topics);
        processor = new AgentTicketsProcessor(Duration.ofMinutes(10),
                (agentId, version) -> counted.add(agentId + "@" + version));
        processor.init(context);
    }

    private static <V extends SpecificRecord> KeyValueStore<String, V> store(
            final MockProcessorContext<Void, Void> context, final String name, final Topics topics) {
        final KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), topics.<V>avro()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    @AfterEach
    void forgetRegistry() {
        SchemaRegistries.dropMockScope(registryScope);
    }

    @Test
    void eachChangeOfTheListCountsAVersionAndTellsTheObserverAtOnce() {
        processor.process(decision("t-1", Decision.ASSIGNED, TicketStatus.ASSIGNED));
        assertThat(counted).containsExactly("ana@1");
        assertThat(views.get("ana").getTicketsVersion()).isEqualTo(1);

        processor.process(decision("t-1", Decision.STATUS_CHANGED, TicketStatus.ESCALATED));
        processor.process(decision("t-1", Decision.CLOSED, TicketStatus.CLOSED));
        assertThat(counted).containsExactly("ana@1", "ana@2", "ana@3");
        assertThat(views.get("ana").getTicketsVersion()).isEqualTo(3);
    }

    @Test
    void aDecisionAboutATicketTheAgentDoesNotHoldCountsNothing() {
        processor.process(decision("t-2", Decision.CLOSED, TicketStatus.CLOSED));
        processor.process(decision("t-2", Decision.STATUS_CHANGED, TicketStatus.ESCALATED));

        assertThat(counted).isEmpty();
        assertThat(views.get("ana")).isNull();
    }

    @Test
    void anAcceptedOfferStaysAcceptedWhenItsTicketClosesButNotWhenTheTicketIsTakenBack() {
        processor.process(offer("t-3", Decision.QUEUED, OfferStep.OFFERED));
        processor.process(offer("t-3", Decision.ASSIGNED, OfferStep.ACCEPTED));
        processor.process(decision("t-3", Decision.CLOSED, TicketStatus.CLOSED));
        assertThat(offers.get(AgentViews.ticketKey("ana", "t-3")).getOffer()).isEqualTo(OfferStep.ACCEPTED);

        processor.process(offer("t-4", Decision.QUEUED, OfferStep.OFFERED));
        processor.process(offer("t-4", Decision.ASSIGNED, OfferStep.ACCEPTED));
        processor.process(decision("t-4", Decision.REQUEUED, TicketStatus.ASSIGNED));  // the agent went offline
        final TicketAssignment step = offers.get(AgentViews.ticketKey("ana", "t-4"));
        assertThat(step.getDecision()).isEqualTo(Decision.REQUEUED);
        assertThat(step.getOffer()).isNull();
    }

    private static Record<String, TicketAssignment> offer(final String ticketId, final Decision decision,
            final OfferStep step) {
        final Record<String, TicketAssignment> record = decision(ticketId, decision, TicketStatus.ASSIGNED);
        record.value().setOffer(step);
        return record;
    }

    private static Record<String, TicketAssignment> decision(final String ticketId, final Decision decision,
            final TicketStatus status) {
        final TicketCreated ticket = TicketCreated.newBuilder().setId(ticketId)
                .setCreatedAt(Instant.ofEpochSecond(1_700_000_000L)).setQueue("english").setChannel("chat")
                .setPriority(2).setContent("{}").build();
        return new Record<>("ana", TicketAssignment.newBuilder().setTicketId(ticketId).setDecision(decision)
                .setAgentId("ana").setTime(Instant.ofEpochSecond(1_700_000_060L)).setReason("test")
                .setTicketStatus(status).setTicket(ticket).build(), 1_700_000_060_000L);
    }
}
