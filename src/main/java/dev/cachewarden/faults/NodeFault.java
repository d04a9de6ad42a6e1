package dev.cachewarden.faults;

/**
 * A fault on a cache's nodes: applying its ACL fails, or hangs until the fault is removed, so a
 * change that needs the nodes (a user group attached to it being modified) stays {@code modifying}.
 *
 * @param cacheId a ReplicationGroupId or ServerlessCacheName
 */
public record NodeFault(String cacheId, Mode aclApply) {
    public enum Mode { FAIL, HANG }

    public NodeFault {
        if (cacheId == null || cacheId.isBlank() || aclApply == null) {
            throw new IllegalArgumentException("a node fault needs a cacheId and aclApply (fail or hang)");
        }
    }
}
