package net.oneview.chatticket.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-queue gauges' labels stay bounded whatever queue names and priorities the tickets bring. */
class QueueLabelsTest {

    @Test
    void configuredQueuesAndTheFirstOthersKeepTheirNamesTheRestAreOther() {
        final QueueLabels labels = new QueueLabels(List.of("gold"), 2, List.of(1, 2, 3));

        final Map<Tags, Long> waiting = labels.waiting(List.of(queue("a", 1, 3L), queue("b", 1, 1L),
                queue("c", 1, 4L), queue("d", 1, 5L), queue("gold", 1, 2L)));

        assertThat(waiting).containsExactlyInAnyOrderEntriesOf(Map.of(
                tags("a", "1"), 3L, tags("b", "1"), 1L, tags(QueueLabels.OTHER, "1"), 9L, tags("gold", "1"), 2L));
        assertThat(labels.waiting(List.of(queue("e", 1, 1L), queue("b", 2, 1L)))).as("a queue keeps its label")
                .containsOnlyKeys(tags(QueueLabels.OTHER, "1"), tags("b", "2"));
    }

    @Test
    void prioritiesOutsideTheKnownLevelsAreOtherAndAddUp() {
        final QueueLabels labels = new QueueLabels(List.of(), 10, List.of(1, 2, 3));

        final Map<Tags, Long> waiting = labels.waiting(List.of(new QueueOverview.Figures("q", "default", 6,
                Map.of("1", 1L, "7", 2L, "-4", 3L), Map.of("0", 6L), 5L, 0, 0, 0, 0, 0)));

        assertThat(waiting).containsExactlyInAnyOrderEntriesOf(Map.of(tags("q", "1"), 1L,
                tags("q", QueueLabels.OTHER), 5L));
    }

    @Test
    void theOldestWaitOfQueuesSharingALabelIsTheLongest() {
        final QueueLabels labels = new QueueLabels(List.of(), 1, List.of(1));

        final Map<Tags, Long> oldest = labels.oldest(List.of(queue("a", 1, 1L), queue("b", 1, 1L),
                queue("c", 1, 1L),
                new QueueOverview.Figures("d", "default", 0, Map.of(), Map.of(), null, 1, 1, 0, 0, 0)));

        assertThat(oldest).containsExactlyInAnyOrderEntriesOf(Map.of(
                Tags.of("pool", "default", "queue", "a"), 10L,
                Tags.of("pool", "default", "queue", QueueLabels.OTHER), 30L));
    }

    @Test
    void stepsKeepTheirNamesAndAddUpWhereQueuesShareALabel() {
        final QueueLabels labels = new QueueLabels(List.of(), 1, List.of(1));

        final Map<Tags, Long> waiting = labels.waitingByStep(List.of(
                new QueueOverview.Figures("a", "default", 3, Map.of("1", 3L), Map.of("preferred", 1L, "0", 2L), 5L,
                        0, 0, 0, 0, 0),
                new QueueOverview.Figures("b", "default", 4, Map.of("1", 4L), Map.of("0", 1L, "1", 3L), 5L, 0, 0, 0,
                        0, 0),
                new QueueOverview.Figures("c", "default", 1, Map.of("1", 1L), Map.of("1", 1L), 5L, 0, 0, 0, 0, 0),
                new QueueOverview.Figures(null, "default", 8, Map.of("1", 8L), null, 5L, 0, 0, 0, 0, 0)));

        assertThat(waiting).containsExactlyInAnyOrderEntriesOf(Map.of(
                step("a", "preferred"), 1L, step("a", "0"), 2L,
                step(QueueLabels.OTHER, "0"), 1L, step(QueueLabels.OTHER, "1"), 4L));
    }

    private static Tags step(final String queue, final String step) {
        return Tags.of("pool", "default", "queue", queue, "step", step);
    }

    /** A queue whose tickets all have one priority; its oldest has waited ten seconds per ticket. */
    private static QueueOverview.Figures queue(final String name, final int priority, final long count) {
        final long oldest = 10L * (name.charAt(0) - 'a' + 1);
        return new QueueOverview.Figures(name, "default", count, Map.of(Integer.toString(priority), count),
                Map.of("0", count), oldest, 0, 0, 0, 0, 0);
    }

    private static Tags tags(final String queue, final String priority) {
        return Tags.of("pool", "default", "queue", queue, "priority", priority);
    }
}
