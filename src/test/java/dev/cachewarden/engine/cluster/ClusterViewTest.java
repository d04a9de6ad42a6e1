package dev.cachewarden.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CLUSTER NODES as Redis 7 and Valkey 8 print it: who serves a shard's slots, by the port it announces. */
class ClusterViewTest {
    static final String NODES = """
            aaa 127.0.0.1:41001@51001,hostname master,fail - 0 0 1 disconnected
            bbb 127.0.0.1:41002@51002 myself,master - 0 0 3 connected 0-8191
            ccc 127.0.0.1:41003@51003 master - 0 0 2 connected 8192-16383 [9000->-ddd]
            ddd 127.0.0.1:41004@51004 slave ccc 0 0 2 connected
            """;

    @Test
    void theAnnouncedPortNamesTheNodeAndOnlyAMasterWithSlotsServes() {
        ClusterView view = ClusterView.parse(NODES);
        assertThat(view.nodes().get("aaa").port()).isEqualTo(41001);
        assertThat(view.nodes().get("ddd").masterId()).isEqualTo("ccc");
        assertThat(view.myself().id()).isEqualTo("bbb");
        // The shard of 41001 (failed, slotless) and 41002: the replica that took over serves it.
        assertThat(view.servingMaster(List.of(41001, 41002))).map(ClusterView.Line::id).contains("bbb");
        assertThat(view.servingMaster(List.of(41003, 41004))).map(ClusterView.Line::id).contains("ccc");
        // A shard whose nodes serve nothing (all failed or replicas) has no master to record.
        assertThat(view.servingMaster(List.of(41001, 41004))).isEmpty();
        assertThat(view.owners()[9000]).isEqualTo("ccc");
    }
}
