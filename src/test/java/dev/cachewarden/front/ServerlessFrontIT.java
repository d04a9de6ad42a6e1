package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.engine.node.Ports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serverless cache's endpoints on the front, against a real redis-server, with raw sockets: the
 * front's own CLUSTER answers come in order with the node's replies around them, even pipelined; a
 * reader endpoint whose replicas are all down sends its connections to the primary.
 */
class ServerlessFrontIT {
    @TempDir
    static Path dir;
    static Process redis;
    static FrontServer front;
    static int endpoint;
    static int reader;
    static ServerlessTopology topology;

    @BeforeAll
    static void start() throws Exception {
        Path socket = dir.resolve("redis.sock");
        redis = new ProcessBuilder("/usr/bin/redis-server", "--port", "0", "--unixsocket", socket.toString(),
                "--unixsocketperm", "700", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--enable-debug-command", "yes")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
        front = new FrontServer((target, user, password) -> new ConnectionAuthenticator.Decision.PassThrough(),
                new FrontLimits(Duration.ofSeconds(5), 1024 * 1024));
        endpoint = Ports.free(List.of());
        reader = Ports.free(List.of(endpoint));
        topology = new ServerlessTopology("sls", "127.0.0.1", endpoint, reader);
        front.serve(new FrontEndpoint(new FrontTarget("sls", true, EndpointKind.SERVERLESS, "sls-001"), endpoint,
                null, null, UnixDomainSocketAddress.of(socket), List.of(), topology));
        // The replica's socket does not exist: it is down.
        front.serve(new FrontEndpoint(new FrontTarget("sls", true, EndpointKind.SERVERLESS_READER, "sls-002"), reader,
                null, null, UnixDomainSocketAddress.of(socket), List.of(UnixDomainSocketAddress.of(dir.resolve("gone.sock"))),
                topology));
    }

    @AfterAll
    static void stop() throws Exception {
        if (front != null) {
            front.close();
        }
        if (redis != null) {
            redis.destroy();
            redis.waitFor();
        }
    }

    @Test
    void clusterAnswersComeInOrderWithTheNodesReplies() throws Exception {
        try (Socket s = new Socket("127.0.0.1", endpoint)) {
            s.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(("SET a 1\r\nCLUSTER MYID\r\nDEBUG SLEEP 0.2\r\nREADONLY\r\nGET a\r\nCLUSTER INFO\r\n"
                    + "CLUSTER ADDSLOTS 1\r\nCLUSTER\r\nREADWRITE x\r\nPING\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(lines(in, 12)).containsExactly("+OK", "$40", topology.primaryId(), "+OK", "+OK", "$1", "1",
                    "$" + ("cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\n"
                            + "cluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:2\r\n"
                            + "cluster_size:1\r\ncluster_current_epoch:1\r\ncluster_my_epoch:1\r\n").length(),
                    "cluster_state:ok", "cluster_slots_assigned:16384", "cluster_slots_ok:16384",
                    "cluster_slots_pfail:0");
            assertThat(lines(in, 5)).containsExactly("cluster_slots_fail:0", "cluster_known_nodes:2", "cluster_size:1",
                    "cluster_current_epoch:1", "cluster_my_epoch:1");
            assertThat(lines(in, 5)).containsExactly("", ClusterReplies.DISABLED.strip(),
                    "-ERR wrong number of arguments for 'cluster' command",
                    "-ERR wrong number of arguments for 'readwrite' command", "+PONG");
        }
    }

    @Test
    void insideMultiClusterGoesToTheNodeWhichHasNoClusterMode() throws Exception {
        try (Socket s = new Socket("127.0.0.1", endpoint)) {
            s.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            s.getOutputStream().write("MULTI\r\nCLUSTER SLOTS\r\nEXEC\r\n".getBytes(StandardCharsets.ISO_8859_1));
            List<String> replies = lines(in, 3);
            assertThat(replies.get(0)).isEqualTo("+OK");
            assertThat(replies.get(1)).isEqualTo("+QUEUED");
            assertThat(replies.get(2)).startsWith("*1");
            assertThat(in.readLine()).contains("cluster support disabled");
        }
    }

    @Test
    void aReaderEndpointWithoutReplicasUpServesFromThePrimary() throws Exception {
        try (Socket s = new Socket("127.0.0.1", reader)) {
            s.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            s.getOutputStream().write("SET r 2\r\nGET r\r\nCLUSTER MYID\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(lines(in, 5)).containsExactly("+OK", "$1", "2", "$40", topology.replicaId());
        }
    }

    @Test
    void theClusterNodesOfAnEndpointAndOfItsReaderMarkThemselves() {
        assertThat(ClusterReplies.nodes(topology, false)).isEqualTo(
                topology.primaryId() + " 127.0.0.1:" + endpoint + "@" + endpoint + " myself,master - 0 0 1 connected 0-16383\n"
                + topology.replicaId() + " 127.0.0.1:" + reader + "@" + reader + " slave " + topology.primaryId()
                + " 0 0 1 connected\n");
        assertThat(ClusterReplies.nodes(topology, true)).contains(" master - ").contains(" myself,slave ");
        ServerlessTopology legacy = new ServerlessTopology("old", "127.0.0.1", endpoint, endpoint);
        assertThat(ClusterReplies.nodes(legacy, true)).isEqualTo(legacy.primaryId() + " 127.0.0.1:" + endpoint + "@"
                + endpoint + " myself,master - 0 0 1 connected 0-16383\n");
        assertThat(topology.primaryId()).matches("[0-9a-f]{40}").isNotEqualTo(topology.replicaId())
                .isEqualTo(new ServerlessTopology("sls", "h", 1, 2).primaryId());
    }

    static List<String> lines(BufferedReader in, int n) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(in.readLine());
        }
        return lines;
    }
}
