package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cachewarden.domain.AccessString;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.EngineVersion;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.PendingChanges;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.events.SourceType;
import dev.cachewarden.metrics.Metrics;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What /console/state answers from a real (in-memory) store: the rows, the ACL states, no hash. */
class ConsoleStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void answersTheStateWithEachNodesAclAndNoHash() throws Exception {
        String rg = "console-state-" + UUID.randomUUID().toString().substring(0, 8);
        PasswordHash hash = PasswordHash.of("a-password-of-sixteen");
        try (JdbcStore store = JdbcStore.inMemory("console-" + UUID.randomUUID())) {
            store.inTransaction(tx -> {
                tx.users().insert(User.builtInDefault());
                tx.users().insert(new User("alice", "alice", Engine.REDIS, Status.ACTIVE, AccessString.FULL_ACCESS,
                        new Authentication.Password(List.of(hash)), List.of(), 0));
                tx.userGroups().insert(new UserGroup("g", Engine.REDIS, Status.MODIFYING, List.of("default"),
                        new PendingChanges(List.of("alice"), List.of()), List.of(rg), List.of(),
                        EngineVersion.of(6, 0), 0));
                tx.replicationGroups().insert(new ReplicationGroup(rg, "<b>desc</b>", Engine.REDIS, "7.1",
                        CacheStatus.AVAILABLE, true, null, List.of("g"), null,
                        List.of(new CacheNode(rg + "-001", "127.0.0.1", 7001, true),
                                new CacheNode(rg + "-002", "127.0.0.1", 7002, false)),
                        System.currentTimeMillis(), false, 0));
                tx.events().record(SourceType.USER_GROUP, "g", "Modification of user group g started",
                        System.currentTimeMillis());
                return null;
            });
            ConsoleState console = new ConsoleState(store, Set.of(rg + "-001")::contains);
            try {
                JsonNode state = JSON.readTree(console.json());
                assertThat(state.toString()).doesNotContain(hash.sha256Hex());
                assertThat(state.at("/users").findValuesAsText("authentication")).contains("password", "no-password");
                JsonNode group = state.at("/userGroups/0");
                assertThat(group.path("status").asText()).isEqualTo("modifying");
                assertThat(group.at("/pendingChanges/userIdsToAdd/0").asText()).isEqualTo("alice");
                JsonNode cache = state.at("/caches/0");
                assertThat(cache.path("description").asText()).isEqualTo("<b>desc</b>");
                assertThat(cache.path("nodes").findValuesAsText("acl")).containsExactly("not checked yet", "node down");

                Metrics.aclInSync(rg, true);
                assertThat(JSON.readTree(console.json()).at("/caches/0/nodes/0/acl").asText()).isEqualTo("in sync");
                Metrics.aclInSync(rg, false);
                assertThat(JSON.readTree(console.json()).at("/caches/0/nodes/0/acl").asText()).isEqualTo("out of sync");
                assertThat(JSON.readTree(console.json()).at("/events/0/message").asText())
                        .isEqualTo("Modification of user group g started");
            } finally {
                Metrics.cacheRemoved(rg);
            }
        }
    }
}
