package dev.cachewarden.domain.fault;

/**
 * The ElastiCache faults cachewarden's rules raise, named as the ElastiCache API reference names
 * them (without the {@code Fault} suffix). A fault is a rule's outcome; how it travels (code, HTTP
 * status, Sender or Receiver) is the protocol's business, so nothing wire-shaped lives here.
 */
public enum Fault {
    // Request values
    INVALID_PARAMETER_VALUE,
    INVALID_PARAMETER_COMBINATION,
    INVALID_ARN,

    // Users and user groups
    USER_NOT_FOUND,
    USER_ALREADY_EXISTS,
    USER_QUOTA_EXCEEDED,
    INVALID_USER_STATE,
    DUPLICATE_USER_NAME,
    DEFAULT_USER_REQUIRED,
    DEFAULT_USER_ASSOCIATED_TO_USER_GROUP,
    USER_GROUP_NOT_FOUND,
    USER_GROUP_ALREADY_EXISTS,
    USER_GROUP_QUOTA_EXCEEDED,
    INVALID_USER_GROUP_STATE,

    // Caches
    REPLICATION_GROUP_NOT_FOUND,
    REPLICATION_GROUP_ALREADY_EXISTS,
    INVALID_REPLICATION_GROUP_STATE,
    CACHE_CLUSTER_NOT_FOUND,
    SERVERLESS_CACHE_NOT_FOUND,
    SERVERLESS_CACHE_ALREADY_EXISTS,
    INVALID_SERVERLESS_CACHE_STATE,
    INSUFFICIENT_CACHE_CLUSTER_CAPACITY,
    NODE_GROUP_NOT_FOUND,
    TEST_FAILOVER_NOT_AVAILABLE,
    APICALL_RATE_FOR_CUSTOMER_EXCEEDED,
    NO_OPERATION,

    // Resources a tag request can name but cachewarden does not keep
    CACHE_PARAMETER_GROUP_NOT_FOUND,
    CACHE_SECURITY_GROUP_NOT_FOUND,
    CACHE_SUBNET_GROUP_NOT_FOUND,
    SNAPSHOT_NOT_FOUND,
    RESERVED_CACHE_NODE_NOT_FOUND,
    SERVERLESS_CACHE_SNAPSHOT_NOT_FOUND,

    // Tags
    TAG_NOT_FOUND,
    TAG_QUOTA_PER_RESOURCE_EXCEEDED
}
