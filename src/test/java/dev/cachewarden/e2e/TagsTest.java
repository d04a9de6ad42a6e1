package dev.cachewarden.e2e;

import static dev.cachewarden.e2e.Faults.assertFault;
import static dev.cachewarden.e2e.Faults.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheClusterNotFoundException;
import software.amazon.awssdk.services.elasticache.model.InvalidArnException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.ReservedCacheNodeNotFoundException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.Tag;
import software.amazon.awssdk.services.elasticache.model.TagNotFoundException;
import software.amazon.awssdk.services.elasticache.model.TagQuotaPerResourceExceededException;
import software.amazon.awssdk.services.elasticache.model.UserGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.UserNotFoundException;

/** AddTagsToResource, RemoveTagsFromResource and ListTagsForResource on users and user groups. */
class TagsTest {
    static final String ARN = "arn:aws:elasticache:us-east-1:000000000000:";
    static Cachewarden server;
    static ElastiCacheClient ec;

    @BeforeAll
    static void start() throws Exception {
        server = Cachewarden.builder().transitionDelay(Duration.ofSeconds(2)).start();
        ec = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    static List<Tag> tags(int n) {
        return IntStream.range(0, n).mapToObj(i -> tag("k" + i, "v" + i)).toList();
    }

    static String user(List<Tag> tags) {
        String id = id("tu");
        ec.createUser(r -> r.userId(id).userName(id).engine("redis").accessString("on ~* +@all")
                .noPasswordRequired(true).tags(tags));
        return id;
    }

    static List<Tag> list(String arn) {
        return ec.listTagsForResource(r -> r.resourceName(arn)).tagList();
    }

    @Test
    void tagsGivenAtCreationAreListed() {
        String u = user(List.of(tag("team", "cache"), tag("env", "test")));
        assertThat(list(ARN + "user:" + u)).containsExactlyInAnyOrder(tag("team", "cache"), tag("env", "test"));
        String g = id("tg");
        var created = ec.createUserGroup(r -> r.userGroupId(g).engine("redis").userIds("default")
                .tags(tag("owner", "me")));
        assertThat(list(created.arn())).containsExactly(tag("owner", "me"));
    }

    @Test
    void addOverwritesAndRemoveAnswersWhatIsLeft() {
        String arn = ARN + "user:" + user(List.of());
        assertThat(list(arn)).isEmpty();
        assertThat(ec.addTagsToResource(r -> r.resourceName(arn).tags(tag("a", "1"), tag("b", "2"))).tagList())
                .containsExactlyInAnyOrder(tag("a", "1"), tag("b", "2"));
        assertThat(ec.addTagsToResource(r -> r.resourceName(arn).tags(tag("a", "changed"))).tagList())
                .containsExactlyInAnyOrder(tag("a", "changed"), tag("b", "2"));
        // A tag may have no value.
        assertThat(ec.addTagsToResource(r -> r.resourceName(arn).tags(Tag.builder().key("flag").build())).tagList())
                .contains(Tag.builder().key("flag").build());
        assertThat(ec.removeTagsFromResource(r -> r.resourceName(arn).tagKeys("a", "flag")).tagList())
                .containsExactly(tag("b", "2"));
        var e = assertFault(() -> ec.removeTagsFromResource(r -> r.resourceName(arn).tagKeys("b", "missing")),
                TagNotFoundException.class, 404, "TagNotFound");
        assertThat(e.awsErrorDetails().errorMessage()).contains("missing");
        // The failed removal removed nothing.
        assertThat(list(arn)).containsExactly(tag("b", "2"));
    }

    @Test
    void atMostFiftyTagsPerResource() {
        String arn = ARN + "user:" + user(tags(50));
        assertThat(list(arn)).hasSize(50);
        assertFault(() -> ec.addTagsToResource(r -> r.resourceName(arn).tags(tag("one-more", "x"))),
                TagQuotaPerResourceExceededException.class, 400, "TagQuotaPerResourceExceeded");
        // Overwriting an existing key does not add one.
        assertThat(ec.addTagsToResource(r -> r.resourceName(arn).tags(tag("k0", "new"))).tagList()).hasSize(50);
        assertFault(() -> user(tags(51)), TagQuotaPerResourceExceededException.class, 400,
                "TagQuotaPerResourceExceeded");
        assertFault(() -> ec.createUserGroup(r -> r.userGroupId(id("tg")).engine("redis").userIds("default")
                .tags(tags(51))), TagQuotaPerResourceExceededException.class, 400, "TagQuotaPerResourceExceeded");
        String g = id("tg");
        ec.createUserGroup(r -> r.userGroupId(g).engine("redis").userIds("default").tags(tags(49)));
        assertFault(() -> ec.addTagsToResource(r -> r.resourceName(ARN + "usergroup:" + g)
                .tags(tag("x", "1"), tag("y", "2"))), TagQuotaPerResourceExceededException.class, 400,
                "TagQuotaPerResourceExceeded");
        assertThat(list(ARN + "usergroup:" + g)).hasSize(49);
    }

    @Test
    void badTagsAreRefused() {
        String arn = ARN + "user:" + user(List.of());
        assertFault(() -> ec.addTagsToResource(r -> r.resourceName(arn).tags(tag("aws:reserved", "x"))),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertFault(() -> ec.addTagsToResource(r -> r.resourceName(arn).tags(tag("k".repeat(129), "x"))),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertFault(() -> ec.addTagsToResource(r -> r.resourceName(arn).tags(tag("k", "v".repeat(257)))),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertThat(list(arn)).isEmpty();
    }

    @Test
    void resourcesAreFoundByArn() {
        for (String bad : new String[] {"not-an-arn", "arn:aws:s3:::bucket", "arn:aws:elasticache:us-east-1"}) {
            assertFault(() -> list(bad), InvalidArnException.class, 400, "InvalidARN");
            assertFault(() -> ec.addTagsToResource(r -> r.resourceName(bad).tags(tag("a", "b"))),
                    InvalidArnException.class, 400, "InvalidARN");
            assertFault(() -> ec.removeTagsFromResource(r -> r.resourceName(bad).tagKeys("a")),
                    InvalidArnException.class, 400, "InvalidARN");
        }
        assertFault(() -> list(ARN + "user:" + id("ghost")), UserNotFoundException.class, 404, "UserNotFound");
        // Other ElastiCache resource types answer their own not-found fault.
        assertFault(() -> list(ARN + "replicationgroup:rg1"), ReplicationGroupNotFoundException.class, 404,
                "ReplicationGroupNotFoundFault");
        assertFault(() -> list(ARN + "cluster:c1"), CacheClusterNotFoundException.class, 404, "CacheClusterNotFound");
        // Spelled as on AWS's resource-level permissions page.
        assertFault(() -> list(ARN + "reservedinstance:ri1"), ReservedCacheNodeNotFoundException.class, 404,
                "ReservedCacheNodeNotFound");
        assertFault(() -> list(ARN + "nosuchtype:x"), InvalidArnException.class, 400, "InvalidARN");
        assertFault(() -> list(ARN + "usergroup:" + id("ghost")), UserGroupNotFoundException.class, 404,
                "UserGroupNotFound");
        String u = user(List.of(tag("a", "b")));
        // Another region or account holds no such user.
        assertFault(() -> list("arn:aws:elasticache:eu-west-1:000000000000:user:" + u), UserNotFoundException.class,
                404, "UserNotFound");
        assertFault(() -> list("arn:aws:elasticache:us-east-1:111111111111:user:" + u), UserNotFoundException.class,
                404, "UserNotFound");
        // Nor does another partition.
        assertFault(() -> list("arn:aws-cn:elasticache:us-east-1:000000000000:user:" + u), UserNotFoundException.class,
                404, "UserNotFound");
        // Ids are case-insensitive everywhere else, so in ARNs too.
        assertThat(list(ARN + "user:" + u.toUpperCase())).containsExactly(tag("a", "b"));
        // The built-in default user is taggable like any other.
        assertThat(list(ARN + "user:default")).isEmpty();
    }

    @Test
    void tagsGoWithTheResource() {
        String u = user(List.of(tag("a", "b")));
        String arn = ARN + "user:" + u;
        // Tagging is not blocked while the user is modifying.
        ec.modifyUser(r -> r.userId(u).accessString("on ~x:* +@all"));
        assertThat(ec.addTagsToResource(r -> r.resourceName(arn).tags(tag("c", "d"))).tagList()).hasSize(2);
        assertThat(ec.describeUsers(r -> r.userId(u)).users().get(0).status()).isEqualTo("modifying");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> ec.describeUsers(r -> r.userId(u)).users().get(0).status().equals("active"));
        ec.deleteUser(r -> r.userId(u));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertFault(() -> list(arn), UserNotFoundException.class, 404, "UserNotFound"));
        ec.createUser(r -> r.userId(u).userName(u).engine("redis").accessString("on ~* +@all").noPasswordRequired(true));
        assertThat(list(arn)).isEmpty();
    }
}
