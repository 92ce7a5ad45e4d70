package net.oneview.chatticket.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * The schemas in schemas/ are a contract: each must stay BACKWARD compatible with its previous committed version
 * (a consumer on the new schema reads everything written with the old one), as the registry would check.
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

    @Test
    void everySchemaIsBackwardCompatibleWithItsPreviousCommittedVersion() throws Exception {
        assumeTrue(git("rev-parse", "HEAD").isPresent(), "not a git checkout: no committed versions to compare");
        final Map<String, Schema> current = parseCurrent();
        final List<String> checked = new ArrayList<>();
        for (final Map.Entry<String, Schema> file : current.entrySet()) {
            final Optional<String> previous = previousVersion("schemas/" + file.getKey());
            if (previous.isEmpty()) {
                continue;
            }
            final Schema.Parser parser = new Schema.Parser();
            current.values().stream().filter(s -> !s.getFullName().equals(file.getValue().getFullName()))
                    .forEach(s -> parser.addTypes(List.of(s)));
            final Schema old = parser.parse(previous.get());
            final SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(file.getValue(), old);
            assertThat(result.getType())
                    .as("%s must read data written with its previous version: %s", file.getKey(), result.getDescription())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            checked.add(file.getKey());
        }
        System.out.println("schemas checked against their previous committed version: " + checked);
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

    private static Map<String, Schema> parseCurrent() throws IOException {
        final Schema.Parser parser = new Schema.Parser();
        final Map<String, Schema> schemas = new LinkedHashMap<>();
        for (final String file : IMPORTS) {
            schemas.put(file, parser.parse(SCHEMAS.resolve(file).toFile()));
        }
        try (Stream<Path> files = Files.walk(SCHEMAS)) {
            for (final Path file : files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
                final String name = SCHEMAS.relativize(file).toString();
                if (!schemas.containsKey(name)) {
                    schemas.put(name, parser.parse(file.toFile()));
                }
            }
        }
        return schemas;
    }

    /**
     * The version to compare with: HEAD's when the working copy changed the file, else the one before the last
     * commit that touched it.
     */
    private static Optional<String> previousVersion(final String file) throws Exception {
        final Optional<String> atHead = git("show", "HEAD:" + file);
        if (atHead.isPresent() && !atHead.get().equals(Files.readString(Path.of(file)))) {
            return atHead;
        }
        final Optional<String> commits = git("log", "-n", "2", "--format=%H", "--", file);
        final List<String> hashes = commits.map(text -> text.lines().toList()).orElse(List.of());
        return hashes.size() < 2 ? Optional.empty() : git("show", hashes.get(1) + ":" + file);
    }

    private static Optional<String> git(final String... args) throws Exception {
        final List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        final Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? Optional.of(out) : Optional.empty();
    }
}
