package net.oneview.chatticket.topology;

import net.oneview.chatticket.streams.TopicProperties;
import net.oneview.chatticket.streams.Topics;
import java.time.Duration;
import java.util.Map;
import net.oneview.chatticket.avro.AvroSerdeConfig;
import java.util.stream.Stream;
import net.oneview.chatticket.assignment.AssignmentProperties;
import net.oneview.chatticket.assignment.OfferProperties;
import net.oneview.chatticket.assignment.RoutingProperties;
import net.oneview.chatticket.assignment.DecisionObserver;
import net.oneview.chatticket.agent.AgentChanges;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.Topology;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics (created at start-up when missing), their serdes, and the topology. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    Topics topics(final TopicProperties names,
            @Value("${chat-ticket.schema-registry-url}") final String registryUrl,
            @Value("${chat-ticket.auto-register-schemas:true}") final boolean autoRegister,
            @Value("${chat-ticket.schema-registry-outage-wait:0s}") final Duration outageWait) {
        return new Topics(names, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, autoRegister,
                AvroSerdeConfig.OUTAGE_WAIT_MS, outageWait.toMillis()));
    }

    @Bean
    KafkaAdmin.NewTopics serviceTopics(final TopicProperties names) {
        return new KafkaAdmin.NewTopics(Stream.of(names.ticketCreated(), names.ticketStatus(), names.agentStatus(),
                        names.ticketAssignments(), names.deadLetters(), names.poolReleases(), names.poolHandovers())
                .map(name -> TopicBuilder.name(name).partitions(names.partitions()).replicas(names.replicationFactor()).build())
                .toArray(NewTopic[]::new));
    }

    /** Bound here rather than scanned: see {@link RoutingProperties#from}. */
    @Bean
    RoutingProperties routingProperties(final org.springframework.core.env.ConfigurableEnvironment environment) {
        return RoutingProperties.from(environment);
    }

    @Bean
    Topology topology(final Topics topics, final AssignmentProperties rules, final OfferProperties offers,
            final RoutingProperties routing, final DecisionObserver decisions, final AgentChanges agents) {
        return TopologyFactory.build(topics, rules, offers, routing, decisions, agents);
    }
}
