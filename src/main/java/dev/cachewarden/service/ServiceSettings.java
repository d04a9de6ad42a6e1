package dev.cachewarden.service;

import java.time.Clock;
import java.time.Duration;

/**
 * What the rules depend on besides the request: the region and account that make ARNs, how long a
 * transition lasts at least, and the quotas (AWS's defaults unless raised).
 */
public record ServiceSettings(
        String region,
        String accountId,
        Duration transitionDelay,
        Quotas quotas,
        Clock clock) {

    public record Quotas(int users, int userGroups, int usersPerUserGroup, int tagsPerResource) {
        /** ElastiCache's documented defaults: 1000 users, 100 groups, 100 users a group, 50 tags. */
        public static final Quotas AWS_DEFAULTS = new Quotas(1000, 100, 100, 50);
    }

    public String userArn(String userId) {
        return arn("user", userId);
    }

    public String userGroupArn(String userGroupId) {
        return arn("usergroup", userGroupId);
    }

    public String replicationGroupArn(String replicationGroupId) {
        return arn("replicationgroup", replicationGroupId);
    }

    public String serverlessCacheArn(String serverlessCacheName) {
        return arn("serverlesscache", serverlessCacheName);
    }

    public String cacheClusterArn(String cacheClusterId) {
        return arn("cluster", cacheClusterId);
    }

    private String arn(String type, String id) {
        return dev.cachewarden.domain.Arn.of(region, accountId, type, id).toString();
    }

    public long transitionDueAt() {
        return clock.millis() + transitionDelay.toMillis();
    }
}
