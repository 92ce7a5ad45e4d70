package net.oneview.chatticket.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How rows of partitions and instances add up into the supervisor's figures. */
class QueueOverviewTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void rowsOfOneQueueAddUpAndAgentsOfEveryQueueCountInEachQueueOfTheirPool() {
        final List<QueueCounts.Row> rows = List.of(
                QueueCounts.Row.waiting("default", "english", 1, NOW.minusSeconds(30).toEpochMilli()),
                QueueCounts.Row.waiting("default", "english", 3, NOW.minusSeconds(90).toEpochMilli()),
                QueueCounts.Row.agent("default", "english", 2, false, 0),
                QueueCounts.Row.agent("default", QueueCounts.ANY_QUEUE, 1, false, 0),
                QueueCounts.Row.waiting("default", null, 1, NOW.minusSeconds(30).toEpochMilli()),
                QueueCounts.Row.waiting("default", null, 3, NOW.minusSeconds(90).toEpochMilli()),
                QueueCounts.Row.agent("default", null, 2, false, 0),
                QueueCounts.Row.agent("default", null, 1, false, 0));

        final QueueOverview overview = QueueOverview.of(rows, Map.of("vip", List.of("gold")), NOW);

        assertThat(overview.time()).isEqualTo(NOW.getEpochSecond());
        assertThat(overview.queues()).containsExactly(
                new QueueOverview.Figures("english", "default", 2, Map.of("1", 1L, "3", 1L), 90L, 2, 3, 0, 0, 0),
                new QueueOverview.Figures("gold", "vip", 0, Map.of(), null, 0, 0, 0, 0, 0));
        assertThat(overview.pools()).containsExactly(
                new QueueOverview.Figures(null, "default", 2, Map.of("1", 1L, "3", 1L), 90L, 2, 3, 0, 0, 0));
    }

    @Test
    void aRowWithoutWaitingTicketsKeepsTheOldestOfTheOther() {
        final QueueCounts.Row waiting = QueueCounts.Row.waiting("p", "q", 2, 1_000);
        final QueueCounts.Row agent = QueueCounts.Row.agent("p", "q", 1, false, 0);

        assertThat(agent.plus(waiting).oldestCreatedMillis()).isEqualTo(1_000);
        assertThat(waiting.plus(agent).oldestCreatedMillis()).isEqualTo(1_000);
        assertThat(agent.plus(agent).oldestCreatedMillis()).isNull();
    }
}
