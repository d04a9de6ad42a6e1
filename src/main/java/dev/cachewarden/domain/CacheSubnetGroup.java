package dev.cachewarden.domain;

import java.util.List;

/**
 * A cache subnet group: a name, a description and the subnet ids it lists. There is no VPC behind
 * it; the ids are kept and answered as given (docs/aws-guesses.md says what is accepted).
 */
public record CacheSubnetGroup(String name, String description, List<String> subnetIds, long createdAtMillis) {
    /** The group every account has; it cannot be changed or deleted. */
    public static final String DEFAULT = "default";

    public CacheSubnetGroup {
        subnetIds = List.copyOf(subnetIds);
    }

    public boolean isDefault() {
        return DEFAULT.equals(name);
    }
}
