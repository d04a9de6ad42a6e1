package dev.cachewarden.service;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * MaxRecords and Marker as the Describe actions take them. The marker is opaque to clients: the
 * last id of the previous page, encoded, so a page boundary survives inserts and deletes.
 */
public final class Paging {
    /** The page size a Describe action accepts, under the parameter name it uses. */
    record Limits(String parameter, int min, int max, int defaultSize) {}

    /** DescribeUsers/DescribeUserGroups: the model gives no range; 1–100 as the other Describes' maximum. */
    static final Limits RBAC = new Limits("MaxRecords", 1, 100, 100);
    /** DescribeReplicationGroups/DescribeCacheClusters: "Default: 100 Constraints: minimum 20; maximum 100." */
    public static final Limits CACHES = new Limits("MaxRecords", 20, 100, 100);
    /** DescribeServerlessCaches: "The default is 50." */
    public static final Limits SERVERLESS = new Limits("MaxResults", 1, 100, 50);

    private Paging() {}

    public static int maxRecords(Integer requested, Limits limits) {
        if (requested == null) {
            return limits.defaultSize();
        }
        if (requested < limits.min() || requested > limits.max()) {
            throw ElastiCacheFault.invalidValue(limits.parameter() + " must be between " + limits.min() + " and "
                    + limits.max() + ".");
        }
        return requested;
    }

    public static String afterId(String marker) {
        if (marker == null || marker.isEmpty()) {
            return null;
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (!id.startsWith("cw1:")) {
                throw new IllegalArgumentException();
            }
            return id.substring(4);
        } catch (IllegalArgumentException e) {
            throw ElastiCacheFault.invalidValue("Invalid marker: " + marker);
        }
    }

    public static String markerAfter(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("cw1:" + lastId).getBytes(StandardCharsets.UTF_8));
    }
}
