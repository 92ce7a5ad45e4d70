package net.oneview.chatticket.decisions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.DecidedTicket;
import net.oneview.chatticket.state.KeptDecision;
import net.oneview.chatticket.streams.InputCheck;
import net.oneview.chatticket.streams.Topics;
import net.oneview.chatticket.streams.UnprocessableEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store {@value #NAME}: one entry per decision read from {@code ticket-assignments}, keyed by the ticket's id and
 * the decision's offset (so a ticket's entries are next to each other, in the order they were written), valued with
 * what {@code GET /v1/tickets/{ticketId}/decisions} shows of it ({@link KeptDecision}: not the ticket's content,
 * metadata or customer, which a week of decisions would otherwise hold once per decision). It has no changelog of its
 * own: {@code ticket-assignments} is one, and a restore turns each decision into its entry as
 * {@link DecisionHistoryProcessor} does ({@link SourceRestoredStore}). Values are written in the wire format under the
 * subject of the changelog the store had before, {@code <application id>-ticket-decisions-changelog-value}, so that
 * deployments that register schemas themselves need nothing new.
 */
public final class DecisionStore {

    public static final String NAME = "ticket-decisions";
    private static final Logger log = LoggerFactory.getLogger(DecisionStore.class);
    private static final char SEPARATOR = '\u001F';
    /** Offsets are written with this many digits, so that keys sort as their offsets do. */
    private static final int DIGITS = 19;

    private final Serde<KeptDecision> values;
    private final Deserializer<TicketAssignment> decisions;

    public DecisionStore(final Topics topics) {
        this.values = topics.avro(KeptDecision.class);
        this.decisions = topics.ticketAssignments.valueSerde().deserializer();
    }

    public StoreBuilder<KeyValueStore<String, byte[]>> builder() {
        final KeyValueBytesStoreSupplier rocks = Stores.persistentKeyValueStore(NAME);
        final KeyValueBytesStoreSupplier supplier = new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new SourceRestoredStore(rocks.get(), DecisionStore.this::entry);
            }

            @Override
            public String metricsScope() {
                return rocks.metricsScope();
            }
        };
        return Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray()).withCachingDisabled();
    }

    /** The key of a ticket's decision written at {@code offset} of {@code ticket-assignments}. */
    public static String key(final String ticketId, final long offset) {
        final String digits = Long.toString(offset);
        return ticketId + SEPARATOR + "0".repeat(DIGITS - digits.length()) + digits;
    }

    /** The lowest key a decision of the ticket can have. */
    public static String first(final String ticketId) {
        return ticketId + SEPARATOR;
    }

    /** The highest key a decision of the ticket can have. */
    public static String last(final String ticketId) {
        return ticketId + SEPARATOR + "9".repeat(DIGITS);
    }

    /**
     * Whether a key between {@link #first} and {@link #last} of the ticket is the ticket's own: an id may hold the
     * separator, and another ticket's key whose id starts with this one, the separator and digits sorts among them.
     */
    public static boolean isOf(final String ticketId, final String key) {
        return key.length() == ticketId.length() + 1 + DIGITS;
    }

    /**
     * What the store keeps of a decision read from {@code ticket-assignments}.
     *
     * @throws UnprocessableEventException when the record has no key, or its key is not the decision's ticket id
     */
    public static KeptDecision kept(final String key, final TicketAssignment decision) {
        InputCheck.keyedById(key, decision, TicketAssignment::getTicketId, "ticket id");
        return new KeptDecision(decision.getDecision(), decision.getAgentId(), decision.getTime(), decision.getReason(),
                decision.getTicketStatus(), decision.getStatusReason(),
                new DecidedTicket(decision.getTicket().getQueue(), decision.getTicket().getPriority()),
                decision.getExplanation(), decision.getPool());
    }

    public byte[] entry(final String applicationId, final KeptDecision decision) {
        return values.serializer().serialize(applicationId + "-" + NAME + "-changelog", decision);
    }

    public KeptDecision read(final byte[] entry) {
        return values.deserializer().deserialize(NAME, entry);
    }

    /** The ticket's newest decisions, newest first, {@code most} at most (reading no more entries than that). */
    public List<KeptDecision> newest(final ReadOnlyKeyValueStore<String, byte[]> store, final String ticketId,
            final int most) {
        final List<KeptDecision> newestFirst = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = store.reverseRange(first(ticketId), last(ticketId))) {
            while (entries.hasNext() && newestFirst.size() < most) {
                final KeyValue<String, byte[]> entry = entries.next();
                if (isOf(ticketId, entry.key)) {
                    newestFirst.add(read(entry.value));
                }
            }
        }
        return newestFirst;
    }

    /**
     * A record of {@code ticket-assignments} turned into its entry while the store is restored, or null for one that
     * the processor does not keep either (it went to the dead letters when {@link DecisionHistoryProcessor} read it).
     */
    ConsumerRecord<byte[], byte[]> entry(final ConsumerRecord<byte[], byte[]> record, final String applicationId) {
        final String ticketId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        final byte[] value;
        try {
            value = entry(applicationId, kept(ticketId, decisions.deserialize(record.topic(), record.headers(),
                    record.value())));
        } catch (SerializationException | UnprocessableEventException e) {
            log.warn("restoring {}: record at offset {} of {}-{} is not a decision kept, left out: {}", NAME,
                    record.offset(), record.topic(), record.partition(), e.getMessage());
            return null;
        }
        final byte[] key = key(ticketId, record.offset()).getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.timestampType(), key.length, value.length, key, value, record.headers(), record.leaderEpoch());
    }
}
