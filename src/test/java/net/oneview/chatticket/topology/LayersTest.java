package net.oneview.chatticket.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports run one way: the wiring ({@code topology}) above the features, the plumbing ({@code streams}, {@code avro},
 * {@code logging}) below them. Read from the main sources' import lines.
 */
class LayersTest {

    private static final Path MAIN = Path.of("src", "main", "java", "net", "oneview", "chatticket");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?net\\.oneview\\.chatticket\\.(\\w+)\\.",
            Pattern.MULTILINE);
    private static final Set<String> PLUMBING = Set.of("streams", "avro", "logging");
    /** Packages the plumbing may import: itself and the classes generated from the Avro schemas. */
    private static final Set<String> BELOW_PLUMBING = Set.of("streams", "avro", "logging", "events", "state");

    @Test
    void thePlumbingImportsNoFeatureAndNoFeatureImportsTheWiring() throws IOException {
        final List<String> upward = new ArrayList<>();
        try (Stream<Path> packages = Files.list(MAIN)) {
            packages.filter(Files::isDirectory).forEach(dir -> {
                final String name = dir.getFileName().toString();
                importsOf(dir).forEach(imported -> {
                    if (PLUMBING.contains(name) && !BELOW_PLUMBING.contains(imported)
                            || !name.equals("topology") && imported.equals("topology")) {
                        upward.add(name + " imports " + imported);
                    }
                });
            });
        }
        assertThat(upward).isEmpty();
    }

    private static List<String> importsOf(final Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(".java")).flatMap(file -> {
                try {
                    final Matcher imports = IMPORT.matcher(Files.readString(file));
                    return imports.results().map(found -> found.group(1)).toList().stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
