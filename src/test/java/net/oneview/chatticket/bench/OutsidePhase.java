package net.oneview.chatticket.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.oneview.chatticket.events.TicketCreated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as a Node.js client sees it (kafkajs, src/local/outside-client.cjs, installed from npm into the bench's
 * directory): the client registers the ticket schema itself, writes Confluent-framed tickets into a queue nobody
 * serves and counts the QUEUED decisions (read_committed), after a warm-up; before that, its own produce-consume pipe
 * of the same records. Prints QUEUED decisions per second as a ratio of that pipe (target >= 0.3).
 */
final class OutsidePhase implements Phase {

    static final String NAME = "outside";
    private static final String KAFKAJS = "kafkajs@2.2.4";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final BenchConfig config = run.config;
        final Path node = config.dir().resolve("node");
        exec(List.of("npm", "install", "--prefix", node.toString(), "--no-audit", "--no-fund", "--silent", KAFKAJS),
                Map.of());
        final Path schema = config.dir().resolve("TicketCreated.avsc");
        Files.writeString(schema, TicketCreated.getClassSchema().toString(), StandardCharsets.UTF_8);
        final String suffix = NAME + "-" + BenchRun.shortId();
        try (ServiceProcess service = ServiceProcess.start(config, suffix)) {
            final String output = exec(List.of("node", Path.of("src/local/outside-client.cjs").toString(),
                    config.bootstrap(), config.registry(), schema.toString(), service.topics().ticketCreated(),
                    service.topics().ticketAssignments(), "bench-kafkajs-pipe-" + suffix,
                    Integer.toString(config.size(200_000, 50_000)), Integer.toString(config.size(50_000, 10_000)),
                    Integer.toString(config.size(200_000, 30_000))),
                    Map.of("NODE_PATH", node.resolve("node_modules").toString()));
            final JsonNode figures = JsonMapper.builder().build().readTree(output.lines().reduce((a, b) -> b).orElseThrow());
            final double pipe = figures.get("pipe_per_s").asDouble();
            final double queued = figures.get("queued_per_s").asDouble();
            final Map<String, Object> result = new LinkedHashMap<>();
            figures.propertyNames().forEach(field -> result.put(field, figures.get(field).asDouble()));
            result.put("ratio_to_kafkajs_pipe", queued / pipe);
            run.results.put(NAME, result);
            System.out.printf(Locale.ROOT, "%-9s %9d %9s %11.0f %9s  QUEUED decisions/s seen by a kafkajs consumer, "
                    + "%.3f x the same client's pipe (%.0f records/s of %d bytes; target >= 0.3), after %d tickets "
                    + "of warm-up%n", NAME, figures.get("tickets").asInt(), "-", queued, "-", queued / pipe, pipe,
                    figures.get("ticket_bytes").asInt(), figures.get("warmup_tickets").asInt());
        }
    }

    /** Runs the command in the repository, returns its standard output; throws with its output if it fails. */
    private static String exec(final List<String> command, final Map<String, String> environment)
            throws IOException, InterruptedException {
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
