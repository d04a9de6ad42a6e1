package dev.cachewarden.engine;

import java.nio.file.Path;

/**
 * How cachewarden reaches an external cache's nodes: the admin ACL user and password it uses, and the
 * CA certificate that signed the nodes' TLS certificates (null: the JDK's trusted CAs).
 */
public record ExternalAccess(String adminUser, String adminPassword, Path caCertificate) {
    @Override
    public String toString() {
        return "ExternalAccess[" + adminUser + ", ca=" + caCertificate + "]";
    }
}
