package net.oneview.chatticket.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real service jar as a separate process, with its own topics, application id and state directory, so that each
 * benchmark phase starts from nothing. Stopped by its PID.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String suffix;
    final int port;
    private final Process process;

    private ServiceProcess(final String suffix, final int port, final Process process) {
        this.suffix = suffix;
        this.port = port;
        this.process = process;
    }

    /** Starts the jar and waits until Kafka Streams is RUNNING. */
    static ServiceProcess start(final BenchConfig config, final String suffix, final String... extra) throws Exception {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        if (config.profile()) {
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + config.dir().resolve("service-" + suffix + ".jfr"));
        }
        command.addAll(List.of("-jar", config.jar(),
                "--server.address=127.0.0.1", "--server.port=" + config.servicePort(),
                "--spring.kafka.bootstrap-servers=" + config.bootstrap(),
                "--chat-ticket.schema-registry-url=" + config.registry(),
                "--chat-ticket.streams.application-id=bench-" + suffix,
                "--chat-ticket.streams.state-dir=" + config.dir().resolve("state-" + suffix),
                "--chat-ticket.topics.ticket-created=" + topic("ticket-created", suffix),
                "--chat-ticket.topics.ticket-status=" + topic("ticket-status", suffix),
                "--chat-ticket.topics.agent-status=" + topic("agent-status", suffix),
                "--chat-ticket.topics.ticket-assignments=" + topic("ticket-assignments", suffix),
                "--chat-ticket.topics.dead-letters=" + topic("dead-letters", suffix)));
        command.addAll(List.of(extra));
        final File log = config.dir().resolve("service-" + suffix + ".log").toFile();
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log).start();
        final ServiceProcess service = new ServiceProcess(suffix, config.servicePort(), process);
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

    static String topic(final String name, final String suffix) {
        return name + "-" + suffix;
    }

    String topic(final String name) {
        return topic(name, suffix);
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
            final HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.body().contains("\"state\":\"RUNNING\"");
        } catch (IOException e) {
            return false;
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
