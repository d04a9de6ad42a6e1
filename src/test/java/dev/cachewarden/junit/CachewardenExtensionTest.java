package dev.cachewarden.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.Tag;

/** The extension's lifecycles: one server per class reset between tests, or one per test. */
class CachewardenExtensionTest {

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PerClass {
        @RegisterExtension
        static CachewardenExtension cw = CachewardenExtension.builder().build();
        static URI firstEndpoint;

        @Test
        @Order(1)
        void leavesUsersGroupsAndTagsBehind(ElastiCacheClient ec, Cachewarden server) {
            firstEndpoint = server.endpoint();
            ec.createUser(r -> r.userId("u1").userName("u1").engine("redis").passwords("a-long-enough-password")
                    .accessString("on ~* +@all"));
            ec.createUserGroup(r -> r.userGroupId("g1").engine("redis").userIds("default", "u1"));
            ec.addTagsToResource(r -> r.resourceName(arn(server, "user:default")).tags(Tag.builder().key("k")
                    .value("v").build()));
            assertThat(ec.describeUsers(r -> { }).users()).hasSize(2);
        }

        @Test
        @Order(2)
        void theNextTestSeesAFreshStateOnTheSameServer(ElastiCacheClient ec, Cachewarden server) {
            assertThat(server.endpoint()).isEqualTo(firstEndpoint).isEqualTo(cw.endpoint());
            assertThat(ec.describeUsers(r -> { }).users()).singleElement().satisfies(u -> {
                assertThat(u.userId()).isEqualTo("default");
                assertThat(u.accessString()).isEqualTo("on ~* +@all");
            });
            assertThat(ec.describeUserGroups(r -> { }).userGroups()).isEmpty();
            assertThat(ec.listTagsForResource(r -> r.resourceName(arn(server, "user:default"))).tagList()).isEmpty();
            // and the old ids are free again
            ec.createUserGroup(r -> r.userGroupId("g1").engine("redis").userIds("default"));
        }
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class KeepingState {
        @RegisterExtension
        static CachewardenExtension cw = CachewardenExtension.builder().keepStateBetweenTests().build();

        @Test
        @Order(1)
        void creates() {
            cw.client().createUserGroup(r -> r.userGroupId("kept").engine("redis").userIds("default"));
        }

        @Test
        @Order(2)
        void stillThere() {
            assertThat(cw.client().describeUserGroups(r -> r.userGroupId("kept")).userGroups()).hasSize(1);
        }
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PerMethod {
        @RegisterExtension
        static CachewardenExtension cw = CachewardenExtension.builder().perMethod().region("eu-west-1").build();
        static Cachewarden first;

        @Test
        @Order(1)
        void one(Cachewarden server) {
            first = server;
            assertThat(server.region()).isEqualTo("eu-west-1");
            assertThat(server.client().describeUsers(r -> { }).users().get(0).arn()).contains(":eu-west-1:");
        }

        @Test
        @Order(2)
        void two(Cachewarden server) {
            assertThat(server).isNotSameAs(first);
            // the first test's server was stopped when it ended
            assertThat(reachable(first.endpoint())).isFalse();
            assertThat(reachable(server.endpoint())).isTrue();
        }
    }

    static String arn(Cachewarden server, String resource) {
        return "arn:aws:elasticache:" + server.region() + ":000000000000:" + resource;
    }

    static boolean reachable(URI endpoint) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
