package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cachewarden.api.AddTagsToResource;
import dev.cachewarden.api.ApiAction;
import dev.cachewarden.api.DeleteServerlessCache;
import dev.cachewarden.api.DeleteUserGroup;
import dev.cachewarden.api.DescribeCacheClusters;
import dev.cachewarden.api.DescribeUserGroups;
import dev.cachewarden.api.ListTagsForResource;
import dev.cachewarden.api.ModifyReplicationGroup;
import dev.cachewarden.api.ModifyUser;
import dev.cachewarden.api.ModifyUserGroup;
import dev.cachewarden.auth.Authorizer;
import dev.cachewarden.auth.PolicyParser;
import dev.cachewarden.auth.Principal;
import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.service.ServiceSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resource each action is checked against: the ARN its request targets, lower-cased as stored. */
class AuthorizerTest {
    static final ServiceSettings SETTINGS = new ServiceSettings("eu-west-1", "123456789012", Duration.ZERO,
            ServiceSettings.Quotas.AWS_DEFAULTS, Clock.systemUTC());
    static final Authorizer AUTHORIZER = new Authorizer(SETTINGS);

    static Principal allowedOnly(String resource) throws Exception {
        return new Principal("p", "arn:aws:iam::123456789012:user/p", "AKIDP", "secret-secret-secret",
                PolicyParser.parse(new ObjectMapper().readTree("""
                        {"Statement":{"Effect":"Allow","Action":"elasticache:*","Resource":"%s"}}""".formatted(resource)),
                        "test"));
    }

    /** Authorizes as the server does: against the resource the action itself declares. */
    static void authorize(Principal p, ApiAction action, Map<String, String> params) {
        AUTHORIZER.authorize(p, action.name(), action.authorizationResource(), new QueryRequest(params));
    }

    static void denied(Principal p, ApiAction action, Map<String, String> params, String resource) {
        assertThatThrownBy(() -> authorize(p, action, params))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).isEqualTo("User: " + p.arn()
                            + " is not authorized to perform: elasticache:" + action.name() + " on resource: " + resource);
                });
    }

    @Test
    void eachActionIsCheckedAgainstTheArnItTargets() throws Exception {
        String group = "arn:aws:elasticache:eu-west-1:123456789012:usergroup:app";
        Principal p = allowedOnly(group);
        // The services are never reached: only each action's declared resource is.
        assertThatCode(() -> authorize(p, new ModifyUserGroup(null, SETTINGS), Map.of("UserGroupId", "APP")))
                .doesNotThrowAnyException();
        assertThatCode(() -> authorize(p, new ListTagsForResource(null), Map.of("ResourceName", group)))
                .doesNotThrowAnyException();
        denied(p, new ModifyUserGroup(null, SETTINGS), Map.of("UserGroupId", "other"),
                "arn:aws:elasticache:eu-west-1:123456789012:usergroup:other");
        denied(p, new DescribeUserGroups(null, SETTINGS, null), Map.of(), "*");
        denied(p, new ModifyUser(null, SETTINGS), Map.of("UserId", "app"),
                "arn:aws:elasticache:eu-west-1:123456789012:user:app");
        denied(p, new ModifyReplicationGroup(null, SETTINGS), Map.of("ReplicationGroupId", "app"),
                "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:app");
        denied(p, new DeleteServerlessCache(null, SETTINGS), Map.of("ServerlessCacheName", "app"),
                "arn:aws:elasticache:eu-west-1:123456789012:serverlesscache:app");
        denied(p, new DescribeCacheClusters(null, SETTINGS), Map.of("CacheClusterId", "app-001"),
                "arn:aws:elasticache:eu-west-1:123456789012:cluster:app-001");
        denied(p, new AddTagsToResource(null), Map.of("ResourceName", group + "2"), group + "2");
    }

    @Test
    void rootIsNeverAskedForAPolicy() {
        Principal root = new Principal("root", "arn:aws:iam::123456789012:root", "AKIDROOT", "s", null);
        assertThatCode(() -> authorize(root, new DeleteUserGroup(null, SETTINGS), Map.of("UserGroupId", "x")))
                .doesNotThrowAnyException();
    }
}
