package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.LoopbackBlock;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointAddressesTest {
    /** The machine as the rules see it: which address:port can be bound. */
    static final TestRuntime ALL_FREE = new TestRuntime((h, p) -> true);

    static List<CacheNode> legacy(String id, int n) {
        List<CacheNode> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            nodes.add(new CacheNode(id + "-00" + i, CacheNode.LOOPBACK, 40000 + i, i == 1));
        }
        return nodes;
    }

    @Test
    void everyNodeTakesThePortOnAnAddressOfItsOwnInOneBlock() {
        List<CacheNode> placed = EndpointAddresses.place(legacy("rg", 3), 6390, List.of(), ALL_FREE);
        assertThat(placed).extracting(CacheNode::port).containsOnly(6390);
        assertThat(placed).extracting(CacheNode::cacheClusterId).containsExactly("rg-001", "rg-002", "rg-003");
        assertThat(placed.get(0).primary()).isTrue();
        LoopbackBlock block = LoopbackBlock.of(placed.get(0).host()).orElseThrow();
        assertThat(placed).extracting(CacheNode::host)
                .containsExactly(block.address(10), block.address(11), block.address(12));
    }

    @Test
    void noTwoGroupsShareABlockAndStoredHostsAreAvoided() {
        Set<LoopbackBlock> blocks = new HashSet<>();
        List<String> stored = new ArrayList<>();
        for (int g = 0; g < 300; g++) {
            List<CacheNode> placed = EndpointAddresses.place(legacy("g" + g, 2), 6379, stored, ALL_FREE);
            placed.forEach(n -> stored.add(n.host()));
            assertThat(blocks.add(LoopbackBlock.of(placed.get(0).host()).orElseThrow())).isTrue();
        }
    }

    @Test
    void aPortInUseOnAnAddressMovesTheGroupToAnotherBlock() {
        Set<String> refused = new HashSet<>();
        // The first ten blocks tried have the port taken on one of their addresses, as by another program.
        TestRuntime busy = new TestRuntime((h, p) -> {
            if (refused.size() < 10 && h.endsWith(".11")) {
                refused.add(h);
                return false;
            }
            return !refused.contains(h);
        });
        List<CacheNode> placed = EndpointAddresses.place(legacy("busy", 2), 6390, List.of(), busy);
        assertThat(refused).hasSize(10).doesNotContain(placed.get(1).host());
        assertThatThrownBy(() -> EndpointAddresses.place(legacy("full", 1), 6390, List.of(), new TestRuntime((h, p) -> false)))
                .isInstanceOfSatisfying(ElastiCacheFault.class, f -> assertThat(f.getMessage()).contains("port 6390"));
    }

    @Test
    void aNodeAddedToAGroupTakesTheNextAddressOfItsBlockOnItsPort() {
        List<CacheNode> nodes = List.of(new CacheNode("rg-001", "127.9.8.10", 6390, true),
                new CacheNode("rg-002", "127.9.8.11", 6390, false));
        ReplicationGroup group = group("rg", nodes);
        CacheNode asked = new CacheNode("rg-003", CacheNode.LOOPBACK, 41234, false, CacheNode.Status.CREATING);
        CacheNode added = EndpointAddresses.addedNode(group, List.of(), asked, ALL_FREE).orElseThrow();
        assertThat(added).isEqualTo(new CacheNode("rg-003", "127.9.8.12", 6390, false, CacheNode.Status.CREATING));
        CacheNode another = EndpointAddresses.addedNode(group, List.of(added),
                new CacheNode("rg-004", CacheNode.LOOPBACK, 41235, false, CacheNode.Status.CREATING),
                new TestRuntime((h, p) -> !h.equals("127.9.8.13"))).orElseThrow();
        assertThat(another.host()).isEqualTo("127.9.8.14");
        assertThat(EndpointAddresses.addedNode(group("old", legacy("old", 1)), List.of(), asked, ALL_FREE)).isEmpty();
    }

    static ReplicationGroup group(String id, List<CacheNode> nodes) {
        return new ReplicationGroup(id, "d", Engine.REDIS, "7.0", CacheStatus.AVAILABLE, true, null, List.of(), null,
                nodes, 0, false, 0, AutomaticFailoverStatus.DISABLED, false, 0, 0, false, null);
    }
}
