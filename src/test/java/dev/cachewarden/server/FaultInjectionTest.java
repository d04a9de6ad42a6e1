package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.InvalidUserGroupStateException;
import software.amazon.awssdk.services.elasticache.model.ServiceLinkedRoleNotFoundException;

/** Fault injection through /_cachewarden/faults and --faults, seen by the AWS SDK. */
class FaultInjectionTest {
    static final ServerConfig.Operator FAULTS_ON = new ServerConfig.Operator(true, null, false);

    @TempDir
    Path dir;

    @Test
    void anActionFailsForTheNextNCallsThenWorksAgain() throws Exception {
        try (OperatorServer s = new OperatorServer(FAULTS_ON, null, Duration.ZERO)) {
            s.ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default"));
            HttpResponse<String> set = s.call("POST", "/_cachewarden/faults", """
                    {"actions": [{"action": "ModifyUserGroup", "error": "InvalidUserGroupState", "times": 2}]}""");
            assertThat(set.statusCode()).isEqualTo(200);
            assertThat(set.body()).contains("\"times\":2");

            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> s.ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToRemove("default")))
                        .isInstanceOf(InvalidUserGroupStateException.class)
                        .hasMessageContaining("injected")
                        .satisfies(e -> assertThat(((ElastiCacheException) e).statusCode()).isEqualTo(400));
            }
            // Spent: the real rules answer again (a group needs its default user: not that fault).
            assertThatThrownBy(() -> s.ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToRemove("default")))
                    .isNotInstanceOf(InvalidUserGroupStateException.class);
            assertThat(s.call("GET", "/_cachewarden/faults", null).body()).isEqualTo("{\"actions\":[],\"nodes\":[]}\n");
        }
    }

    @Test
    void errorsWithAProbabilityAndLatency() throws Exception {
        try (OperatorServer s = new OperatorServer(FAULTS_ON, null, Duration.ZERO)) {
            s.call("POST", "/_cachewarden/faults", """
                    {"actions": [{"action": "DescribeUsers", "latencyMs": 400},
                                 {"action": "DescribeUserGroups", "error": "Throttling", "probability": 0.0},
                                 {"action": "*", "error": "ServiceLinkedRoleNotFoundFault", "message": "no role"}]}""");
            long started = System.nanoTime();
            s.ec.describeUsers(r -> { });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            // Probability 0 never fires; the catch-all after it does.
            assertThatThrownBy(() -> s.ec.describeUserGroups(r -> { }))
                    .isInstanceOf(ServiceLinkedRoleNotFoundException.class).hasMessageContaining("no role");

            assertThat(s.call("DELETE", "/_cachewarden/faults", null).statusCode()).isEqualTo(200);
            assertThat(s.ec.describeUserGroups(r -> { }).userGroups()).isEmpty();
        }
    }

    @Test
    void aBadPlanIsRefusedNamingWhatIsWrong() throws Exception {
        try (OperatorServer s = new OperatorServer(FAULTS_ON, null, Duration.ZERO)) {
            HttpResponse<String> code = s.call("POST", "/_cachewarden/faults",
                    "{\"actions\": [{\"action\": \"DescribeUsers\", \"error\": \"NoSuchError\"}]}");
            assertThat(code.statusCode()).isEqualTo(400);
            assertThat(code.body()).contains("unknown AWS error code NoSuchError");
            assertThat(s.call("POST", "/_cachewarden/faults",
                    "{\"actions\": [{\"action\": \"DescribeUsers\", \"eror\": \"Throttling\"}]}").body())
                    .contains("unknown member \\\"eror\\\"");
            assertThat(s.call("POST", "/_cachewarden/faults",
                    "{\"actions\": [{\"action\": \"DescribeUser\", \"error\": \"Throttling\"}]}").body())
                    .contains("unknown action DescribeUser");
            assertThat(s.call("POST", "/_cachewarden/faults", "not json").statusCode()).isEqualTo(400);
            assertThat(s.call("POST", "/_cachewarden/faults",
                    "{\"actions\": [{\"action\": \"DescribeUsers\", \"error\": \"Throttling\", \"probability\": 2}]}")
                    .statusCode()).isEqualTo(400);
            // Nothing of it took effect.
            assertThat(s.ec.describeUsers(r -> { }).users()).hasSize(1);
        }
    }

    @Test
    void aPlanFileIsInForceFromTheStart() throws Exception {
        Path plan = Files.writeString(dir.resolve("faults.json"),
                "{\"actions\": [{\"action\": \"CreateUser\", \"error\": \"Throttling\", \"times\": 1}]}");
        try (OperatorServer s = new OperatorServer(new ServerConfig.Operator(true, plan, false), null, Duration.ZERO)) {
            assertThatThrownBy(() -> s.ec.createUser(r -> r.userId("u").userName("u").engine("redis")
                    .accessString("on ~* +@all").noPasswordRequired(true)))
                    .isInstanceOf(ElastiCacheException.class)
                    .satisfies(e -> assertThat(((ElastiCacheException) e).awsErrorDetails().errorCode())
                            .isEqualTo("Throttling"));
            s.ec.createUser(r -> r.userId("u").userName("u").engine("redis").accessString("on ~* +@all")
                    .noPasswordRequired(true));
        }
    }

    @Test
    void aBadPlanFileStopsTheStart() throws Exception {
        Path plan = Files.writeString(dir.resolve("faults.json"), "{\"actions\": [{\"action\": \"Nope\", \"latencyMs\": 1}]}");
        assertThatThrownBy(() -> new OperatorServer(new ServerConfig.Operator(true, plan, false), null, Duration.ZERO))
                .hasMessageContaining("faults.json").hasMessageContaining("unknown action Nope");
    }

    /** Reached through one of this host's own non-loopback addresses, the endpoints refuse (skipped without one). */
    @Test
    void onlyLoopbackCallersAreServed() throws Exception {
        java.net.InetAddress own = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> { try { return i.isUp(); } catch (java.net.SocketException e) { return false; } })
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(own != null, "this host has no non-loopback IPv4 address");
        try (OperatorServer s = new OperatorServer(new ServerConfig.Operator(true, null, true), null, Duration.ZERO,
                CacheConfig.defaults(), "0.0.0.0")) {
            java.net.URI remote = java.net.URI.create("http://" + own.getHostAddress() + ":" + s.server.port());
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (String path : new String[] {"/_cachewarden/faults", "/_cachewarden/reset"}) {
                HttpResponse<String> refused = http.send(java.net.http.HttpRequest.newBuilder(remote.resolve(path))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(path).isEqualTo(403);
                // Answered without reading the body, so the connection is not kept for the next request.
                assertThat(refused.headers().firstValue("connection")).as(path).hasValue("close");
            }
            assertThat(s.call("POST", "/_cachewarden/faults", "{}").statusCode()).isEqualTo(200);
        }
    }

    /** A page whose name resolves to 127.0.0.1 (DNS rebinding) sends its own Host: refused, and no reset happens. */
    @Test
    void aForeignHostIsRefusedEvenFromLoopback() throws Exception {
        try (OperatorServer s = new OperatorServer(new ServerConfig.Operator(true, null, true), null, Duration.ZERO)) {
            for (String path : new String[] {"/_cachewarden/faults", "/_cachewarden/reset"}) {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.server.port())) {
                    socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: evil.example:" + s.server.port()
                            + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                            java.nio.charset.StandardCharsets.US_ASCII)).readLine();
                    assertThat(status).as(path).startsWith("HTTP/1.1 403");
                }
            }
            assertThat(s.call("POST", "/_cachewarden/faults", "{}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theEndpointIsOffUnlessEnabled() throws Exception {
        try (OperatorServer s = new OperatorServer(ServerConfig.Operator.DEFAULTS, null, Duration.ZERO)) {
            assertThat(s.call("POST", "/_cachewarden/faults", "{\"actions\": []}").statusCode()).isEqualTo(404);
            assertThat(s.call("POST", "/_cachewarden/reset", null).statusCode()).isEqualTo(404);
        }
    }
}
