package net.oneview.chatticket.decisions;

import java.time.Duration;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.DecidedTicket;
import net.oneview.chatticket.state.KeptDecision;
import net.oneview.chatticket.streams.InputCheck;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps every decision read from {@code ticket-assignments} (key = ticket id) in the window store
 * {@value DecisionHistory#STORE}, at the decision's time. Duplicates are kept, so decisions made at the same
 * millisecond all stay, in the order they were written; entries older than the retention are dropped by the store.
 * Each keeps only what the answer shows ({@link KeptDecision}): a decision carries its whole ticket, up to
 * 262,144 characters of content, which a week of decisions would otherwise hold once per decision.
 */
public final class DecisionHistoryProcessor implements Processor<String, TicketAssignment, Void, Void> {

    private WindowStore<String, KeptDecision> history;

    /** @param values the store's serde; it must read every value as {@link KeptDecision}, also those kept whole */
    public static StoreBuilder<WindowStore<String, KeptDecision>> store(final Duration retention,
            final Serde<KeptDecision> values) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(DecisionHistory.STORE, retention,
                Duration.ofMillis(1), true), Serdes.String(), values);
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.history = context.getStateStore(DecisionHistory.STORE);
    }

    @Override
    public void process(final Record<String, TicketAssignment> record) {
        final TicketAssignment decision = InputCheck.keyedById(record.key(), record.value(),
                TicketAssignment::getTicketId, "ticket id");
        history.put(record.key(), kept(decision), record.timestamp());
    }

    static KeptDecision kept(final TicketAssignment decision) {
        return new KeptDecision(decision.getDecision(), decision.getAgentId(), decision.getTime(), decision.getReason(),
                decision.getTicketStatus(), decision.getStatusReason(),
                new DecidedTicket(decision.getTicket().getQueue(), decision.getTicket().getPriority()),
                decision.getExplanation());
    }
}
