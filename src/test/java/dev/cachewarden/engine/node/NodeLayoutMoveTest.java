package dev.cachewarden.engine.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's private port held by another process is replaced by one that is free and that no other
 * node has; two callers who saw the same port held move it once, and a cluster bus port's move is
 * on disk at once, for the next cachewarden.
 */
class NodeLayoutMoveTest {
    @TempDir
    Path root;

    @Test
    void aHeldPrivatePortMovesOnceToAPortNoOtherNodeHas() {
        NodeLayout layout = new NodeLayout(root, () -> null, () -> List.of(12_345));
        int held = layout.internalPort("rg-001");
        int other = layout.internalPort("rg-002");
        int moved = layout.moveInternalPort("rg-001", held);
        assertThat(moved).isNotIn(held, other, 12_345);
        assertThat(layout.internalPort("rg-001")).isEqualTo(moved);
        assertThat(layout.managementAddress("rg-001").port()).isEqualTo(moved);
        // A second caller that saw the old port held finds it moved already.
        assertThat(layout.moveInternalPort("rg-001", held)).isEqualTo(moved);
        assertThat(layout.internalPorts()).containsExactlyInAnyOrder(moved, other);
    }

    @Test
    void aHeldClusterBusPortMovesAndIsRecordedForTheNextStart() {
        NodeLayout layout = new NodeLayout(root, () -> null, List::of);
        int held = layout.clusterBusPort("rg-0001-001");
        int moved = layout.moveClusterBusPort("rg-0001-001", held);
        assertThat(moved).isNotEqualTo(held).isNotEqualTo(layout.internalPort("rg-0001-001"));
        assertThat(layout.clusterBusPort("rg-0001-001")).isEqualTo(moved);
        assertThat(new NodeLayout(root, () -> null, List::of).clusterBusPort("rg-0001-001")).isEqualTo(moved);
    }
}
