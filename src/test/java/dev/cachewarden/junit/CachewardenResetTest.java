package dev.cachewarden.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/** A reset drops pending transitions too: a task of the old state never acts on the new one. */
class CachewardenResetTest {

    @Test
    void aTransitionPendingAtTheResetNeverCompletesTheNextResourceOfThatId() throws Exception {
        try (Cachewarden cw = Cachewarden.builder().transitionDelay(Duration.ofMillis(1500)).start()) {
            ElastiCacheClient ec = cw.client();
            ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default"));
            Thread.sleep(1000);
            cw.reset();
            ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default"));
            // The first group's task fell due 500 ms after this creation; the new one's falls due at 1500 ms.
            Thread.sleep(900);
            assertThat(ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0).status())
                    .isEqualTo("creating");
        }
    }
}
