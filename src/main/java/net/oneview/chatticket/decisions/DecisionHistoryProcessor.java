package net.oneview.chatticket.decisions;

import java.time.Duration;
import net.oneview.chatticket.events.TicketAssignment;
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
 */
public final class DecisionHistoryProcessor implements Processor<String, TicketAssignment, Void, Void> {

    private WindowStore<String, TicketAssignment> history;

    public static StoreBuilder<WindowStore<String, TicketAssignment>> store(final Duration retention,
            final Serde<TicketAssignment> values) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(DecisionHistory.STORE, retention,
                Duration.ofMillis(1), true), Serdes.String(), values);
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.history = context.getStateStore(DecisionHistory.STORE);
    }

    @Override
    public void process(final Record<String, TicketAssignment> record) {
        history.put(record.key(), InputCheck.keyedById(record.key(), record.value(), TicketAssignment::getTicketId,
                "ticket id"), record.timestamp());
    }
}
