package dev.cachewarden.front;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a serverless cache's endpoints tell cluster-mode clients, as AWS's do: one shard holding every
 * slot, whose primary is the {@code Endpoint} and whose replica is the {@code ReaderEndpoint}. A cache
 * whose reader endpoint is its endpoint (made before the front served readers) shows the primary only.
 *
 * @param cacheId the serverless cache's name, from which the nodes' cluster ids are derived
 */
public record ServerlessTopology(String cacheId, String host, int endpointPort, int readerEndpointPort) {
    public boolean hasReader() {
        return readerEndpointPort != endpointPort;
    }

    /** The 40-hex-digit cluster node id of the endpoint; stable for the cache's life. */
    public String primaryId() {
        return nodeId("primary");
    }

    public String replicaId() {
        return nodeId("replica");
    }

    private String nodeId(String role) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest(("cachewarden serverless " + cacheId + " " + role).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
