package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.events.Metadata;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The answer of {@code GET /v1/tickets/{ticketId}/decisions} is bounded: the newest decisions, saying when earlier ones
 * are left out. (What an entry of the history keeps: {@code DecisionStoreTest}; its restore: {@code ServiceRestartTest}.)
 */
class DecisionHistoryTest extends ServiceTestSupport {

    private static final String TRUNCATED = "Chat-Ticket-Decisions-Truncated";

    private final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(),
            Map.of("scope", "tickets:supervise"));

    @Test
    void aLongHistoryIsAnsweredWithItsNewestDecisionsSayingEarlierOnesAreLeftOut() throws Exception {
        final String ticket = produceTicket("nobody-" + UUID.randomUUID(), 2);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> get("tickets", ticket + "/decisions", supervisor).status() == 200);
        assertThat(send("GET", "tickets", ticket + "/decisions", supervisor).headers().firstValue(TRUNCATED)).isEmpty();

        final int changes = MAX_DECISIONS_SHOWN + 1;
        for (int i = 1; i <= changes; i++) {
            produce("ticket-status", ticket, TicketStatusChanged.newBuilder().setTicketId(ticket)
                    .setStatus(i % 2 == 1 ? TicketStatus.ESCALATED : TicketStatus.ASSIGNED).setStatusReason("step " + i)
                    .setTime(Instant.now()).build());
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> ("step " + changes)
                .equals(last(get("tickets", ticket + "/decisions", supervisor).body()).get("statusReason").asString()));
        final HttpResponse<String> answer = send("GET", "tickets", ticket + "/decisions", supervisor);
        final JsonNode shown = json.readTree(answer.body());
        assertThat(shown.valueStream().map(decision -> decision.get("statusReason").asString()))
                .containsExactly("step 2", "step 3", "step 4", "step 5");
        assertThat(answer.headers().firstValue(TRUNCATED)).hasValue("true");
    }

    private static JsonNode last(final JsonNode decisions) {
        return decisions.get(decisions.size() - 1);
    }
}
