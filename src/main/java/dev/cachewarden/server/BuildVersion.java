package dev.cachewarden.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version Maven built: cachewarden-version.properties, filtered at build time (see pom.xml). */
final class BuildVersion {
    private BuildVersion() {
    }

    static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("/cachewarden-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
