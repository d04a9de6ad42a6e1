package dev.cachewarden.events;

import java.util.Arrays;
import java.util.Optional;

/** DescribeEvents' SourceType values, spelled as on the wire; cachewarden emits events for five of them. */
public enum SourceType {
    CACHE_CLUSTER("cache-cluster"),
    CACHE_PARAMETER_GROUP("cache-parameter-group"),
    CACHE_SECURITY_GROUP("cache-security-group"),
    CACHE_SUBNET_GROUP("cache-subnet-group"),
    REPLICATION_GROUP("replication-group"),
    SERVERLESS_CACHE("serverless-cache"),
    SERVERLESS_CACHE_SNAPSHOT("serverless-cache-snapshot"),
    USER("user"),
    USER_GROUP("user-group");

    private final String wire;

    SourceType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<SourceType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
