package net.oneview.chatticket.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Docker cannot run on the build machines, so docker-compose.yml is checked against what `make run` does:
 * same published ports on 127.0.0.1 (the service's and its management port), same Kafka and Apicurio versions, same
 * broker settings, same registry path, the service healthy when ready, as `make run` waits for it.
 */
class DockerComposeConsistencyTest {

    private final Map<String, Object> compose = load();
    private final String stack = read("src/local/stack.sh");

    @Test
    void publishesTheSamePortsAsMakeRunOnLoopbackOnly() {
        assertThat(ports("kafka")).containsExactly("127.0.0.1:" + stackDefault("KAFKA_PORT") + ":9092");
        assertThat(ports("registry")).containsExactly("127.0.0.1:" + stackDefault("REGISTRY_PORT") + ":8080");
        assertThat(ports("service")).containsExactly("127.0.0.1:" + stackDefault("SERVICE_PORT") + ":"
                + environment("service").get("SERVER_PORT"), "127.0.0.1:" + stackDefault("MANAGEMENT_PORT") + ":"
                + environment("service").get("MANAGEMENT_SERVER_PORT"));
        assertThat(environment("service").get("MANAGEMENT_SERVER_PORT")).as("the service's default management port")
                .hasToString(applicationProperties().getProperty("management.server.port"));
    }

    @Test
    void runsTheSameKafkaAndApicurioVersions() {
        final String brokerPom = read("src/local/broker-pom.xml");
        final Matcher kafka = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(brokerPom);
        assertThat(kafka.find()).isTrue();
        assertThat(image("kafka")).isEqualTo("apache/kafka:" + kafka.group(1));
        assertThat(image("registry")).isEqualTo("apicurio/apicurio-registry:" + stackValue("APICURIO_VERSION"));
    }

    @Test
    void configuresTheBrokerAsBrokerPropertiesDoes() throws IOException {
        final Properties broker = new Properties();
        try (var in = Files.newBufferedReader(Path.of("src/local/broker.properties"))) {
            broker.load(in);
        }
        final Map<String, Object> env = environment("kafka");
        for (final String key : List.of("process.roles", "node.id", "auto.create.topics.enable", "num.partitions",
                "offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr", "group.initial.rebalance.delay.ms",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms")) {
            final String variable = "KAFKA_" + key.replace('.', '_').toUpperCase();
            assertThat(env.get(variable)).as(variable).hasToString(broker.getProperty(key));
        }
    }

    @Test
    void pointsTheServiceAtTheRegistrysConfluentApiLikeMakeRun() {
        final Properties app = applicationProperties();
        final String localUrl = app.getProperty("chat-ticket.schema-registry-url");
        final String composeUrl = environment("service").get("CHAT_TICKET_SCHEMA_REGISTRY_URL").toString();
        assertThat(composeUrl).endsWith(localUrl.substring(localUrl.indexOf("/apis/")));
        assertThat(stack).contains("/apis/ccompat/v7");
        assertThat(environment("service").get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                .isEqualTo("kafka:" + listenerPort(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS").toString(), "INTERNAL"));
    }

    @Test
    void callsTheServiceHealthyWhenItIsReadyAsMakeRunWaitsForIt() {
        final String readiness = "/readyz";
        final Matcher wait = Pattern.compile("service_ready\\(\\) \\{ curl [^}]*\\$1" + Pattern.quote(readiness) + "\"")
                .matcher(stack);
        assertThat(wait.find()).as("make run waits on " + readiness).isTrue();
        final String probe = String.join(" ", healthcheck("service"));
        assertThat(probe).contains("/dev/tcp/127.0.0.1/" + environment("service").get("SERVER_PORT") + " ")
                .contains("GET " + readiness + " ").contains("grep -q ' 200 '");
    }

    private static Properties applicationProperties() {
        final Properties app = new Properties();
        try (var in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return app;
    }

    @SuppressWarnings("unchecked")
    private List<String> healthcheck(final String name) {
        return (List<String>) ((Map<String, Object>) service(name).get("healthcheck")).get("test");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> service(final String name) {
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private List<String> ports(final String name) {
        return (List<String>) service(name).get("ports");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(final String name) {
        return (Map<String, Object>) service(name).get("environment");
    }

    private String image(final String name) {
        return service(name).get("image").toString();
    }

    private String stackDefault(final String variable) {
        final Matcher m = Pattern.compile(variable + "=\"\\$\\{" + variable + ":-([^}]+)}\"").matcher(stack);
        assertThat(m.find()).as("default of " + variable + " in stack.sh").isTrue();
        return m.group(1);
    }

    private String stackValue(final String variable) {
        final Matcher m = Pattern.compile(variable + "=\"([^\"]+)\"").matcher(stack);
        assertThat(m.find()).as(variable + " in stack.sh").isTrue();
        return m.group(1);
    }

    private static String listenerPort(final String listeners, final String name) {
        final Matcher m = Pattern.compile(name + "://[^:]+:(\\d+)").matcher(listeners);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static Map<String, Object> load() {
        return new Yaml().load(read("docker-compose.yml"));
    }

    private static String read(final String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
