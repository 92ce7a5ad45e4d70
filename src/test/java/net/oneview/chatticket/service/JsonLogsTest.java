package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Under the json-logs profile every console line is a JSON object; a line logged for a request carries the path's
 * agent id (or ticket id) as a field, and no line carries the request's token. The error handler's debug lines are the
 * lines a request logs here (a 404).
 */
@ActiveProfiles({"dev", "json-logs"})
@TestPropertySource(properties = {"logging.config=classpath:logback-json-logs-test.xml",
        "logging.level.net.oneview.chatticket.web.ApiExceptionHandler=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
// closed after the class: logging is set up once per JVM while a context that set it up is open, and later tests
// should not log as JSON
@DirtiesContext
class JsonLogsTest extends ServiceTestSupport {

    @Test
    void aRequestsLogLineCarriesTheAgentIdAndNoToken(final CapturedOutput output) throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent);

        assertThat(get(agent.toUpperCase(), "tickets", token).status()).isEqualTo(404);

        final JsonNode line = await().atMost(Duration.ofSeconds(10))
                .until(() -> line(output, agent + " never seen"), found -> found != null);
        assertThat(line.path("agentId").asString(null)).isEqualTo(agent);
        assertThat(line.at("/log/level").asString(null)).isEqualTo("DEBUG");
        assertThat(output.getAll()).doesNotContain(token).doesNotContain("Bearer");
    }

    @Test
    void aSupervisorsRequestForATicketsDecisionsCarriesTheTicketId(final CapturedOutput output) throws Exception {
        final String ticket = "ticket-" + UUID.randomUUID();
        final String token = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));

        assertThat(send("GET", "tickets", ticket + "/decisions", token).statusCode()).isEqualTo(404);

        final JsonNode line = await().atMost(Duration.ofSeconds(10))
                .until(() -> line(output, "no decisions kept for ticket " + ticket), found -> found != null);
        assertThat(line.path("ticketId").asString(null)).isEqualTo(ticket);
        assertThat(line.has("agentId")).isFalse();
        assertThat(output.getAll()).doesNotContain(token).doesNotContain("Bearer");
    }

    /** The last JSON line whose message contains the text, or null. */
    private JsonNode line(final CapturedOutput output, final String text) {
        final List<String> lines = output.getOut().lines().filter(line -> line.startsWith("{")).toList();
        JsonNode found = null;
        for (final String line : lines) {
            final JsonNode json = this.json.readTree(line);
            if (json.path("message").asString("").contains(text)) {
                found = json;
            }
        }
        return found;
    }
}
