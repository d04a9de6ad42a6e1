package dev.cachewarden.protocol;

/**
 * Every error the wire can carry: AWS's code as clients match it, its HTTP status and fault side.
 * The service-specific entries are generated from botocore's elasticache 2015-02-02 model, so the
 * odd codes that keep their {@code Fault} suffix are kept exactly as clients expect them.
 */
public enum ErrorCode {
    APICALL_RATE_FOR_CUSTOMER_EXCEEDED("APICallRateForCustomerExceeded", 400, Fault.SENDER),
    AUTHORIZATION_ALREADY_EXISTS("AuthorizationAlreadyExists", 400, Fault.SENDER),
    AUTHORIZATION_NOT_FOUND("AuthorizationNotFound", 404, Fault.SENDER),
    CACHE_CLUSTER_ALREADY_EXISTS("CacheClusterAlreadyExists", 400, Fault.SENDER),
    CACHE_CLUSTER_NOT_FOUND("CacheClusterNotFound", 404, Fault.SENDER),
    CACHE_PARAMETER_GROUP_ALREADY_EXISTS("CacheParameterGroupAlreadyExists", 400, Fault.SENDER),
    CACHE_PARAMETER_GROUP_NOT_FOUND("CacheParameterGroupNotFound", 404, Fault.SENDER),
    CACHE_PARAMETER_GROUP_QUOTA_EXCEEDED("CacheParameterGroupQuotaExceeded", 400, Fault.SENDER),
    CACHE_SECURITY_GROUP_ALREADY_EXISTS("CacheSecurityGroupAlreadyExists", 400, Fault.SENDER),
    CACHE_SECURITY_GROUP_NOT_FOUND("CacheSecurityGroupNotFound", 404, Fault.SENDER),
    CACHE_SECURITY_GROUP_QUOTA_EXCEEDED("QuotaExceeded.CacheSecurityGroup", 400, Fault.SENDER),
    CACHE_SUBNET_GROUP_ALREADY_EXISTS("CacheSubnetGroupAlreadyExists", 400, Fault.SENDER),
    CACHE_SUBNET_GROUP_IN_USE("CacheSubnetGroupInUse", 400, Fault.SENDER),
    CACHE_SUBNET_GROUP_NOT_FOUND("CacheSubnetGroupNotFoundFault", 400, Fault.SENDER),
    CACHE_SUBNET_GROUP_QUOTA_EXCEEDED("CacheSubnetGroupQuotaExceeded", 400, Fault.SENDER),
    CACHE_SUBNET_QUOTA_EXCEEDED("CacheSubnetQuotaExceededFault", 400, Fault.SENDER),
    CLUSTER_QUOTA_FOR_CUSTOMER_EXCEEDED("ClusterQuotaForCustomerExceeded", 400, Fault.SENDER),
    DEFAULT_USER_ASSOCIATED_TO_USER_GROUP("DefaultUserAssociatedToUserGroup", 400, Fault.SENDER),
    DEFAULT_USER_REQUIRED("DefaultUserRequired", 400, Fault.SENDER),
    DUPLICATE_USER_NAME("DuplicateUserName", 400, Fault.SENDER),
    GLOBAL_REPLICATION_GROUP_ALREADY_EXISTS("GlobalReplicationGroupAlreadyExistsFault", 400, Fault.SENDER),
    GLOBAL_REPLICATION_GROUP_NOT_FOUND("GlobalReplicationGroupNotFoundFault", 404, Fault.SENDER),
    INSUFFICIENT_CACHE_CLUSTER_CAPACITY("InsufficientCacheClusterCapacity", 400, Fault.SENDER),
    INVALID_ARN("InvalidARN", 400, Fault.SENDER),
    INVALID_CACHE_CLUSTER_STATE("InvalidCacheClusterState", 400, Fault.SENDER),
    INVALID_CACHE_PARAMETER_GROUP_STATE("InvalidCacheParameterGroupState", 400, Fault.SENDER),
    INVALID_CACHE_SECURITY_GROUP_STATE("InvalidCacheSecurityGroupState", 400, Fault.SENDER),
    INVALID_CREDENTIALS("InvalidCredentialsException", 408, Fault.SENDER),
    INVALID_GLOBAL_REPLICATION_GROUP_STATE("InvalidGlobalReplicationGroupState", 400, Fault.SENDER),
    INVALID_KMS_KEY("InvalidKMSKeyFault", 400, Fault.SENDER),
    INVALID_PARAMETER_COMBINATION("InvalidParameterCombination", 400, Fault.SENDER),
    INVALID_PARAMETER_VALUE("InvalidParameterValue", 400, Fault.SENDER),
    INVALID_REPLICATION_GROUP_STATE("InvalidReplicationGroupState", 400, Fault.SENDER),
    INVALID_SERVERLESS_CACHE_SNAPSHOT_STATE("InvalidServerlessCacheSnapshotStateFault", 400, Fault.SENDER),
    INVALID_SERVERLESS_CACHE_STATE("InvalidServerlessCacheStateFault", 400, Fault.SENDER),
    INVALID_SNAPSHOT_STATE("InvalidSnapshotState", 400, Fault.SENDER),
    INVALID_SUBNET("InvalidSubnet", 400, Fault.SENDER),
    INVALID_USER_GROUP_STATE("InvalidUserGroupState", 400, Fault.SENDER),
    INVALID_USER_STATE("InvalidUserState", 400, Fault.SENDER),
    INVALID_VPC_NETWORK_STATE("InvalidVPCNetworkStateFault", 400, Fault.SENDER),
    NO_OPERATION("NoOperationFault", 400, Fault.SENDER),
    NODE_GROUP_NOT_FOUND("NodeGroupNotFoundFault", 404, Fault.SENDER),
    NODE_GROUPS_PER_REPLICATION_GROUP_QUOTA_EXCEEDED("NodeGroupsPerReplicationGroupQuotaExceeded", 400, Fault.SENDER),
    NODE_QUOTA_FOR_CLUSTER_EXCEEDED("NodeQuotaForClusterExceeded", 400, Fault.SENDER),
    NODE_QUOTA_FOR_CUSTOMER_EXCEEDED("NodeQuotaForCustomerExceeded", 400, Fault.SENDER),
    REPLICATION_GROUP_ALREADY_EXISTS("ReplicationGroupAlreadyExists", 400, Fault.SENDER),
    REPLICATION_GROUP_ALREADY_UNDER_MIGRATION("ReplicationGroupAlreadyUnderMigrationFault", 400, Fault.SENDER),
    REPLICATION_GROUP_NOT_FOUND("ReplicationGroupNotFoundFault", 404, Fault.SENDER),
    REPLICATION_GROUP_NOT_UNDER_MIGRATION("ReplicationGroupNotUnderMigrationFault", 400, Fault.SENDER),
    RESERVED_CACHE_NODE_ALREADY_EXISTS("ReservedCacheNodeAlreadyExists", 404, Fault.SENDER),
    RESERVED_CACHE_NODE_NOT_FOUND("ReservedCacheNodeNotFound", 404, Fault.SENDER),
    RESERVED_CACHE_NODE_QUOTA_EXCEEDED("ReservedCacheNodeQuotaExceeded", 400, Fault.SENDER),
    RESERVED_CACHE_NODES_OFFERING_NOT_FOUND("ReservedCacheNodesOfferingNotFound", 404, Fault.SENDER),
    SERVERLESS_CACHE_ALREADY_EXISTS("ServerlessCacheAlreadyExistsFault", 400, Fault.SENDER),
    SERVERLESS_CACHE_NOT_FOUND("ServerlessCacheNotFoundFault", 404, Fault.SENDER),
    SERVERLESS_CACHE_QUOTA_FOR_CUSTOMER_EXCEEDED("ServerlessCacheQuotaForCustomerExceededFault", 400, Fault.SENDER),
    SERVERLESS_CACHE_SNAPSHOT_ALREADY_EXISTS("ServerlessCacheSnapshotAlreadyExistsFault", 400, Fault.SENDER),
    SERVERLESS_CACHE_SNAPSHOT_NOT_FOUND("ServerlessCacheSnapshotNotFoundFault", 404, Fault.SENDER),
    SERVERLESS_CACHE_SNAPSHOT_QUOTA_EXCEEDED("ServerlessCacheSnapshotQuotaExceededFault", 400, Fault.SENDER),
    SERVICE_LINKED_ROLE_NOT_FOUND("ServiceLinkedRoleNotFoundFault", 400, Fault.SENDER),
    SERVICE_UPDATE_NOT_FOUND("ServiceUpdateNotFoundFault", 404, Fault.SENDER),
    SNAPSHOT_ALREADY_EXISTS("SnapshotAlreadyExistsFault", 400, Fault.SENDER),
    SNAPSHOT_FEATURE_NOT_SUPPORTED("SnapshotFeatureNotSupportedFault", 400, Fault.SENDER),
    SNAPSHOT_NOT_FOUND("SnapshotNotFoundFault", 404, Fault.SENDER),
    SNAPSHOT_QUOTA_EXCEEDED("SnapshotQuotaExceededFault", 400, Fault.SENDER),
    SUBNET_IN_USE("SubnetInUse", 400, Fault.SENDER),
    SUBNET_NOT_ALLOWED("SubnetNotAllowedFault", 400, Fault.SENDER),
    TAG_NOT_FOUND("TagNotFound", 404, Fault.SENDER),
    TAG_QUOTA_PER_RESOURCE_EXCEEDED("TagQuotaPerResourceExceeded", 400, Fault.SENDER),
    TEST_FAILOVER_NOT_AVAILABLE("TestFailoverNotAvailableFault", 400, Fault.SENDER),
    USER_ALREADY_EXISTS("UserAlreadyExists", 400, Fault.SENDER),
    USER_GROUP_ALREADY_EXISTS("UserGroupAlreadyExists", 400, Fault.SENDER),
    USER_GROUP_NOT_FOUND("UserGroupNotFound", 404, Fault.SENDER),
    USER_GROUP_QUOTA_EXCEEDED("UserGroupQuotaExceeded", 400, Fault.SENDER),
    USER_NOT_FOUND("UserNotFound", 404, Fault.SENDER),
    USER_QUOTA_EXCEEDED("UserQuotaExceeded", 400, Fault.SENDER),

