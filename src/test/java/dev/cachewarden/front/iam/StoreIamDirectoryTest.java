package dev.cachewarden.front.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.PendingChanges;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.front.EndpointKind;
import dev.cachewarden.front.FrontTarget;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which members count, and how long a cache's view is kept, on a real in-memory store. */
class StoreIamDirectoryTest {
    static final FrontTarget RG = new FrontTarget("rg", false, EndpointKind.PRIMARY, null);
    static final ServiceSettings SETTINGS = new ServiceSettings("us-east-1", "000000000000", Duration.ZERO,
            ServiceSettings.Quotas.AWS_DEFAULTS, Clock.systemUTC());

    @Test
    void onlyAppliedMembersThatStayCountAndAViewIsKeptBriefly() throws Exception {
        try (JdbcStore store = JdbcStore.inMemory("dir-" + UUID.randomUUID())) {
            store.inTransaction(tx -> {
                tx.users().insert(User.builtInDefault());
                tx.users().insert(IamAuthenticatorTest.iam("alice", "alice", Status.ACTIVE));
                tx.users().insert(IamAuthenticatorTest.iam("carol", "carol", Status.ACTIVE));
                tx.users().insert(IamAuthenticatorTest.iam("frank", "frank", Status.ACTIVE));
                tx.userGroups().insert(new UserGroup("g", Engine.REDIS, Status.MODIFYING,
                        List.of("default", "alice", "frank"), new PendingChanges(List.of("carol"), List.of("frank")),
                        List.of(), List.of(), dev.cachewarden.domain.EngineVersion.of("7.0"), 0));
                tx.replicationGroups().insert(IamAuthenticatorTest.cache("rg", Engine.REDIS, "7.0.15", true));
                return null;
            });
            StoreIamDirectory kept = new StoreIamDirectory(store, SETTINGS, Duration.ofMinutes(1));
            StoreIamDirectory fresh = new StoreIamDirectory(store, SETTINGS, Duration.ZERO);
            assertThat(kept.cache(RG).orElseThrow().members()).extracting(User::userId)
                    .as("carol is being added, frank removed").containsExactlyInAnyOrder("default", "alice");
            assertThat(kept.cache(RG).orElseThrow().arn())
                    .isEqualTo("arn:aws:elasticache:us-east-1:000000000000:replicationgroup:rg");

            store.inTransaction(tx -> {
                tx.userGroups().setMembers("g", List.of("default", "carol"));
                tx.userGroups().updateStatus("g", Status.ACTIVE, null);
                return null;
            });
            assertThat(fresh.cache(RG).orElseThrow().members()).extracting(User::userId)
                    .containsExactlyInAnyOrder("default", "carol");
            assertThat(kept.cache(RG).orElseThrow().members()).extracting(User::userId)
                    .as("within its minute the kept view is unchanged").containsExactlyInAnyOrder("default", "alice");
            assertThat(fresh.cache(new FrontTarget("rg", true, EndpointKind.SERVERLESS, null)))
                    .as("a replication group is no serverless cache").isEmpty();
        }
    }
}
