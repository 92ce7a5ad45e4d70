package net.oneview.chatticket.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** make chaos's floor for the GETs answered while the registry is down. */
class AvailabilityTest {

    @Test
    void enoughAnsweredHolds() {
        assertThat(new Availability(640, 634, 99.0, 200).shortfall()).isNull();
    }

    @Test
    void fewerAnsweredThanTheFloorFails() {
        assertThat(new Availability(640, 600, 99.0, 200).shortfall())
                .isEqualTo("93.8% answered, below the floor of 99.0%");
    }

    @Test
    void tooFewReadsToJudgeFail() {
        assertThat(new Availability(0, 0, 99.0, 200).shortfall())
                .isEqualTo("only 0 reads asked, fewer than the 200 needed to judge");
        assertThat(new Availability(150, 150, 99.0, 200).shortfall()).isNotNull();
    }
}