    // Common errors of every AWS Query service (not in the service model).
    INVALID_ACTION("InvalidAction", 400, Fault.SENDER),
    MISSING_ACTION("MissingAction", 400, Fault.SENDER),
    MISSING_PARAMETER("MissingParameter", 400, Fault.SENDER),
    INVALID_QUERY_PARAMETER("InvalidQueryParameter", 400, Fault.SENDER),
    MALFORMED_QUERY_STRING("MalformedQueryString", 404, Fault.SENDER),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", 413, Fault.SENDER),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", 403, Fault.SENDER),
    INCOMPLETE_SIGNATURE("IncompleteSignature", 400, Fault.SENDER),
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", 403, Fault.SENDER),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403, Fault.SENDER),
    REQUEST_EXPIRED("RequestExpired", 400, Fault.SENDER),
    ACCESS_DENIED("AccessDenied", 403, Fault.SENDER),
    THROTTLING("Throttling", 400, Fault.SENDER),
    INTERNAL_FAILURE("InternalFailure", 500, Fault.RECEIVER),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, Fault.RECEIVER);

    public enum Fault { SENDER, RECEIVER }

    private final String code;
    private final int httpStatus;
    private final Fault fault;

    ErrorCode(String code, int httpStatus, Fault fault) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.fault = fault;
    }

    public String code() { return code; }

    public int httpStatus() { return httpStatus; }

    /** "Sender" or "Receiver", as the Query error document's {@code Type} says it. */
    public String type() { return fault == Fault.SENDER ? "Sender" : "Receiver"; }
}
