package dev.cachewarden.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cachewarden.junit.CachewardenExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.User;

/** The README's example, word for word: it uses nothing the README does not show. */
class ReadmeExampleTest {
    @RegisterExtension
    static CachewardenExtension cachewarden = CachewardenExtension.builder()
            .transitionDelay(Duration.ofMillis(200))   // any option of `cachewarden serve`
            .build();

    @Test
    void createsAUser(ElastiCacheClient elastiCache) {
        elastiCache.createUser(r -> r.userId("alice").userName("alice").engine("redis")
                .passwords("a-long-enough-password").accessString("on ~* +@all"));

        User alice = elastiCache.describeUsers(r -> r.userId("alice")).users().get(0);
        assertEquals("on ~* +@all", alice.accessString());
    }

    @Test
    void everyTestStartsFresh(ElastiCacheClient elastiCache) {
        List<String> ids = elastiCache.describeUsers(r -> { }).users().stream().map(User::userId).toList();
        assertEquals(List.of("default"), ids);
    }
}
