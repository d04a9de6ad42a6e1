package dev.cachewarden.domain;

/**
 * The TLS and ClusterMode changes accepted and still being carried out on the nodes: what
 * PendingModifiedValues shows (TransitEncryptionEnabled, TransitEncryptionMode, ClusterMode) until the
 * change is done. Each is null when that setting is not changing.
 *
 * @param transitEncryptionEnabled TLS being turned on (true) or off (false)
 * @param transitEncryptionMode the TransitEncryptionMode being applied
 * @param clusterMode the ClusterMode the group is being converted to
 */
public record PendingModes(Boolean transitEncryptionEnabled, TransitEncryptionMode transitEncryptionMode,
                           ClusterMode clusterMode) {
    public static final PendingModes NONE = new PendingModes(null, null, null);

    public boolean isEmpty() {
        return transitEncryptionEnabled == null && transitEncryptionMode == null && clusterMode == null;
    }

    public PendingModes withClusterMode(ClusterMode mode) {
        return new PendingModes(transitEncryptionEnabled, transitEncryptionMode, mode);
    }

    public PendingModes withTransit(Boolean enabled, TransitEncryptionMode mode) {
        return new PendingModes(enabled, mode, clusterMode);
    }
}
