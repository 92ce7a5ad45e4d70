package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.assignment.RoutingProperties.AgentOrder;
import net.oneview.chatticket.assignment.RoutingProperties.Step;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The routing is set through environment variables, as {@code make run} and containers set it: the variables'
 * exact names bind as Spring Boot maps them ({@code _} for {@code .} and {@code -}, list indexes as {@code _N_}),
 * and a step list that cannot work stops the binding with the setting's name.
 */
class RoutingPropertiesBindingTest {

    @Test
    void stepsOverflowQueuesPreferredWaitAndAgentOrderBindFromTheEnvironment() {
        final RoutingProperties routing = bind(Map.of(
                "CHAT_TICKET_ROUTING_QUEUES_ENGLISH_STEPS_0_MIN_LEVEL", "4",
                "CHAT_TICKET_ROUTING_QUEUES_ENGLISH_STEPS_1_AFTER", "20s",
                "CHAT_TICKET_ROUTING_QUEUES_ENGLISH_STEPS_1_MIN_LEVEL", "1",
                "CHAT_TICKET_ROUTING_QUEUES_ENGLISH_STEPS_2_AFTER", "30s",
                "CHAT_TICKET_ROUTING_QUEUES_ENGLISH_STEPS_2_ALSO_QUEUES", "english-overflow",
                "CHAT_TICKET_ROUTING_QUEUES_BAHASA_PREFERRED_AGENT_WAIT", "45s",
                "CHAT_TICKET_ROUTING_PREFERRED_AGENT_WAIT", "10s",
                "CHAT_TICKET_ROUTING_AGENT_ORDER", "best-level"));

        assertThat(routing.steps("english")).containsExactly(new Step(Duration.ZERO, 4, List.of()),
                new Step(Duration.ofSeconds(20), 1, List.of()),
                new Step(Duration.ofSeconds(30), 1, List.of("english-overflow")));
        assertThat(routing.alsoQueues("english", 2)).containsExactly("english-overflow");
        assertThat(routing.preferredAgentWait("english")).isEqualTo(Duration.ofSeconds(10));
        assertThat(routing.preferredAgentWait("bahasa")).isEqualTo(Duration.ofSeconds(45));
        assertThat(routing.agentOrder()).isEqualTo(AgentOrder.BEST_LEVEL);
        assertThat(routing.steps("bahasa")).as("a queue without steps: everyone of the queue at once")
                .containsExactly(new Step(Duration.ZERO, 1, List.of()));
    }

    @Test
    void withoutRoutingSettingsTheDefaultsHold() {
        final RoutingProperties routing = bind(Map.of("CHAT_TICKET_OTHER", "x"));

        assertThat(routing.agentOrder()).isEqualTo(AgentOrder.MOST_FREE);
        assertThat(routing.preferredAgentWait("english")).isEqualTo(Duration.ofSeconds(30));
        assertThat(routing.steps("english")).hasSize(1);
    }

    @Test
    void aStepListThatCannotWorkStopsTheBindingNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of(
                "CHAT_TICKET_ROUTING_QUEUES_ENGLISH_STEPS_0_MIN_LEVEL", "1",
                "CHAT_TICKET_ROUTING_QUEUES_ENGLISH_STEPS_1_AFTER", "20s",
                "CHAT_TICKET_ROUTING_QUEUES_ENGLISH_STEPS_1_MIN_LEVEL", "3")))
                .hasStackTraceContaining("chat-ticket.routing.queues.english.steps[1].min-level (3) is above");
        assertThatThrownBy(() -> bind(Map.of("CHAT_TICKET_ROUTING_QUEUES_ENGLISH_STEPS_1_AFTER", "-5s",
                "CHAT_TICKET_ROUTING_QUEUES_ENGLISH_STEPS_0_MIN_LEVEL", "1")))
                .hasStackTraceContaining("chat-ticket.routing.queues.english.steps[1].after must be between");
    }

    @Test
    void aQueueWithADashInItsNameIsNamedWithAnUnderscore() {
        final RoutingProperties routing = bind(Map.of(
                "CHAT_TICKET_ROUTING_QUEUES_ENGLISH_OVERFLOW_STEPS_1_AFTER", "60s",
                "CHAT_TICKET_ROUTING_QUEUES_ENGLISH_OVERFLOW_STEPS_1_ALSO_QUEUES", "english"));

        assertThat(routing.steps("english-overflow")).containsExactly(new Step(Duration.ZERO, 1, List.of()),
                new Step(Duration.ofSeconds(60), 1, List.of("english")));
    }

    /** The environment of a process with these variables and no other setting. */
    private static RoutingProperties bind(final Map<String, String> variables) {
        final StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.copyOf(variables)));
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        return RoutingProperties.from(environment);
    }
}
