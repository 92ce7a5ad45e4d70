package net.oneview.chatticket.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import net.oneview.chatticket.streams.TopicProperties;

/**
 * The real service jar as a separate process, with its own topics, application id and state directory, so that each
 * benchmark phase starts from nothing. Stopped by its PID.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Each instance's actuator (health, Prometheus) is on its service port plus this. */
    static final int MANAGEMENT_PORT_OFFSET = 100;

    final String suffix;
    final int port;
    private final Process process;
    private final Path stateDir;

    private ServiceProcess(final String suffix, final int port, final Process process, final Path stateDir) {
        this.suffix = suffix;
        this.port = port;
        this.process = process;
        this.stateDir = stateDir;
    }

    /** Starts the jar and waits until Kafka Streams is RUNNING. */
    static ServiceProcess start(final BenchConfig config, final String suffix, final String... extra) throws Exception {
        return start(config, suffix, 0, extra);
    }

    /**
     * Starts instance {@code instance} of several (0 is the one {@link #start(BenchConfig, String, String...)}
     * starts): on the service port plus {@code instance} (its actuator {@value #MANAGEMENT_PORT_OFFSET} above), with a
     * state directory and instance id of its own.
     */
    static ServiceProcess start(final BenchConfig config, final String suffix, final int instance,
            final String... extra) throws Exception {
        final int port = config.servicePort() + instance;
        final String name = suffix + (instance == 0 ? "" : "-" + instance);
        final Path stateDir = instance == 0 ? stateDir(config, suffix) : config.dir().resolve("state-" + name);
        final TopicProperties topics = topics(suffix);
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        if (config.profile()) {
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + config.dir().resolve("service-" + name + ".jfr"));
        }
        command.addAll(List.of("-jar", config.jar(), "--spring.profiles.active=dev",
                "--server.address=127.0.0.1", "--server.port=" + port, "--management.server.address=127.0.0.1",
                "--management.server.port=" + managementPort(port),
                "--spring.kafka.bootstrap-servers=" + config.bootstrap(),
                "--chat-ticket.schema-registry-url=" + config.registry(),
                "--chat-ticket.streams.application-id=bench-" + suffix,
                "--chat-ticket.streams.state-dir=" + stateDir,
                "--chat-ticket.streams.instance-id=bench-" + suffix + "-" + instance,
                "--chat-ticket.topics.ticket-created=" + topics.ticketCreated(),
                "--chat-ticket.topics.ticket-status=" + topics.ticketStatus(),
                "--chat-ticket.topics.agent-status=" + topics.agentStatus(),
                "--chat-ticket.topics.ticket-assignments=" + topics.ticketAssignments(),
                "--chat-ticket.topics.dead-letters=" + topics.deadLetters(),
                "--chat-ticket.topics.pool-releases=" + topics.poolReleases(),
                "--chat-ticket.topics.pool-handovers=" + topics.poolHandovers()));
        command.addAll(List.of(extra));
        final File log = config.dir().resolve("service-" + name + ".log").toFile();
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        final ServiceProcess service = new ServiceProcess(suffix, port, process, stateDir);
        final long deadline = System.currentTimeMillis() + 120_000;
        while (!service.running()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                service.close();
                throw new IllegalStateException("the service did not start; see " + log);
            }
            Thread.sleep(250);
        }
        return service;
    }

    /** The management port (health, Prometheus) of the instance on this service port. */
    static int managementPort(final int servicePort) {
        return servicePort + MANAGEMENT_PORT_OFFSET;
    }

    /** Whether the instance on this service port runs Kafka Streams (its health says so). */
    static boolean streamsRunning(final int servicePort) throws InterruptedException {
        try {
            final HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + managementPort(servicePort) + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.body().contains("\"kafkaStreams\":{\"status\":\"UP\"}");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path stateDir(final BenchConfig config, final String suffix) {
        return config.dir().resolve("state-" + suffix);
    }

    Path stateDir() {
        return stateDir;
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Runs a full GC in the service (jcmd) and returns the heap then in use, in bytes. */
    long heapAfterFullGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        final java.util.regex.Matcher used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K")
                .matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("no heap figure from jcmd");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** The service's resident memory (heap, RocksDB's caches and memtables, everything), in bytes, from /proc. */
    long residentBytes() throws IOException {
        for (final String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for the service");
    }

    /** Bytes of the service's state directory on disk (RocksDB files, checkpoints). */
    long stateBytes() throws IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(stateDir)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private String jcmd(final String command) throws IOException, InterruptedException {
        final Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), command).redirectErrorStream(true).start();
        final String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        jcmd.waitFor();
        return output;
    }

    /**
     * The service's topics for a run: the names the service's own configuration gives them
     * ({@code chat-ticket.topics.*} in its application.properties), each followed by the run's suffix.
     */
    static TopicProperties topics(final String suffix) {
        final Properties defaults = defaults();
        final UnaryOperator<String> name = key -> defaults.getProperty("chat-ticket.topics." + key) + "-" + suffix;
        return new TopicProperties(name.apply("ticket-created"), name.apply("ticket-status"),
                name.apply("agent-status"), name.apply("ticket-assignments"), name.apply("dead-letters"),
                name.apply("pool-releases"), name.apply("pool-handovers"),
                Integer.parseInt(defaults.getProperty("chat-ticket.topics.partitions")),
                Short.parseShort(defaults.getProperty("chat-ticket.topics.replication-factor")));
    }

    /** The service's own configuration, as its application.properties gives it (what a phase does not override). */
    static Properties defaults() {
        final Properties defaults = new Properties();
        try (InputStream in = ServiceProcess.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defaults;
    }

    /** This process's topics. */
    TopicProperties topics() {
        return topics(suffix);
    }

    long pid() {
        return process.pid();
    }

    /**
     * CPU time of each of the service's threads so far, in clock ticks (1/100 s), by thread name, from /proc (Linux):
     * for PROFILE=1, to see which threads a phase keeps busy.
     */
    java.util.Map<String, Long> threadCpu() {
        final java.util.Map<String, Long> ticks = new java.util.HashMap<>();
        final File[] tasks = new File("/proc/" + process.pid() + "/task").listFiles();
        if (tasks == null) {
            return ticks;
        }
        for (final File task : tasks) {
            try {
                final String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                final String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return ticks;
    }

    private boolean running() {
        try {
            return streamsRunning(port);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
