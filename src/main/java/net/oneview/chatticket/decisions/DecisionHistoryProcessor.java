package net.oneview.chatticket.decisions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.KeptDecision;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps every decision read from {@code ticket-assignments} (key = ticket id) in the store
 * {@value DecisionStore#NAME}, as the {@link KeptDecision} it shows, at its offset. Each decision also looks at the
 * next {@value #LOOKED_AT_PER_DECISION} entries of a cursor that goes round the store, and drops those older than the
 * retention. Each entry is looked at once a round, and a round takes half as many decisions as the store holds: at a
 * steady rate an entry goes between one and about one and a half retentions after its decision, with no timer (an
 * idle service does nothing) and no write to the broker (the store has no changelog of its own).
 */
public final class DecisionHistoryProcessor implements Processor<String, TicketAssignment, Void, Void> {

    static final int LOOKED_AT_PER_DECISION = 2;

    private final DecisionStore decisions;
    private final Duration retention;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;
    private String cursor;

    public DecisionHistoryProcessor(final DecisionStore decisions, final Duration retention) {
        this.decisions = decisions;
        this.retention = retention;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(DecisionStore.NAME);
    }

    @Override
    public void process(final Record<String, TicketAssignment> record) {
        final KeptDecision kept = DecisionStore.kept(record.key(), record.value());
        final long offset = context.recordMetadata().map(RecordMetadata::offset).orElseThrow();
        store.put(DecisionStore.key(record.key(), offset), decisions.entry(context.applicationId(), kept));
        dropExpired(record.timestamp() - retention.toMillis());
    }

    private void dropExpired(final long before) {
        final List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = store.range(cursor, null)) {
            for (int looked = 0; looked < LOOKED_AT_PER_DECISION && entries.hasNext(); looked++) {
                final KeyValue<String, byte[]> entry = entries.next();
                if (decisions.read(entry.value).getTime().toEpochMilli() < before) {
                    expired.add(entry.key);
                }
            }
            cursor = entries.hasNext() ? entries.peekNextKey() : null;
        }
        expired.forEach(store::delete);
    }
}
