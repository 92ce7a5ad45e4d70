package net.oneview.chatticket.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a run's figures, with the machine they were measured on, to bench/results.json and bench/RESULTS.md; the
 * part of RESULTS.md from {@value #KEPT} on (written by hand: earlier runs, profile findings) is kept.
 */
final class BenchReport {

    static final String KEPT = "<!-- kept by make bench -->";

    private BenchReport() {
    }

    static void write(final BenchConfig config, final Map<String, Map<String, Object>> results) throws IOException {
        final Path dir = Path.of("bench");
        Files.createDirectories(dir);
        final Map<String, Object> machine = machine();
        Files.writeString(dir.resolve("results.json"), "{\n  \"machine\": " + json(machine) + ",\n  \"quick\": "
                + config.quick() + ",\n  \"phases\": {\n" + results.entrySet().stream()
                .map(phase -> "    \"" + phase.getKey() + "\": " + json(phase.getValue()))
                .collect(Collectors.joining(",\n")) + "\n  }\n}\n");
        final StringBuilder md = new StringBuilder("# Benchmark results\n\nWritten by `make bench`")
                .append(config.quick() ? " (QUICK=1: small sizes)" : "").append(" on ").append(machine.get("time"))
                .append(": ").append(machine.get("cores")).append(" cores, ")
                .append((long) machine.get("memory_bytes") / (1 << 30)).append(" GiB, ").append(machine.get("jdk"))
                .append(". Broker, registry, service and load generator share the machine.\n\n")
                .append("| phase | figures |\n|---|---|\n");
        results.forEach((phase, figures) -> md.append("| ").append(phase).append(" | ")
                .append(figures.entrySet().stream().map(f -> f.getKey() + " " + format(f.getValue()))
                        .collect(Collectors.joining(", ")))
                .append(" |\n"));
        final Path report = dir.resolve("RESULTS.md");
        final String previous = Files.exists(report) ? Files.readString(report) : "";
        if (previous.contains(KEPT)) {
            md.append('\n').append(previous.substring(previous.indexOf(KEPT)));
        }
        Files.writeString(report, md.toString());
        System.out.println("figures written to bench/results.json and bench/RESULTS.md");
    }

    private static Map<String, Object> machine() {
        final Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory_bytes", ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize());
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("time", Instant.now().toString());
        return machine;
    }

    private static String json(final Map<String, Object> values) {
        return values.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + (e.getValue() instanceof Number n
                ? format(n) : "\"" + e.getValue().toString().replace("\"", "\\\"") + "\""))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String format(final Object value) {
        if (value instanceof Double d) {
            return Double.isNaN(d) ? "null" : String.format(Locale.ROOT, d >= 100 ? "%.0f" : "%.3f", d);
        }
        return String.valueOf(value);
    }
}
