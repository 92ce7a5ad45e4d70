package net.oneview.chatticket.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** When a task's output is committed: once its input has been quiet, at once for a punctuation's on quiet input. */
class QuietCommitTest {

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final QuietCommit quiet = new QuietCommit(context);

    @Test
    void outputOfARecordIsCommittedOnceTheInputHasBeenQuiet() {
        readAndWriteAt(1_000);
        assertThat(context.committed()).as("more may be coming").isFalse();
        fireAt(1_010);
        assertThat(context.committed()).isTrue();
    }

    @Test
    void outputOfAFlowIsCommittedOnceTheInputHasBeenQuietAndThenNothingIsScheduled() {
        readAndWriteAt(1_000);
        readAndWriteAt(1_002);
        readAndWriteAt(1_005);
        assertThat(context.committed()).as("records keep coming").isFalse();
        assertThat(context.scheduledPunctuators()).hasSize(1);

        fireAt(1_012);
        assertThat(context.committed()).as("quiet for 7 ms only").isFalse();
        fireAt(1_015);
        assertThat(context.committed()).isTrue();
        assertThat(context.scheduledPunctuators().get(0).cancelled()).as("an idle task runs no punctuation").isTrue();
    }

    @Test
    void outputOfAPunctuationIsCommittedAtOnceWhenTheInputIsQuietElseOnceItIs() {
        context.setCurrentSystemTimeMs(1_000);
        quiet.read();
        context.resetCommit();
        context.setCurrentSystemTimeMs(1_003);
        quiet.wroteLater();  // a drain 3 ms after the last record read
        assertThat(context.committed()).isFalse();
        fireAt(1_010);
        assertThat(context.committed()).isTrue();

        context.resetCommit();
        context.setCurrentSystemTimeMs(1_100);
        quiet.wroteLater();  // a drain long after the last record
        assertThat(context.committed()).isTrue();
    }

    private void readAndWriteAt(final long now) {
        context.setCurrentSystemTimeMs(now);
        quiet.read();
        quiet.wrote();
    }

    private void fireAt(final long now) {
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().stream().filter(punctuator -> !punctuator.cancelled())
                .forEach(punctuator -> punctuator.getPunctuator().punctuate(now));
    }
}
