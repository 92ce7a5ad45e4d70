package net.oneview.chatticket.decisions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.oneview.chatticket.state.KeptDecision;
import net.oneview.chatticket.streams.DeadLetterReason;
import net.oneview.chatticket.streams.UnprocessableEventException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps every decision read from {@code ticket-assignments} (key = ticket id, read as the {@link KeptDecision} it
 * shows) in the store {@value DecisionStore#NAME}, at its offset. Each decision also looks at the next
 * {@value #LOOKED_AT_PER_DECISION} entries of a cursor that goes round the store, and drops those older than the
 * retention: entries are dropped after one to about one and a half retentions, with no timer (an idle service does
 * nothing) and no write to the broker (the store has no changelog of its own).
 */
public final class DecisionHistoryProcessor implements Processor<String, KeptDecision, Void, Void> {

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
    public void process(final Record<String, KeptDecision> record) {
        if (record.key() == null) {
            throw new UnprocessableEventException(DeadLetterReason.BAD_KEY, "decision has no key: it must be the "
                    + "ticket id");
        }
        if (record.value() == null) {
            throw new UnprocessableEventException(DeadLetterReason.BAD_VALUE, "record has no value (a tombstone)");
        }
        final long offset = context.recordMetadata().map(RecordMetadata::offset).orElseThrow();
        store.put(DecisionStore.key(record.key(), offset), decisions.entry(context.applicationId(), record.value()));
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
