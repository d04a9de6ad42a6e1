package dev.cachewarden.protocol;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;

/**
 * How each ElastiCache fault travels: its wire code, HTTP status and Sender/Receiver. The switch
 * has no default, so a fault added without a wire form does not compile.
 */
public final class WireFaults {
    private WireFaults() {}

    public static ErrorCode code(Fault fault) {
        return switch (fault) {
            case INVALID_PARAMETER_VALUE -> ErrorCode.INVALID_PARAMETER_VALUE;
            case INVALID_PARAMETER_COMBINATION -> ErrorCode.INVALID_PARAMETER_COMBINATION;
            case INVALID_ARN -> ErrorCode.INVALID_ARN;
            case USER_NOT_FOUND -> ErrorCode.USER_NOT_FOUND;
            case USER_ALREADY_EXISTS -> ErrorCode.USER_ALREADY_EXISTS;
            case USER_QUOTA_EXCEEDED -> ErrorCode.USER_QUOTA_EXCEEDED;
            case INVALID_USER_STATE -> ErrorCode.INVALID_USER_STATE;
            case DUPLICATE_USER_NAME -> ErrorCode.DUPLICATE_USER_NAME;
            case DEFAULT_USER_REQUIRED -> ErrorCode.DEFAULT_USER_REQUIRED;
            case DEFAULT_USER_ASSOCIATED_TO_USER_GROUP -> ErrorCode.DEFAULT_USER_ASSOCIATED_TO_USER_GROUP;
            case USER_GROUP_NOT_FOUND -> ErrorCode.USER_GROUP_NOT_FOUND;
            case USER_GROUP_ALREADY_EXISTS -> ErrorCode.USER_GROUP_ALREADY_EXISTS;
            case USER_GROUP_QUOTA_EXCEEDED -> ErrorCode.USER_GROUP_QUOTA_EXCEEDED;
            case INVALID_USER_GROUP_STATE -> ErrorCode.INVALID_USER_GROUP_STATE;
            case REPLICATION_GROUP_NOT_FOUND -> ErrorCode.REPLICATION_GROUP_NOT_FOUND;
            case REPLICATION_GROUP_ALREADY_EXISTS -> ErrorCode.REPLICATION_GROUP_ALREADY_EXISTS;
            case INVALID_REPLICATION_GROUP_STATE -> ErrorCode.INVALID_REPLICATION_GROUP_STATE;
            case CACHE_CLUSTER_NOT_FOUND -> ErrorCode.CACHE_CLUSTER_NOT_FOUND;
            case SERVERLESS_CACHE_NOT_FOUND -> ErrorCode.SERVERLESS_CACHE_NOT_FOUND;
            case SERVERLESS_CACHE_ALREADY_EXISTS -> ErrorCode.SERVERLESS_CACHE_ALREADY_EXISTS;
            case INVALID_SERVERLESS_CACHE_STATE -> ErrorCode.INVALID_SERVERLESS_CACHE_STATE;
            case INSUFFICIENT_CACHE_CLUSTER_CAPACITY -> ErrorCode.INSUFFICIENT_CACHE_CLUSTER_CAPACITY;
            case NODE_GROUP_NOT_FOUND -> ErrorCode.NODE_GROUP_NOT_FOUND;
            case NODE_GROUPS_PER_REPLICATION_GROUP_QUOTA_EXCEEDED -> ErrorCode.NODE_GROUPS_PER_REPLICATION_GROUP_QUOTA_EXCEEDED;
            case NODE_QUOTA_FOR_CLUSTER_EXCEEDED -> ErrorCode.NODE_QUOTA_FOR_CLUSTER_EXCEEDED;
            case NODE_QUOTA_FOR_CUSTOMER_EXCEEDED -> ErrorCode.NODE_QUOTA_FOR_CUSTOMER_EXCEEDED;
            case TEST_FAILOVER_NOT_AVAILABLE -> ErrorCode.TEST_FAILOVER_NOT_AVAILABLE;
            case APICALL_RATE_FOR_CUSTOMER_EXCEEDED -> ErrorCode.APICALL_RATE_FOR_CUSTOMER_EXCEEDED;
            case NO_OPERATION -> ErrorCode.NO_OPERATION;
            case CACHE_PARAMETER_GROUP_NOT_FOUND -> ErrorCode.CACHE_PARAMETER_GROUP_NOT_FOUND;
            case CACHE_SECURITY_GROUP_NOT_FOUND -> ErrorCode.CACHE_SECURITY_GROUP_NOT_FOUND;
            case CACHE_SUBNET_GROUP_NOT_FOUND -> ErrorCode.CACHE_SUBNET_GROUP_NOT_FOUND;
            case SNAPSHOT_NOT_FOUND -> ErrorCode.SNAPSHOT_NOT_FOUND;
            case RESERVED_CACHE_NODE_NOT_FOUND -> ErrorCode.RESERVED_CACHE_NODE_NOT_FOUND;
            case SERVERLESS_CACHE_SNAPSHOT_NOT_FOUND -> ErrorCode.SERVERLESS_CACHE_SNAPSHOT_NOT_FOUND;
            case CACHE_SUBNET_GROUP_ALREADY_EXISTS -> ErrorCode.CACHE_SUBNET_GROUP_ALREADY_EXISTS;
            case CACHE_SUBNET_GROUP_IN_USE -> ErrorCode.CACHE_SUBNET_GROUP_IN_USE;
            case CACHE_SUBNET_GROUP_QUOTA_EXCEEDED -> ErrorCode.CACHE_SUBNET_GROUP_QUOTA_EXCEEDED;
            case CACHE_SUBNET_QUOTA_EXCEEDED -> ErrorCode.CACHE_SUBNET_QUOTA_EXCEEDED;
            case INVALID_SUBNET -> ErrorCode.INVALID_SUBNET;
            case SUBNET_IN_USE -> ErrorCode.SUBNET_IN_USE;
            case CACHE_PARAMETER_GROUP_ALREADY_EXISTS -> ErrorCode.CACHE_PARAMETER_GROUP_ALREADY_EXISTS;
            case CACHE_PARAMETER_GROUP_QUOTA_EXCEEDED -> ErrorCode.CACHE_PARAMETER_GROUP_QUOTA_EXCEEDED;
            case INVALID_CACHE_PARAMETER_GROUP_STATE -> ErrorCode.INVALID_CACHE_PARAMETER_GROUP_STATE;
            case GLOBAL_REPLICATION_GROUP_NOT_FOUND -> ErrorCode.GLOBAL_REPLICATION_GROUP_NOT_FOUND;
            case TAG_NOT_FOUND -> ErrorCode.TAG_NOT_FOUND;
            case TAG_QUOTA_PER_RESOURCE_EXCEEDED -> ErrorCode.TAG_QUOTA_PER_RESOURCE_EXCEEDED;
        };
    }

    /** The fault as the wire refuses it; the message is the rule's, unchanged. */
    public static AwsException toWire(ElastiCacheFault fault) {
        return new AwsException(code(fault.fault()), fault.getMessage());
    }
}
