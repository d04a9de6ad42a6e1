package dev.cachewarden.service;

import dev.cachewarden.protocol.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * MaxRecords and Marker as the Describe actions take them. The marker is opaque to clients: the
 * last id of the previous page, encoded, so a page boundary survives inserts and deletes.
 */
final class Paging {
    static final int DEFAULT_MAX_RECORDS = 100;
    static final int MAX_MAX_RECORDS = 100;

    private Paging() {}

    static int maxRecords(Integer requested) {
        if (requested == null) {
            return DEFAULT_MAX_RECORDS;
        }
        if (requested < 1 || requested > MAX_MAX_RECORDS) {
            throw AwsException.invalidValue("MaxRecords must be between 1 and " + MAX_MAX_RECORDS + ".");
        }
        return requested;
    }

    static String afterId(String marker) {
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
            throw AwsException.invalidValue("Invalid marker: " + marker);
        }
    }

    static String markerAfter(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("cw1:" + lastId).getBytes(StandardCharsets.UTF_8));
    }
}
