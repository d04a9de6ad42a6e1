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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The bundled migrations (db/migration/V*.sql) and what a store's Flyway history says of them, so
 * that a start can skip Flyway when the store holds exactly the bundled migrations (same versions,
 * same checksums, all successful): loading, scanning and validating with it is a good part of a
 * start. Any doubt (a difference, an error) answers "not up to date" and Flyway runs as before.
 */
final class AppliedMigrations {
    private static final String LOCATION = "db/migration/";
    /** The names of the scripts under {@link #LOCATION}, a line each. */
    static final String INDEX = "db/migration.index";
    private static final Pattern NAME = Pattern.compile("V([0-9_.]+)__(.+)\\.sql");

    /** One bundled migration as Flyway names it: version, description, script file, checksum. */
    record Bundled(String version, String description, String script, int checksum, String sql) {
        /** Flyway's version order: numerically, part by part. */
        static final Comparator<Bundled> ORDER = (a, b) -> {
            String[] x = a.version.split("\\.");
            String[] y = b.version.split("\\.");
            for (int i = 0; i < Math.max(x.length, y.length); i++) {
                int c = new java.math.BigInteger(i < x.length ? x[i] : "0")
                        .compareTo(new java.math.BigInteger(i < y.length ? y[i] : "0"));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    private AppliedMigrations() {
    }

    static boolean upToDate(DataSource dataSource) {
        try {
            Map<String, Integer> applied = applied(dataSource);
            return applied != null && upToDate(applied, bundled());
        } catch (IOException | SQLException | URISyntaxException | RuntimeException e) {
            return false;
        }
    }

    static boolean upToDate(Map<String, Integer> applied, List<Bundled> bundled) {
        return !bundled.isEmpty() && !applied.isEmpty()
                && applied.equals(bundled.stream().collect(Collectors.toMap(Bundled::version, Bundled::checksum)));
    }

    /**
     * Version → checksum of every versioned migration in the store's Flyway history; null when there is
     * no history table; empty when a migration failed (Flyway must say so).
     */
    static Map<String, Integer> applied(DataSource dataSource) throws SQLException {
        Map<String, Integer> applied = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet tables = c.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
                if (!tables.next()) {
                    c.rollback();
                    return null;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT \"version\", \"checksum\", \"success\" FROM \"flyway_schema_history\""
                    + " WHERE \"version\" IS NOT NULL")) {
                while (rs.next()) {
                    if (!rs.getBoolean(3)) {
                        c.rollback();
                        return Map.of();
                    }
                    applied.put(rs.getString(1), rs.getInt(2));
                }
            }
            c.rollback();
        }
        return applied;
    }

    /** The bundled migrations being read by {@link #readAhead}, else null. */
    private static volatile java.util.concurrent.CompletableFuture<List<Bundled>> ahead;

    /**
     * Starts reading the bundled migrations on a thread of its own, for {@link #bundled} to take: finding
     * them reads the jar's index of them (INDEX), which meanwhile opens H2.
     */
    static void readAhead() {
        synchronized (AppliedMigrations.class) {
            if (ahead != null) {
                return;
            }
            ahead = new java.util.concurrent.CompletableFuture<>();
        }
        java.util.concurrent.CompletableFuture<List<Bundled>> reading = ahead;
        Thread.ofPlatform().name("migrations-read").daemon().start(() -> {
            try {
                reading.complete(read());
            } catch (Throwable e) {
                reading.completeExceptionally(e);
            }
        });
    }

    /** Every V*.sql under db/migration, from the jar or a directory, in Flyway's order. */
    static List<Bundled> bundled() throws IOException, URISyntaxException {
        java.util.concurrent.CompletableFuture<List<Bundled>> reading = ahead;
        if (reading != null) {
            try {
                return reading.join();
            } catch (java.util.concurrent.CompletionException e) {
                // read again below, where the failure is thrown to the caller
            }
        }
        return read();
    }

    private static List<Bundled> read() throws IOException, URISyntaxException {
        ClassLoader loader = AppliedMigrations.class.getClassLoader();
        URL url = loader.getResource(LOCATION);
        if (url == null) {
            return List.of();
        }
        List<Bundled> out = new ArrayList<>();
        if (url.getProtocol().equals("jar")) {
            String path = url.getPath();
            String jar = path.substring("file:".length(), path.indexOf("!/"));
            String decoded = java.net.URLDecoder.decode(jar, StandardCharsets.UTF_8);
            try (JarFile file = new JarFile(decoded)) { // shares the class loader's open archive
                List<String> names = indexed(file);
                if (names == null) {
                    names = java.util.Collections.list(file.entries()).stream().map(JarEntry::getName)
                            .filter(name -> name.startsWith(LOCATION) && name.indexOf('/', LOCATION.length()) < 0)
                            .toList();
                }
                for (String name : names) {
                    JarEntry e = file.getJarEntry(name);
                    if (e != null) {
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
            return List.of();
        }
        out.sort(Bundled.ORDER);
        return List.copyOf(out);
    }

    /**
     * The scripts {@link #INDEX} names (MigrationIndexTest holds it to the directory), as entry names;
     * null without it. Listing the jar instead made an entry object for each of its 21,500 files: ~5 MB
     * of garbage at every start, a collection before the first answer (docs/bench.md).
     */
    private static List<String> indexed(JarFile file) throws IOException {
        JarEntry index = file.getJarEntry(INDEX);
        if (index == null) {
            return null;
        }
        try (InputStream in = file.getInputStream(index)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).map(line -> LOCATION + line).toList();
        }
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private static void add(List<Bundled> out, String name, Opener opener) throws IOException {
        Matcher m = NAME.matcher(name);
        if (m.matches()) {
            try (InputStream in = opener.open()) {
                byte[] bytes = in.readAllBytes();
                out.add(new Bundled(m.group(1).replace('_', '.'), m.group(2).replace('_', ' '), name,
                        checksum(new java.io.ByteArrayInputStream(bytes)), new String(bytes, StandardCharsets.UTF_8)));
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
