package dev.cachewarden.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.service.cache.SlotRanges;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which slots no master claims, who claims them again and which masters are told: from CLUSTER NODES. */
class LostSlotsTest {
    static final Map<String, String> IDS = Map.of("c-0001-001", "aaa", "c-0002-001", "bbb", "c-0002-002", "ccc");

    /** Slots 0-8191 at aaa, 8192-16383 at bbb, with ccc bbb's replica. */
    static String[] expected() {
        String[] expected = new String[SlotRanges.SLOTS];
        for (int s = 0; s < SlotRanges.SLOTS; s++) {
            expected[s] = s < 8192 ? "aaa" : "bbb";
        }
        return expected;
    }

    @Test
    void aSlotNoMasterClaimsIsClaimedByItsMasterAndTheOthersAreTold() {
        // bbb dropped 16383 from its own view; aaa still sees bbb serve it; the replica follows bbb.
        ClusterView a = ClusterView.parse("""
                aaa 127.0.0.1:1@2 myself,master - 0 0 1 connected 0-8191
                bbb 127.0.0.1:3@4 master - 0 0 2 connected 8192-16383
                ccc 127.0.0.1:5@6 slave bbb 0 0 2 connected
                """);
        ClusterView b = ClusterView.parse("""
                aaa 127.0.0.1:1@2 master - 0 0 1 connected 0-8191
                bbb 127.0.0.1:3@4 myself,master - 0 0 2 connected 8192-16382
                ccc 127.0.0.1:5@6 slave bbb 0 0 2 connected
                """);
        ClusterView c = ClusterView.parse("""
                aaa 127.0.0.1:1@2 master - 0 0 1 connected 0-8191
                bbb 127.0.0.1:3@4 master - 0 0 2 connected 8192-16382
                ccc 127.0.0.1:5@6 myself,slave bbb 0 0 2 connected
                """);
        LostSlots lost = LostSlots.find(Map.of("c-0001-001", a, "c-0002-001", b, "c-0002-002", c), IDS, expected());
        assertThat(lost.claim()).isEqualTo(Map.of("c-0002-001", List.of(16383)));
        assertThat(lost.tell()).isEmpty(); // aaa sees the slot at bbb already; the replica takes bbb's word
    }

    @Test
    void aMasterThatSeesAClaimedSlotUnassignedIsToldAndNothingElseChanges() {
        // bbb claims 9000; aaa sees it unassigned.
        ClusterView a = ClusterView.parse("""
                aaa 127.0.0.1:1@2 myself,master - 0 0 1 connected 0-8191
                bbb 127.0.0.1:3@4 master - 0 0 2 connected 8192-8999 9001-16383
                """);
        ClusterView b = ClusterView.parse("""
                aaa 127.0.0.1:1@2 master - 0 0 1 connected 0-8191
                bbb 127.0.0.1:3@4 myself,master - 0 0 2 connected 8192-16383
                """);
        LostSlots lost = LostSlots.find(Map.of("c-0001-001", a, "c-0002-001", b), IDS, expected());
        assertThat(lost.claim()).isEmpty();
        assertThat(lost.tell()).isEqualTo(Map.of("c-0001-001", Map.of("bbb", List.of(9000))));
    }

    @Test
    void aSlotAnotherMasterClaimsIsAMoveNotARecovery() {
        // 100 belongs to aaa but bbb claims it (a move not made yet): nothing here claims or tells.
        ClusterView a = ClusterView.parse("""
                aaa 127.0.0.1:1@2 myself,master - 0 0 1 connected 0-99 101-8191
                bbb 127.0.0.1:3@4 master - 0 0 2 connected 100 8192-16383
                """);
        ClusterView b = ClusterView.parse("""
                aaa 127.0.0.1:1@2 master - 0 0 1 connected 0-99 101-8191
                bbb 127.0.0.1:3@4 myself,master - 0 0 2 connected 100 8192-16383
                """);
        LostSlots lost = LostSlots.find(Map.of("c-0001-001", a, "c-0002-001", b), IDS, expected());
        assertThat(lost.claim()).isEmpty();
        assertThat(lost.tell()).isEmpty();
    }
}
