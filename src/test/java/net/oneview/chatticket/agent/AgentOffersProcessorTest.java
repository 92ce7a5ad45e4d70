package net.oneview.chatticket.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.oneview.chatticket.assignment.OfferProperties;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.state.AgentView;
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
 * Each change of an agent's offers counts one more in the agent's entry (whose changelog the live feeds of every
 * instance follow), its part of the version of the agent's list, and tells the observer of this instance at once; a
 * decision that changes nothing of the agent's offers counts nothing. The stores are real ones, through the Avro
 * serde.
 */
class AgentOffersProcessorTest {

    private final String registryScope = "agent-offers-" + UUID.randomUUID();
    private final List<String> counted = new ArrayList<>();
    private KeyValueStore<String, AgentView> views;
    private KeyValueStore<String, TicketAssignment> offers;
    private AgentOffersProcessor processor;

    @BeforeEach
    void start() {
        final Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "agent-offers-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        final MockProcessorContext<Void, Void> context = new MockProcessorContext<>(config);
        context.setCurrentSystemTimeMs(1_700_000_060_000L);
        final Topics topics = new Topics(new TopicProperties("ticket-created", "ticket-status", "agent-status",
                "ticket-assignments", "dead-letters", "pool-releases", "pool-handovers", 1, (short) 1),
                Map.of("schema.registry.url", "mock://" + registryScope));
        views = store(context, AgentViews.STORE, topics);
        offers = store(context, AgentViews.OFFERS_STORE, topics);
        processor = new AgentOffersProcessor(Duration.ofMinutes(10),
                (agentId, part, count) -> counted.add(agentId + "/" + part + "@" + count));
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
    void eachChangeOfAnOfferCountsOneMoreAndTellsTheObserverAtOnce() {
        processor.process(offer("t-1", Decision.QUEUED, OfferStep.OFFERED));
        assertThat(counted).containsExactly("ana/@1");
        assertThat(views.get("ana").getTicketsVersion()).isEqualTo(1);

        processor.process(offer("t-1", Decision.ASSIGNED, OfferStep.ACCEPTED));
        processor.process(decision("t-1", Decision.CLOSED, TicketStatus.CLOSED));  // it stays accepted: nothing new
        assertThat(counted).containsExactly("ana/@1", "ana/@2");
        assertThat(views.get("ana").getTicketsVersion()).isEqualTo(2);
    }

    @Test
    void aDecisionAboutATicketNeverOfferedToTheAgentCountsNothing() {
        processor.process(decision("t-2", Decision.CLOSED, TicketStatus.CLOSED));
        processor.process(decision("t-2", Decision.REQUEUED, TicketStatus.ASSIGNED));

        assertThat(counted).isEmpty();
        assertThat(views.get("ana")).isNull();
    }

    @Test
    void thePoolSendsOnlyDecisionsAboutOffers() {
        final OfferProperties offersInSpanish = new OfferProperties(Duration.ZERO, Map.of("spanish", Duration.ofSeconds(20)), 3);
        final OfferProperties noOffers = OfferProperties.off();

        assertThat(AgentOffersProcessor.aboutOffers(offer("t-5", Decision.QUEUED, OfferStep.OFFERED).value(), noOffers))
                .isTrue();
        assertThat(AgentOffersProcessor.aboutOffers(decision("t-5", Decision.ASSIGNED, TicketStatus.ASSIGNED).value(),
                offersInSpanish)).isFalse();
        // an English ticket leaving its agent may end an offer made while English tickets were offered
        assertThat(AgentOffersProcessor.aboutOffers(decision("t-5", Decision.CLOSED, TicketStatus.CLOSED).value(),
                offersInSpanish)).isTrue();
        assertThat(AgentOffersProcessor.aboutOffers(decision("t-5", Decision.CLOSED, TicketStatus.CLOSED).value(),
                noOffers)).isFalse();
        final TicketAssignment waiting = decision("t-5", Decision.QUEUED, TicketStatus.ASSIGNED).value();
        waiting.setAgentId(null);
        assertThat(AgentOffersProcessor.aboutOffers(waiting, offersInSpanish)).isFalse();
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
