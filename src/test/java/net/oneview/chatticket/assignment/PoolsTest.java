package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolsTest {

    private final Pools pools = new Pools(Map.of("vip", List.of("vip", "vip-callback"), "id", List.of("bahasa")));

    @Test
    void queuesInNoConfiguredPoolBelongToTheDefaultPool() {
        assertThat(pools.ofQueue("vip-callback")).isEqualTo("vip");
        assertThat(pools.ofQueue("english")).isEqualTo(Pools.DEFAULT_POOL);
    }

    @Test
    void anAgentIsInThePoolOfItsQueuesAndAnAgentOfEveryQueueInTheDefaultPool() {
        assertThat(pools.ofAgent(List.of("vip"))).isEqualTo("vip");
        assertThat(pools.ofAgent(List.of("vip", "bahasa"))).isEqualTo("id");
        assertThat(pools.ofAgent(List.of())).isEqualTo(Pools.DEFAULT_POOL);
    }

    @Test
    void aQueueInTwoPoolsIsAConfigurationError() {
        assertThatThrownBy(() -> new Pools(Map.of("a", List.of("q"), "b", List.of("q"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue q is in two pools");
    }
}
