package net.oneview.chatticket.testing;

import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Confluent-compatible registry for a test: Apicurio Registry 3.3.3 (the one `make run` starts), on a free
 * loopback port. Skips the test, saying why, where no Java 21+ or no Apicurio download exists.
 */
public final class ApicurioProcess implements AutoCloseable {

    private static final Path APICURIO = Path.of(".run", "apicurio-registry-3.3.3", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final String url;

    private ApicurioProcess(final Process process, final String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts the registry and waits until it answers; its log goes to {@code target/<log>}. */
    public static ApicurioProcess start(final String log) throws Exception {
        final Process find = new ProcessBuilder("bash", "src/local/stack.sh", "registry-java")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String java = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        Assumptions.assumeTrue(find.waitFor() == 0 && !java.isEmpty(),
                "SKIPPED: Apicurio Registry needs Java 21+, none found (set REGISTRY_JAVA_HOME)");
        Assumptions.assumeTrue(Files.exists(APICURIO),
                "SKIPPED: Apicurio Registry not downloaded yet (`make run` or `.ci/run` downloads it)");
        final int port = freePort();
        final Process process = new ProcessBuilder(java, "-Xmx384m", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + freePort(), "-jar", APICURIO.toString())
                .redirectErrorStream(true).redirectOutput(Path.of("target", log).toFile()).start();
        final ApicurioProcess registry = new ApicurioProcess(process, "http://127.0.0.1:" + port + "/apis/ccompat/v7");
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() ->
                HTTP.send(HttpRequest.newBuilder(URI.create(registry.url + "/subjects")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        return registry;
    }

    /** The Confluent-compatible API's base URL. */
    public String url() {
        return url;
    }

    public static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
