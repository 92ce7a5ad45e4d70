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
                waiting("default", "english", 1, "0", NOW.minusSeconds(30).toEpochMilli()),
                waiting("default", "english", 3, "0", NOW.minusSeconds(90).toEpochMilli()),
                QueueCounts.Row.agents("default", "english", 1, 2, 0, 0),
                QueueCounts.Row.agents("default", QueueCounts.ANY_QUEUE, 1, 1, 0, 0),
                waiting("default", null, 1, null, NOW.minusSeconds(30).toEpochMilli()),
                waiting("default", null, 3, null, NOW.minusSeconds(90).toEpochMilli()),
                QueueCounts.Row.agents("default", null, 1, 2, 0, 0),
                QueueCounts.Row.agents("default", null, 1, 1, 0, 0));

        final QueueOverview overview = QueueOverview.of(rows, Map.of("vip", List.of("gold")), NOW);

        assertThat(overview.time()).isEqualTo(NOW.getEpochSecond());
        assertThat(overview.queues()).containsExactly(
                new QueueOverview.Figures("english", "default", 2, Map.of("1", 1L, "3", 1L), Map.of("0", 2L), 90L, 2,
                        3, 0, 0, 0),
                new QueueOverview.Figures("gold", "vip", 0, Map.of(), Map.of(), null, 0, 0, 0, 0, 0));
        assertThat(overview.pools()).containsExactly(
                new QueueOverview.Figures(null, "default", 2, Map.of("1", 1L, "3", 1L), null, 90L, 2, 3, 0, 0, 0));
    }

    @Test
    void aQueuesWaitingTicketsAddUpByStepPreferredFirstAndAPoolHasNoSteps() {
        final long created = NOW.minusSeconds(10).toEpochMilli();
        final List<QueueCounts.Row> rows = List.of(
                waiting("default", "english", 1, "1", created),
                waiting("default", "english", 1, "10", created),
                waiting("default", "english", 1, "0", created),
                waiting("default", "english", 2, "1", created),
                waiting("default", "english", 2, QueueCounts.PREFERRED, created),
                waiting("default", null, 1, null, created));

        final QueueOverview overview = QueueOverview.of(rows, Map.of(), NOW);

        assertThat(overview.queues().get(0).waitingByStep()).containsExactly(Map.entry(QueueCounts.PREFERRED, 1L),
                Map.entry("0", 1L), Map.entry("1", 2L), Map.entry("10", 1L));
        assertThat(overview.pools().get(0).waitingByStep()).as("steps are numbered per queue").isNull();
    }

    @Test
    void aRowFromAnInstanceThatCountsNoStepsAddsUpWithTheOthers() {
        final QueueCounts.Row earlier = new QueueCounts.Row("p", "q", 1, Map.of(2, 1L), null, 1_000L, 0, 0, 0, 0, 0);

        final QueueCounts.Row sum = earlier.plus(waiting("p", "q", 2, "1", 2_000));

        assertThat(sum.waiting()).isEqualTo(2);
        assertThat(sum.waitingByStep()).containsExactly(Map.entry("1", 1L));
    }

    @Test
    void aRowWithoutWaitingTicketsKeepsTheOldestOfTheOther() {
        final QueueCounts.Row waiting = waiting("p", "q", 2, "0", 1_000);
        final QueueCounts.Row agent = QueueCounts.Row.agents("p", "q", 1, 1, 0, 0);

        assertThat(agent.plus(waiting).oldestCreatedMillis()).isEqualTo(1_000);
        assertThat(waiting.plus(agent).oldestCreatedMillis()).isEqualTo(1_000);
        assertThat(agent.plus(agent).oldestCreatedMillis()).isNull();
    }

    /** One waiting ticket's row. */
    private static QueueCounts.Row waiting(final String pool, final String queue, final int priority,
            final String step, final long createdMillis) {
        return QueueCounts.Row.waiting(pool, queue, 1, Map.of(priority, 1L), step == null ? Map.of() : Map.of(step, 1L),
                createdMillis);
    }
}
