package dev.cachewarden.protocol.sigv4;

import java.util.List;

/**
 * What SigV4 covers of an HTTP request, exactly as it arrived: the raw (still encoded) path and
 * query, the headers, and the body bytes.
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
    /** Header values by lower-case name, in the order they arrived; empty when absent. */
    @FunctionalInterface
    public interface Headers {
        List<String> values(String lowerCaseName);

        default String first(String lowerCaseName) {
            List<String> values = values(lowerCaseName);
            return values.isEmpty() ? null : values.get(0);
        }
    }
}
