package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.durability.ServerProcess;
import dev.cachewarden.durability.ServerProcessExtension;
import dev.cachewarden.e2e.NodeAdmin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * An adopted node keeps the durability promise of the run that adopts it, not of the run that started
 * it: nodes started with the default ({@code appendfsync no}) run {@code always} once cachewarden is
 * restarted with {@code --durability power-loss}; a node left on {@code everysec} (as an older version
 * started them) runs {@code no} after a restart with the default. The same processes throughout
 * (adopted, not restarted), asked by redis-cli on their private socket as the admin user.
 */
class AdoptedDurabilityIT {
    @RegisterExtension
    final ServerProcessExtension cachewarden = ServerProcessExtension.withOptions("--reconcile-interval", "1s");

    @Test
    void adoptedNodesAreSetToTheAppendfsyncOfTheRunThatAdoptsThem() throws Exception {
        Path data = cachewarden.data();
        ServerProcess server = cachewarden.start();
        ReplicationGroup rg = TlsGroups.createWithUserGroup(server.client(), "rg", 2);
        List<String> ids = TlsGroups.memberIds(rg);
        Map<String, Long> pids = NodeProcesses.pids(data, ids);
        for (String id : ids) {
            assertThat(NodeAdmin.config(data, id, "appendfsync")).as(id).containsEntry("appendfsync", "no");
        }
        assertThat(cachewarden.terminate()).isZero();

        // Adoption runs before the server listens: once start returns, the nodes are set.
        server = cachewarden.start("--durability", "power-loss");
        for (String id : ids) {
            assertThat(NodeAdmin.config(data, id, "appendfsync")).as(id).containsEntry("appendfsync", "always");
            assertThat(NodeAdmin.config(data, id, "appendonly")).as(id).containsEntry("appendonly", "yes");
        }
        assertThat(server.log()).contains("node " + ids.get(0) + " ran with appendonly yes, appendfsync no; "
                + "set to appendonly yes, appendfsync always");
        assertAdopted(server, data, ids, pids);
        assertThat(cachewarden.terminate()).isZero();

        // A node as an older version left it: everysec, which loses acknowledged writes to a kill -9.
        assertThat(NodeAdmin.run(data, ids.get(1), "CONFIG", "SET", "appendfsync", "everysec")).isEqualTo("OK");
        server = cachewarden.start();
        for (String id : ids) {
            assertThat(NodeAdmin.config(data, id, "appendfsync")).as(id).containsEntry("appendfsync", "no");
        }
        assertThat(server.log()).contains("node " + ids.get(1) + " ran with appendonly yes, appendfsync everysec; "
                + "set to appendonly yes, appendfsync no");
        assertAdopted(server, data, ids, pids);
    }

    private static void assertAdopted(ServerProcess server, Path data, List<String> ids, Map<String, Long> pids)
            throws Exception {
        for (String id : ids) {
            assertThat(server.log()).contains("adopted node " + id);
            assertThat(NodeProcesses.pid(data, id)).as("pid of %s", id).contains(pids.get(id));
            assertThat(NodeProcesses.alive(pids.get(id))).as("%s alive", id).isTrue();
        }
    }
}
