package dev.cachewarden.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoopbackBlockTest {
    @Test
    void onlyAddressesOutside127Dot0AreBlocks() {
        assertThat(LoopbackBlock.of("127.0.0.1")).isEmpty();
        assertThat(LoopbackBlock.of("127.0.1.1")).as("Debian's host name address").isEmpty();
        assertThat(LoopbackBlock.of("10.1.2.3")).isEmpty();
        assertThat(LoopbackBlock.of("127.1.2")).isEmpty();
        assertThat(LoopbackBlock.of("127.x.2.3")).isEmpty();
        assertThat(LoopbackBlock.of("127.5.3.10")).contains(new LoopbackBlock(5, 3));
        assertThatThrownBy(() -> new LoopbackBlock(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGroupsOwnEndpointsAreDerivedFromItsNodes() {
        List<CacheNode> ported = List.of(new CacheNode("rg-001", "127.5.3.10", 6390, true),
                new CacheNode("rg-002", "127.5.3.11", 6390, false));
        assertThat(LoopbackBlock.primaryEndpointHost(ported)).isEqualTo("127.5.3.1");
        assertThat(LoopbackBlock.readerEndpointHost(ported)).isEqualTo("127.5.3.2");
        List<CacheNode> legacy = List.of(new CacheNode("old-001", CacheNode.LOOPBACK, 41000, true));
        assertThat(LoopbackBlock.primaryEndpointHost(legacy)).isEqualTo("127.0.0.1");
        assertThat(LoopbackBlock.readerEndpointHost(legacy)).isEqualTo("127.0.0.1");
    }

    @Test
    void theNextNodeAddressSkipsTakenAndUnusableOnes() {
        LoopbackBlock block = new LoopbackBlock(5, 3);
        List<CacheNode> nodes = List.of(new CacheNode("rg-001", "127.5.3.10", 6390, true),
                new CacheNode("rg-002", "127.5.3.12", 6390, false));
        assertThat(block.nextNodeAddress(nodes, a -> true)).contains("127.5.3.11");
        assertThat(block.nextNodeAddress(nodes, a -> !a.equals("127.5.3.11"))).contains("127.5.3.13");
        assertThat(block.nextNodeAddress(nodes, a -> false)).isEmpty();
        assertThat(block.addresses()).hasSize(2 + 245).contains("127.5.3.1", "127.5.3.2", "127.5.3.10", "127.5.3.254")
                .doesNotContain("127.5.3.0", "127.5.3.3", "127.5.3.255");
    }
}
