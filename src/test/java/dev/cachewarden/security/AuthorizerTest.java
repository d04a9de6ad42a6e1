package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
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

    static void denied(Principal p, String action, Map<String, String> params, String resource) {
        assertThatThrownBy(() -> AUTHORIZER.authorize(p, action, new QueryRequest(params)))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).isEqualTo("User: " + p.arn()
                            + " is not authorized to perform: elasticache:" + action + " on resource: " + resource);
                });
    }

    @Test
    void eachActionIsCheckedAgainstTheArnItTargets() throws Exception {
        String group = "arn:aws:elasticache:eu-west-1:123456789012:usergroup:app";
        Principal p = allowedOnly(group);
        assertThatCode(() -> AUTHORIZER.authorize(p, "ModifyUserGroup", new QueryRequest(Map.of("UserGroupId", "APP"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> AUTHORIZER.authorize(p, "ListTagsForResource",
                new QueryRequest(Map.of("ResourceName", group)))).doesNotThrowAnyException();
        denied(p, "ModifyUserGroup", Map.of("UserGroupId", "other"),
                "arn:aws:elasticache:eu-west-1:123456789012:usergroup:other");
        denied(p, "DescribeUserGroups", Map.of(), "*");
        denied(p, "ModifyUser", Map.of("UserId", "app"), "arn:aws:elasticache:eu-west-1:123456789012:user:app");
        denied(p, "ModifyReplicationGroup", Map.of("ReplicationGroupId", "app"),
                "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:app");
        denied(p, "DeleteServerlessCache", Map.of("ServerlessCacheName", "app"),
                "arn:aws:elasticache:eu-west-1:123456789012:serverlesscache:app");
        denied(p, "DescribeCacheClusters", Map.of("CacheClusterId", "app-001"),
                "arn:aws:elasticache:eu-west-1:123456789012:cluster:app-001");
    }

    @Test
    void rootIsNeverAskedForAPolicy() {
        Principal root = new Principal("root", "arn:aws:iam::123456789012:root", "AKIDROOT", "s", null);
        assertThatCode(() -> AUTHORIZER.authorize(root, "DeleteUserGroup", new QueryRequest(Map.of("UserGroupId", "x"))))
                .doesNotThrowAnyException();
    }
}
