package net.oneview.chatticket.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The schemas in schemas/ are a contract: each must stay BACKWARD compatible with its previous committed version
 * (a consumer on the new schema reads everything written with the old one), as the registry would check; the
 * published ones FORWARD compatible as well (a consumer on the old schema reads what the new one writes). Each schema
 * file is a test of its own, skipped with the reason when there is nothing to compare it with (a new file, a shallow
 * clone, no git): never passed without a comparison.
 */
class SchemaCompatibilityTest {

    /** Files that others refer to, in the order they must be parsed (as the avro-maven-plugin imports them). */
    private static final List<String> IMPORTS = List.of("common/TicketStatus.avsc", "common/AgentStatus.avsc",
            "common/Customer.avsc", "common/Metadata.avsc", "common/TicketCreated.avsc",
            "events/TicketStatusChanged.avsc", "events/AgentStatusChanged.avsc", "internal/AssignedTicket.avsc");
    private static final Path SCHEMAS = Path.of("schemas");

    @Test
    void everySchemaParses() throws IOException {
        assertThat(parseCurrent()).containsKeys("common/TicketCreated.avsc", "events/AgentStatusChanged.avsc",
                "events/TicketAssignment.avsc", "events/TicketStatusChanged.avsc", "internal/AgentView.avsc");
    }

    @TestFactory
    Stream<DynamicTest> everySchemaReadsDataWrittenWithItsPreviousCommittedVersion() throws Exception {
        final Map<String, Schema> current = parseCurrent();
        final CommittedVersions versions = CommittedVersions.ofThisCheckout();
        return current.keySet().stream().map(file -> DynamicTest.dynamicTest(file,
                () -> assertReadsPreviousVersion(file, current, versions)));
    }

    /**
     * The published schemas (events/ and common/, what other teams consume) are FORWARD compatible too: a consumer
     * still on the previous version reads what the new one writes, so that the service can be upgraded before them.
     */
    @TestFactory
    Stream<DynamicTest> everyPublishedSchemaWritesDataItsPreviousCommittedVersionReads() throws Exception {
        final Map<String, Schema> current = parseCurrent();
        final CommittedVersions versions = CommittedVersions.ofThisCheckout();
        return current.keySet().stream().filter(SchemaCompatibilityTest::published)
                .map(file -> DynamicTest.dynamicTest(file, () -> assertPreviousVersionReads(file, current, versions)));
    }

