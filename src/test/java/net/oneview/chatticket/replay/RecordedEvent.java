package net.oneview.chatticket.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.query.AvroJson;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One input event as exported: which input it came from, its key, its record timestamp and its value. An export is a
 * file of JSON lines {@code {"input":"ticket-created","key":"...","timestamp":1795958008000,"value":{...}}}, the value
 * in Avro's JSON encoding, in timestamp order.
 */
public record RecordedEvent(Input input, String key, long timestamp, SpecificRecord value) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The three inputs of the topology, named by their default topic names. */
    public enum Input {
        TICKET_CREATED("ticket-created", TicketCreated.class),
        TICKET_STATUS("ticket-status", TicketStatusChanged.class),
        AGENT_STATUS("agent-status", AgentStatusChanged.class);

        final String label;
        final Class<? extends SpecificRecord> type;

        Input(final String label, final Class<? extends SpecificRecord> type) {
            this.label = label;
            this.type = type;
        }

        static Input of(final String label) {
            for (final Input input : values()) {
                if (input.label.equals(label)) {
                    return input;
                }
            }
            throw new IllegalArgumentException("unknown input '" + label + "'");
        }
    }

    String toJsonLine() {
        return "{\"input\":" + JSON.writeValueAsString(input.label) + ",\"key\":" + JSON.writeValueAsString(key)
                + ",\"timestamp\":" + timestamp + ",\"value\":" + AvroJson.write(value) + "}";
    }

    static RecordedEvent fromJsonLine(final String line) {
        final JsonNode node = JSON.readTree(line);
        final Input input = Input.of(node.get("input").asString());
        return new RecordedEvent(input, node.get("key").asString(), node.get("timestamp").asLong(),
                AvroJson.read(node.get("value").toString(), input.type));
    }

    public static void write(final Path file, final Collection<RecordedEvent> events) {
        try {
            Files.write(file, events.stream().map(RecordedEvent::toJsonLine).toList(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The events of an export file, in the file's order; a line that cannot be read stops with its number. */
    public static List<RecordedEvent> read(final Path file) {
        final List<RecordedEvent> events = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(fromJsonLine(line));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + " line " + number + " is not an exported event: "
                            + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return events;
    }
}
