package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cachewarden.auth.Policy;
import dev.cachewarden.auth.Policy.Decision;
import dev.cachewarden.auth.PolicyParser;
import org.junit.jupiter.api.Test;

/** IAM's evaluation rules as cachewarden applies them. */
class PolicyTest {
    static final String USER_ARN = "arn:aws:elasticache:us-east-1:000000000000:user:alice";
    static final String GROUP_ARN = "arn:aws:elasticache:us-east-1:000000000000:usergroup:app";

    static Policy policy(String json) throws Exception {
        return PolicyParser.parse(new ObjectMapper().readTree(json), "test");
    }

    @Test
    void actionWildcardsMatchCaseInsensitively() throws Exception {
        Policy p = policy("""
                {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"elasticache:Describe*","Resource":"*"}}""");
        assertThat(p.evaluate("elasticache:DescribeUsers", "*")).isEqualTo(Decision.ALLOWED);
        assertThat(p.evaluate("elasticache:describeusergroups", GROUP_ARN)).isEqualTo(Decision.ALLOWED);
        assertThat(p.evaluate("elasticache:ModifyUserGroup", GROUP_ARN)).isEqualTo(Decision.IMPLICITLY_DENIED);
    }

    @Test
    void explicitDenyWinsOverAnyAllow() throws Exception {
        Policy p = policy("""
                {"Statement":[
                  {"Effect":"Allow","Action":"elasticache:*","Resource":"*"},
                  {"Effect":"Deny","Action":["elasticache:Delete*","elasticache:ModifyUserGroup"],
                   "Resource":"arn:aws:elasticache:*:*:usergroup:a?p"}]}""");
        assertThat(p.evaluate("elasticache:ModifyUserGroup", GROUP_ARN)).isEqualTo(Decision.EXPLICITLY_DENIED);
        assertThat(p.evaluate("elasticache:DeleteUserGroup", GROUP_ARN)).isEqualTo(Decision.EXPLICITLY_DENIED);
        assertThat(p.evaluate("elasticache:ModifyUserGroup", GROUP_ARN.replace(":app", ":other")))
                .isEqualTo(Decision.ALLOWED);
        assertThat(p.evaluate("elasticache:DeleteUser", USER_ARN)).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void resourceWildcardsAreCaseSensitiveAndAnchored() throws Exception {
        Policy p = policy("""
                {"Statement":{"Effect":"Allow","Action":"elasticache:ModifyUser",
                  "Resource":"arn:aws:elasticache:us-east-1:000000000000:user:al*"}}""");
        assertThat(p.evaluate("elasticache:ModifyUser", USER_ARN)).isEqualTo(Decision.ALLOWED);
        assertThat(p.evaluate("elasticache:ModifyUser", USER_ARN.replace("alice", "bob"))).isEqualTo(Decision.IMPLICITLY_DENIED);
        assertThat(p.evaluate("elasticache:ModifyUser", USER_ARN.toUpperCase())).isEqualTo(Decision.IMPLICITLY_DENIED);
        assertThat(p.evaluate("elasticache:ModifyUser", "x" + USER_ARN)).isEqualTo(Decision.IMPLICITLY_DENIED);
        assertThat(p.evaluate("elasticache:ModifyUser", "*")).isEqualTo(Decision.IMPLICITLY_DENIED);
    }

    @Test
    void aHostileResourceCannotMakeMatchingExplode() throws Exception {
        Policy p = policy("""
                {"Statement":{"Effect":"Allow","Action":"*","Resource":"a*a*a*a*a*a*a*a*a*a*b"}}""");
        long start = System.nanoTime();
        assertThat(p.evaluate("elasticache:ListTagsForResource", "a".repeat(200_000))).isEqualTo(Decision.IMPLICITLY_DENIED);
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void whatPoliciesCannotSayIsRefusedNotIgnored() {
        assertThatThrownBy(() -> policy("""
                {"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}}"""))
                .hasMessageContaining("'Condition' is not supported");
        assertThatThrownBy(() -> policy("""
                {"Statement":{"Effect":"Allow","NotAction":"elasticache:Delete*","Resource":"*"}}"""))
                .hasMessageContaining("'NotAction' is not supported");
        assertThatThrownBy(() -> policy("""
                {"Statement":{"Effect":"allow","Action":"*","Resource":"*"}}""")).hasMessageContaining("Effect");
        assertThatThrownBy(() -> policy("""
                {"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""")).hasMessageContaining("s3:*");
        assertThatThrownBy(() -> policy("""
                {"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}""")).hasMessageContaining("Action");
    }
}
