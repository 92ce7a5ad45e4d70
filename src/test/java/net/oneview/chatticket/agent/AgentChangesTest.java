package net.oneview.chatticket.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.oneview.chatticket.query.StoreUnavailableException;
import net.oneview.chatticket.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request waiting for an agent's change reads the agent again when told of a change, not on a clock: with the
 * fallback re-read an hour away, only the notices can bring the second read within the wait. However the wait ends,
 * the agent is no longer waited for.
 */
class AgentChangesTest {

    private final AgentChanges changes = new AgentChanges(Duration.ofHours(1));

    @Test
    void aNoticeOfTheAgentMakesTheWaitReadAgain() {
        final List<String> reads = new ArrayList<>();
        final Optional<String> found = changes.await("ana", Duration.ofSeconds(30), () -> {
            reads.add("read " + reads.size());
            if (reads.size() == 1) {
                changes.changed("bob");  // another agent: no read
                changes.changed("ana");
                return Optional.empty();
            }
            return Optional.of("shown");
        });

        assertThat(found).contains("shown");
        assertThat(reads).containsExactly("read 0", "read 1");
        assertThat(changes.awaited("ana")).as("nobody waits any more").isFalse();
    }

    /** What the agents' task tells, without the live feed running: a status it wrote, a list's new version. */
    static Stream<Arguments> noticesOfTheTask() {
        return Stream.of(
                Arguments.of("a status", (Consumer<AgentChanges>) changes -> changes.statusChanged("ana")),
                Arguments.of("a change of the list",
                        (Consumer<AgentChanges>) changes -> changes.counted("ana", AgentViews.OWN_PART, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noticesOfTheTask")
    void whatTheTaskTellsCountsAsANotice(final String notice, final Consumer<AgentChanges> tell) {
        final AtomicInteger reads = new AtomicInteger();
        final Optional<Integer> found = changes.await("ana", Duration.ofSeconds(30), () -> {
            if (reads.incrementAndGet() == 1) {
                tell.accept(changes);
                return Optional.empty();
            }
            return Optional.of(reads.get());
        });

        assertThat(found).contains(2);
    }

    @Test
    void aStoreThatCannotAnswerYetFindsNothingAndTheWaitGoesOn() {
        final AtomicInteger reads = new AtomicInteger();
        final Optional<String> found = changes.await("ana", Duration.ofSeconds(30), () -> {
            if (reads.incrementAndGet() == 1) {
                changes.changed("ana");
                throw new StoreUnavailableException("restoring");
            }
            return Optional.of("shown");
        });

        assertThat(found).contains("shown");
    }

    @Test
    void whatElseTheReadThrowsEndsTheWait() {
        assertThatThrownBy(() -> changes.await("ana", Duration.ofSeconds(30), () -> {
            throw ApiException.notFound("agent ana never seen");
        })).isInstanceOf(ApiException.class);
        assertThat(changes.awaited("ana")).isFalse();
    }

    @Test
    void withoutAChangeTheWaitEndsEmptyAtItsTimeout() {
        final AtomicInteger reads = new AtomicInteger();

        final Optional<String> found = changes.await("ana", Duration.ofMillis(50), () -> {
            reads.incrementAndGet();
            return Optional.empty();
        });

        assertThat(found).isEmpty();
        assertThat(reads).hasValue(1);
    }
}
