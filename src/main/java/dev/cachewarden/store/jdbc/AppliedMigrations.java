package dev.cachewarden.store.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Whether a store already holds exactly the bundled migrations (same versions, same checksums, all
 * successful), so a restart can skip Flyway: loading, scanning and validating with it is a good part of
 * a start on an up-to-date schema. Any doubt (no history, a difference, an error) answers false and
 * Flyway runs as before.
 */
final class AppliedMigrations {
    private static final String LOCATION = "db/migration/";
    private static final Pattern NAME = Pattern.compile("V([0-9_.]+)__.+\\.sql");

    private AppliedMigrations() {
    }

    static boolean upToDate(DataSource dataSource) {
        try {
            Map<String, Integer> bundled = bundled();
            return !bundled.isEmpty() && bundled.equals(applied(dataSource));
        } catch (IOException | SQLException | URISyntaxException | RuntimeException e) {
            return false;
        }
    }

    private static Map<String, Integer> applied(DataSource dataSource) throws SQLException {
        Map<String, Integer> applied = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\", \"checksum\", \"success\" FROM \"flyway_schema_history\""
                     + " WHERE \"version\" IS NOT NULL")) {
            while (rs.next()) {
                if (!rs.getBoolean(3)) {
                    return Map.of(); // a failed migration: Flyway must say so
                }
                applied.put(rs.getString(1), rs.getInt(2));
            }
            c.rollback();
        }
        return applied;
    }

    /** Version → Flyway's checksum of every V*.sql under db/migration, from the jar or a directory. */
    static Map<String, Integer> bundled() throws IOException, URISyntaxException {
        ClassLoader loader = AppliedMigrations.class.getClassLoader();
        URL url = loader.getResource(LOCATION);
        if (url == null) {
            return Map.of();
        }
        Map<String, Integer> out = new HashMap<>();
        if (url.getProtocol().equals("jar")) {
            String path = url.getPath();
            String jar = path.substring("file:".length(), path.indexOf("!/"));
            try (JarFile file = new JarFile(java.net.URLDecoder.decode(jar, StandardCharsets.UTF_8))) {
                for (JarEntry e : java.util.Collections.list(file.entries())) {
                    String name = e.getName();
                    if (name.startsWith(LOCATION) && name.indexOf('/', LOCATION.length()) < 0) {
                        add(out, name.substring(LOCATION.length()), () -> file.getInputStream(e));
                    }
                }
            }
        } else if (url.getProtocol().equals("file")) {
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                for (Path p : files.toList()) {
                    add(out, p.getFileName().toString(), () -> Files.newInputStream(p));
                }
            }
        } else {
            return Map.of();
        }
        return out;
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private static void add(Map<String, Integer> out, String name, Opener opener) throws IOException {
        Matcher m = NAME.matcher(name);
        if (m.matches()) {
            try (InputStream in = opener.open()) {
                out.put(m.group(1).replace('_', '.'), checksum(in));
            }
        }
    }

    /** Flyway's checksum: CRC32 over the UTF-8 lines without their line breaks, a leading BOM dropped. */
    static int checksum(InputStream in) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line != null && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        for (; line != null; line = reader.readLine()) {
            crc.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }
}
