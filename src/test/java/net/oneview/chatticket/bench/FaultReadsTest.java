package net.oneview.chatticket.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bounds make cluster holds each phase's reads to: each fails when what it reports is wrong. */
class FaultReadsTest {

    private static final long START = 1_000_000;

    @Test
    void readsAllAnsweredAndSome503sWhileAnInstanceIsNotReadyHold() {
        final FaultReads reads = new FaultReads(START, true);
        for (int i = 0; i < 1_000; i++) {
            reads.read(START + i * 60L, FaultReads.OK, i % 3 == 0);
        }
        reads.notReady(START + 45_000);
        reads.notReady(START + 47_000);
        reads.read(START + 44_000, FaultReads.UNAVAILABLE, false);  // polled readiness lags a little
        reads.read(START + 51_000, FaultReads.UNAVAILABLE, false);  // the views settle a little after

        assertThat(reads.violations()).isEmpty();
        assertThat(reads.windows()).containsExactly("43.0-52.0 s");
    }

    @Test
    void everyReadUnansweredFails() {
        final FaultReads reads = new FaultReads(START, false);
        for (int i = 0; i < 100; i++) {
            reads.read(START + i, FaultReads.NO_ANSWER, false);
        }

        assertThat(reads.violations()).containsExactly("100 reads: no answer");
    }

    @Test
    void noReadAtAllFails() {
        assertThat(new FaultReads(START, false).violations()).containsExactly("no read was made");
    }

    @Test
    void a503WhileEveryInstanceIsReadyFails() {
        final FaultReads reads = new FaultReads(START, false);
        reads.notReady(START + 10_000);
        for (int i = 0; i < 1_000; i++) {
            reads.read(START + i * 60L, FaultReads.OK, false);
        }
        reads.read(START + 30_000, FaultReads.UNAVAILABLE, false);

        assertThat(reads.violations()).singleElement().asString()
                .startsWith("1 reads answered 503 outside a failover window, at [30.0 s]");
    }

    @Test
    void tooMany503sFailEvenInsideAFailoverWindow() {
        final FaultReads reads = new FaultReads(START, false);
        reads.notReady(START);
        for (int i = 0; i < 100; i++) {
            reads.read(START + i, i < 3 ? FaultReads.UNAVAILABLE : FaultReads.OK, false);
        }

        assertThat(reads.violations()).containsExactly("3 of 100 reads answered 503 (3.0%), more than 2.0%");
    }

    @Test
    void a5xxOtherThan503FailsAnywhere() {
        final FaultReads reads = new FaultReads(START, false);
        reads.notReady(START);
        reads.read(START + 1, "500", false);

        assertThat(reads.violations()).containsExactly("1 reads answered 500");
    }

    @Test
    void wrongBodiesAndWrong404sFail() {
        final FaultReads reads = new FaultReads(START, false);
        reads.read(START, FaultReads.WRONG_BODY, false);
        reads.read(START, FaultReads.WRONG_404, false);

        assertThat(reads.violations()).containsExactly("1 reads: wrong body", "1 reads: wrong 404");
    }

    @Test
    void aKillWithNoReadAnsweredFromAStandbyFails() {
        final FaultReads reads = new FaultReads(START, true);
        reads.read(START, FaultReads.OK, false);

        assertThat(reads.violations()).containsExactly(
                "no read was answered from a standby copy: the failover was not exercised");
    }
}
