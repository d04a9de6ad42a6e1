package dev.cachewarden.engine.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private ports chosen for many nodes at once are all different: a port is only checked free on the
 * machine, and none of these is bound, so only the layout's own record keeps two from getting one.
 */
class NodeLayoutPortsTest {
    @TempDir
    Path root;

    @Test
    void nodesCreatedAtOnceNeverShareAPort() throws Exception {
        NodeLayout layout = new NodeLayout(root, () -> null, List::of);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<List<Integer>>> chosen = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            chosen.add(pool.submit((Callable<List<Integer>>) () -> {
                List<Integer> ports = new ArrayList<>();
                for (int n = 0; n < 50; n++) {
                    ports.add(layout.internalPort("node-" + thread + "-" + n));
                    ports.add(layout.clusterBusPort("node-" + thread + "-" + n));
                }
                return ports;
            }));
        }
        Set<Integer> all = new HashSet<>();
        int count = 0;
        for (Future<List<Integer>> f : chosen) {
            for (int port : f.get()) {
                all.add(port);
                count++;
            }
        }
        pool.shutdown();
        assertThat(count).isEqualTo(1_600);
        assertThat(all).as("distinct ports").hasSize(1_600);
    }
}
