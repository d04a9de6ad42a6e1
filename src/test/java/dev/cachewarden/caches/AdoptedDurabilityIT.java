package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.durability.ServerProcess;
import dev.cachewarden.e2e.NodeAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * An adopted node keeps the durability promise of the run that adopts it, not of the run that started
 * it: nodes started with the default ({@code appendfsync no}) run {@code always} once cachewarden is
 * restarted with {@code --durability power-loss}; a node left on {@code everysec} (as an older version
 * started them) runs {@code no} after a restart with the default. The same processes throughout
 * (adopted, not restarted), asked by redis-cli on their private socket as the admin user.
 */
class AdoptedDurabilityIT {
    @TempDir
    Path work;
    private ServerProcess server;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.close();
        }
        NodeProcesses.stopAll(work.resolve("data"));
    }

    @Test
    void adoptedNodesAreSetToTheAppendfsyncOfTheRunThatAdoptsThem() throws Exception {
        Path data = work.resolve("data");
        server = start(data);
        TlsGroups.createUserGroup(server.client());
        ReplicationGroup rg = TlsGroups.create(server.client(), "rg", 2);
        List<String> ids = TlsGroups.memberIds(rg);
        Map<String, Long> pids = ids.stream().collect(Collectors.toMap(Function.identity(),
                id -> NodeProcesses.pid(data, id).orElseThrow()));
        for (String id : ids) {
            assertThat(NodeAdmin.config(data, id, "appendfsync")).as(id).containsEntry("appendfsync", "no");
        }
        stop();

        server = start(data, "--durability", "power-loss");
        for (String id : ids) {
            assertThat(NodeAdmin.config(data, id, "appendfsync")).as(id).containsEntry("appendfsync", "always");
            assertThat(NodeAdmin.config(data, id, "appendonly")).as(id).containsEntry("appendonly", "yes");
        }
        assertThat(server.log()).contains("node " + ids.get(0) + " ran with appendonly yes, appendfsync no; "
                + "set to appendonly yes, appendfsync always");
        assertAdopted(data, ids, pids);
        stop();

        // A node as an older version left it: everysec, which loses acknowledged writes to a kill -9.
        assertThat(NodeAdmin.run(data, ids.get(1), "CONFIG", "SET", "appendfsync", "everysec")).isEqualTo("OK");
        server = start(data);
        for (String id : ids) {
            assertThat(NodeAdmin.config(data, id, "appendfsync")).as(id).containsEntry("appendfsync", "no");
        }
        assertThat(server.log()).contains("node " + ids.get(1) + " ran with appendonly yes, appendfsync everysec; "
                + "set to appendonly yes, appendfsync no");
        assertAdopted(data, ids, pids);
    }

    private void assertAdopted(Path data, List<String> ids, Map<String, Long> pids) throws Exception {
        for (String id : ids) {
            assertThat(server.log()).contains("adopted node " + id);
            assertThat(NodeProcesses.pid(data, id)).as("pid of %s", id).contains(pids.get(id));
            assertThat(NodeProcesses.alive(pids.get(id))).as("%s alive", id).isTrue();
        }
    }

    private void stop() throws Exception {
        assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
        server.close();
        server = null;
    }

    /** Starts serve and returns once it listens: adoption runs before it does. */
    private static ServerProcess start(Path data, String... options) throws Exception {
        List<String> all = new ArrayList<>(List.of("--data-dir", data.toString(), "--reconcile-interval", "1s"));
        all.addAll(List.of(options));
        return ServerProcess.start(data.getParent(), all.toArray(String[]::new));
    }
}
