package net.oneview.chatticket.streams;

import java.util.HashMap;
import java.util.Map;
import net.oneview.chatticket.avro.AvroSerdeConfig;
import net.oneview.chatticket.avro.ConfluentAvroSerde;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.PoolEvent;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The service's topics, each with its serdes: string keys, Avro values in Confluent's wire format.
 * Also makes the Avro serdes of the state stores and internal topics, against the same registry.
 */
public final class Topics {

    private final Map<String, ?> serdeConfig;
    private final int partitions;
    public final Topic<String, TicketCreated> ticketCreated;
    public final Topic<String, TicketStatusChanged> ticketStatus;
    public final Topic<String, AgentStatusChanged> agentStatus;
    public final Topic<String, TicketAssignment> ticketAssignments;
    public final Topic<String, PoolEvent> poolReleases;
    public final Topic<String, PoolEvent> poolHandovers;

    /**
     * @param serdeConfig the serde settings ({@code schema.registry.url}, {@code auto.register.schemas})
     */
    public Topics(final TopicProperties names, final Map<String, ?> serdeConfig) {
        this.serdeConfig = Map.copyOf(serdeConfig);
        this.partitions = names.partitions();
        this.ticketCreated = topic(names.ticketCreated(), TicketCreated.class);
        this.ticketStatus = topic(names.ticketStatus(), TicketStatusChanged.class);
        this.agentStatus = topic(names.agentStatus(), AgentStatusChanged.class);
        this.ticketAssignments = topic(names.ticketAssignments(), TicketAssignment.class);
        this.poolReleases = new Topic<>(names.poolReleases(), Serdes.String(), avro());
        this.poolHandovers = new Topic<>(names.poolHandovers(), Serdes.String(), avro());
    }

    /** Partitions of the input topics, and so of the internal topics keyed like them. */
    public int partitions() {
        return partitions;
    }

    /** A serde of generated Avro classes, for values of stores and internal topics. */
    public <T extends SpecificRecord> Serde<T> avro() {
        return ConfluentAvroSerde.specific(serdeConfig, false);
    }

    /**
     * A serde of values read into {@code type} whatever the writer's record name, with Avro schema resolution in
     * between: for a store whose values were written under another schema before.
     */
    public <T extends SpecificRecord> Serde<T> avro(final Class<T> type) {
        final Map<String, Object> config = new HashMap<>(serdeConfig);
        config.put(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, type);
        return ConfluentAvroSerde.specific(config, false);
    }

    /** Values are read into the type whatever the writer's record name, with Avro schema resolution in between. */
    private <V extends SpecificRecord> Topic<String, V> topic(final String name, final Class<V> type) {
        return new Topic<>(name, Serdes.String(), avro(type));
    }
}
