package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.model.User;

/** POST /_cachewarden/reset with --enable-reset: back to a fresh start's state, events included. */
class ResetEndpointTest {
    @Test
    void emptiesTheStateWhenEnabled() throws Exception {
        try (OperatorServer s = new OperatorServer(new ServerConfig.Operator(false, null, true), null, Duration.ZERO)) {
            s.ec.createUser(r -> r.userId("u1").userName("u1").engine("redis").accessString("on ~* +@all")
                    .noPasswordRequired(true));
            s.ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "u1"));
            assertThat(s.ec.describeEvents(r -> { }).events()).isNotEmpty();

            assertThat(s.call("GET", "/_cachewarden/reset", null).statusCode()).isEqualTo(405);
            assertThat(s.ec.describeUsers(r -> { }).users()).hasSize(2);
            var reset = s.call("POST", "/_cachewarden/reset", null);
            assertThat(reset.statusCode()).isEqualTo(200);
            assertThat(reset.body()).contains("\"reset\":true");

            assertThat(s.ec.describeUsers(r -> { }).users()).extracting(User::userId).containsExactly("default");
            assertThat(s.ec.describeUserGroups(r -> { }).userGroups()).isEmpty();
            assertThat(s.ec.describeEvents(r -> { }).events()).isEmpty();
            // The fault endpoint was not enabled with it.
            assertThat(s.call("GET", "/_cachewarden/faults", null).statusCode()).isEqualTo(404);
        }
    }
}
