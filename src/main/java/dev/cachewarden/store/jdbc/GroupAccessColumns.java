package dev.cachewarden.store.jdbc;

import dev.cachewarden.domain.AuthTokenState;
import dev.cachewarden.domain.AuthTokenStatus;
import dev.cachewarden.domain.ClusterMode;
import dev.cachewarden.domain.PendingModes;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.TransitEncryptionMode;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The replication group columns V10 added (the AUTH token's rotation state and TransitEncryptionMode)
 * and V12 added (a TLS or ClusterMode change pending),
 * read and written here so that the group's repository only lists them.
 */
final class GroupAccessColumns {
    static final String COLUMNS = "auth_token_previous_hash, auth_token_open_before, auth_token_status, "
            + "auth_token_modified_at, transit_encryption_mode, pending_transit, pending_cluster_mode";
    static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?";

    private GroupAccessColumns() {}

    /** The values of {@link #COLUMNS}, in order, for an INSERT. */
    static Object[] values(ReplicationGroup g) {
        AuthTokenState a = g.authTokenState();
        return new Object[] {a.previous() == null ? null : a.previous().sha256Hex(), a.openBefore(),
                a.pending() == null ? null : a.pending().wire(), a.lastModifiedMillis(),
                g.transitEncryptionMode() == null ? null : g.transitEncryptionMode().wire(),
                pendingTransit(g.pendingModes()), pendingClusterMode(g.pendingModes())};
    }

    static AuthTokenState authTokenState(ResultSet rs) throws SQLException {
        String previous = rs.getString("auth_token_previous_hash");
        String status = rs.getString("auth_token_status");
        return new AuthTokenState(previous == null ? null : new PasswordHash(previous),
                rs.getBoolean("auth_token_open_before"), status == null ? null : AuthTokenStatus.fromWire(status),
                rs.getLong("auth_token_modified_at"));
    }

    static TransitEncryptionMode transitEncryptionMode(ResultSet rs) throws SQLException {
        String mode = rs.getString("transit_encryption_mode");
        return mode == null ? null : TransitEncryptionMode.parse(mode).orElseThrow();
    }

    /** V12's pending_transit and pending_cluster_mode. */
    static PendingModes pendingModes(ResultSet rs) throws SQLException {
        String transit = rs.getString("pending_transit");
        String cluster = rs.getString("pending_cluster_mode");
        return new PendingModes(transit == null ? null : !transit.equals("off"),
                transit == null || transit.equals("off") ? null : TransitEncryptionMode.parse(transit).orElseThrow(),
                cluster == null ? null : ClusterMode.parse(cluster).orElseThrow());
    }

    static void updatePendingModes(Jdbc jdbc, String id, PendingModes p) {
        jdbc.update("UPDATE replication_groups SET pending_transit = ?, pending_cluster_mode = ?, "
                + "version = version + 1 WHERE replication_group_id = ?", pendingTransit(p), pendingClusterMode(p), id);
    }

    private static String pendingTransit(PendingModes p) {
        if (p.transitEncryptionEnabled() == null && p.transitEncryptionMode() == null) {
            return null;
        }
        return p.transitEncryptionMode() != null ? p.transitEncryptionMode().wire() : "off";
    }

    private static String pendingClusterMode(PendingModes p) {
        return p.clusterMode() == null ? null : p.clusterMode().wire();
    }

    static void updateAuthToken(Jdbc jdbc, String id, PasswordHash current, AuthTokenState state) {
        jdbc.update("UPDATE replication_groups SET auth_token_hash = ?, auth_token_previous_hash = ?, "
                        + "auth_token_open_before = ?, auth_token_status = ?, auth_token_modified_at = ?, "
                        + "version = version + 1 WHERE replication_group_id = ?",
                current == null ? null : current.sha256Hex(),
                state.previous() == null ? null : state.previous().sha256Hex(), state.openBefore(),
                state.pending() == null ? null : state.pending().wire(), state.lastModifiedMillis(), id);
    }

    static void updateTransitEncryption(Jdbc jdbc, String id, boolean enabled, TransitEncryptionMode mode) {
        jdbc.update("UPDATE replication_groups SET transit_encryption = ?, transit_encryption_mode = ?, "
                + "version = version + 1 WHERE replication_group_id = ?", enabled, mode == null ? null : mode.wire(), id);
    }
}
