package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.topology.WrittenSchemas;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The list of schemas the service writes (what must be registered with auto-register-schemas=false) is what the
 * topology registers when every store and topic has been written: the list cannot drift from the topology.
 */
class WrittenSchemasTest {

    @Test
    void theTopologyRegistersExactlyTheSchemasListedAsWritten(@TempDir final Path stateDir) {
        final String scope = "written-schemas";
        // with offers on: the offers' store is written too, and the agent accepts on its own input (pool-releases)
        try (TopologyHarness t = new TopologyHarness(new AssignmentProperties(null, null,
                Map.of("vip", List.of("vip"))), new OfferProperties(Duration.ofMinutes(10), Map.of(), null), stateDir,
                scope)) {
            t.status("early", TicketStatus.ESCALATED, 1);
            t.online("ana", List.of("en"), 2, 2);
            t.created("t1", "en", 1, 3);
            t.answered("ana", "t1", true, 3);
            t.created("early", "en", 1, 4);
            t.online("ana", List.of("vip"), 2, 5);  // moves to the vip pool: a release
            t.status("t1", TicketStatus.CLOSED, 6);
            // routed by an instance with other pools: the pool hands it over to the router
            t.routedTo(Pools.DEFAULT_POOL, TopologyHarness.ticket("t-vip", "vip", 1, 7), 7);

            final Map<String, Set<Schema>> registered = new TreeMap<>(SchemaRegistries.mockSubjects(scope));
            // written by the test as case-management-agent, not by the service
            registered.remove(TopologyHarness.TOPICS.ticketCreated() + "-value");
            registered.remove(TopologyHarness.TOPICS.ticketStatus() + "-value");
            final Map<String, Set<Schema>> listed = new TreeMap<>();
            WrittenSchemas.of("chat-ticket-assignment-test", TopologyHarness.TOPICS)
                    .forEach((subject, schema) -> listed.put(subject, Set.of(schema)));

            assertThat(registered).isEqualTo(listed);
        } finally {
            SchemaRegistries.dropMockScope(scope);
        }
    }
}