    /**
     * An agent's status with levels and a capacity per channel, written with today's schema and read with the
     * previous committed one: the fields that consumer knows read as written, the new ones are skipped.
     */
    @Test
    void anAgentStatusWithLevelsAndChannelsIsReadByTheVersionBefore() throws Exception {
        final String file = "events/AgentStatusChanged.avsc";
        final Map<String, Schema> current = parseCurrent();
        final CommittedVersions.Previous previous = CommittedVersions.ofThisCheckout().previous(SCHEMAS.resolve(file));
        assumeTrue(previous.found(), () -> file + ": " + previous.missing());
        final Schema before = previousSchema(file, previous);
        assumeTrue(before.getField("channelCapacity") == null, () -> file + " at " + previous.revision()
                + " has channelCapacity already: not the version before it");
        final AgentStatusChanged written = AgentStatusChanged.newBuilder().setAgentId("ana")
                .setStatus(AgentStatus.ONLINE).setTime(Instant.EPOCH).setStatusSince(Instant.EPOCH)
                .setQueues(List.of("bahasa", "english")).setQueueLevels(Map.of("bahasa", 2, "english", 5))
                .setCapacity(8).setChannelCapacity(Map.of("chat", 3, "email", 5)).setReason("r").build();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<AgentStatusChanged>(AgentStatusChanged.getClassSchema()).write(written, encoder);
        encoder.flush();

        final GenericRecord read = new GenericDatumReader<GenericRecord>(AgentStatusChanged.getClassSchema(), before)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.get("agentId")).hasToString("ana");
        assertThat(read.get("status")).hasToString("ONLINE");
        assertThat(read.get("queues").toString()).isEqualTo("[bahasa, english]");
        assertThat(read.get("capacity")).isEqualTo(8);
        assertThat(read.get("reason")).hasToString("r");
        assertThat(read.getSchema().getField("queueLevels")).isNull();
    }

    /**
     * Needs no history, so it also holds in a shallow clone: a field that may be null has a default, so that data
     * written by a version without the field can be read. Adding such a field without one is the usual way to break
     * BACKWARD compatibility.
     */
    @Test
    void everyNullableFieldHasADefault() throws IOException {
        final List<String> withoutDefault = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        parseCurrent().values().forEach(schema -> collectNullableWithoutDefault(schema, seen, withoutDefault));

        assertThat(seen).as("records inspected").contains("net.oneview.chatticket.events.TicketAssignment",
                "net.oneview.chatticket.events.AgentCandidate");
        assertThat(withoutDefault).as("nullable fields without a default").isEmpty();
    }

    @Test
    void aFieldAddedWithoutDefaultIsCaught() {
        final Schema before = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
        final Schema after = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"T\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"queue\",\"type\":\"string\"}]}");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(after, before).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void aNullableFieldWithoutDefaultIsCaught() {
        final Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"T\",\"fields\":["
                + "{\"name\":\"queue\",\"type\":[\"null\",\"string\"]}]}");
        final List<String> withoutDefault = new ArrayList<>();

        collectNullableWithoutDefault(schema, new HashSet<>(), withoutDefault);

        assertThat(withoutDefault).containsExactly("T.queue");
    }

    private static void assertReadsPreviousVersion(final String file, final Map<String, Schema> current,
            final CommittedVersions versions) throws Exception {
        final CommittedVersions.Previous previous = versions.previous(SCHEMAS.resolve(file));
        assumeTrue(previous.found(), () -> file + ": " + previous.missing());
        final SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(
                current.get(file), previousSchema(file, previous));

        assertThat(result.getType())
                .as("%s must read data written with its version at %s: %s", file, previous.revision(),
                        incompatibilities(result))
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static void assertPreviousVersionReads(final String file, final Map<String, Schema> current,
            final CommittedVersions versions) throws Exception {
        final CommittedVersions.Previous previous = versions.previous(SCHEMAS.resolve(file));
        assumeTrue(previous.found(), () -> file + ": " + previous.missing());
        final SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(
                previousSchema(file, previous), current.get(file));

        assertThat(result.getType())
                .as("%s as it was at %s must read data written with it now: %s", file, previous.revision(),
                        incompatibilities(result))
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    /** The previous version, its references to the types other files define resolved to today's, as the registry does. */
    private static Schema previousSchema(final String file, final CommittedVersions.Previous previous)
            throws IOException {
        final Schema.Parser parser = new Schema.Parser();
        parser.addTypes(typesDefinedOutside(file));
        return parser.parse(previous.text());
    }

    /** Every named type the schema files define today (nested ones too), except those the file defines itself. */
    private static Collection<Schema> typesDefinedOutside(final String file) throws IOException {
        final Schema.Parser parser = new Schema.Parser();
        final Set<String> own = new HashSet<>();
        for (final String each : filesInParseOrder()) {
            final Set<String> before = new HashSet<>(parser.getTypes().keySet());
            parser.parse(SCHEMAS.resolve(each).toFile());
            if (each.equals(file)) {
                own.addAll(parser.getTypes().keySet());
                own.removeAll(before);
            }
        }
        final Map<String, Schema> types = new LinkedHashMap<>(parser.getTypes());
        types.keySet().removeAll(own);
        return types.values();
    }

    private static boolean published(final String file) {
        return file.startsWith("events/") || file.startsWith("common/");
    }

    private static List<String> incompatibilities(final SchemaCompatibility.SchemaPairCompatibility result) {
        return result.getResult().getIncompatibilities().stream()
                .map(found -> found.getType() + " at " + found.getLocation() + ": " + found.getMessage()).toList();
    }

    private static void collectNullableWithoutDefault(final Schema schema, final Set<String> seen,
            final List<String> found) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    for (final Schema.Field field : schema.getFields()) {
                        if (field.schema().isNullable() && !field.hasDefaultValue()) {
                            found.add(schema.getFullName() + "." + field.name());
                        }
                        collectNullableWithoutDefault(field.schema(), seen, found);
                    }
                }
            }
            case UNION -> schema.getTypes().forEach(branch -> collectNullableWithoutDefault(branch, seen, found));
            case ARRAY -> collectNullableWithoutDefault(schema.getElementType(), seen, found);
            case MAP -> collectNullableWithoutDefault(schema.getValueType(), seen, found);
            default -> {
            }
        }
    }

    private static Map<String, Schema> parseCurrent() throws IOException {
        final Schema.Parser parser = new Schema.Parser();
        final Map<String, Schema> schemas = new LinkedHashMap<>();
        for (final String file : filesInParseOrder()) {
            schemas.put(file, parser.parse(SCHEMAS.resolve(file).toFile()));
        }
        return schemas;
    }

    /** The schema files, relative to {@code schemas/}: the imports first, as the avro-maven-plugin parses them. */
    private static List<String> filesInParseOrder() throws IOException {
        final List<String> files = new ArrayList<>(IMPORTS);
        try (Stream<Path> all = Files.walk(SCHEMAS)) {
            all.filter(p -> p.toString().endsWith(".avsc")).sorted().map(p -> SCHEMAS.relativize(p).toString())
                    .filter(name -> !files.contains(name)).forEach(files::add);
        }
        return files;
    }
}
