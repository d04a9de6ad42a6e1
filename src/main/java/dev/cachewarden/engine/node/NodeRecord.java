package dev.cachewarden.engine.node;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What a node's directory says of the node that runs from it ({@code node.properties}), written once
 * the node is up: how it was started and where it listens, so that the next cachewarden can find it,
 * ask it who it is and adopt it with its ports unchanged. Its PID is the node's own pid file.
 *
 * @param tlsPort the node's private TLS port (replicas reach their primary there)
 * @param socket the node's unix socket (the front's upstream)
 */
record NodeRecord(NodeSpec spec, int tlsPort, Path socket) {
    static final String FILE = "node.properties";
    /** Written by the node itself (pidfile in its configuration), removed by it at a clean stop. */
    static final String PID_FILE = "redis.pid";
    static final String CONFIG_FILE = "node.conf";

    static Optional<NodeRecord> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file)));
            String primary = p.getProperty("primaryId");
            NodeSpec spec = new NodeSpec(p.getProperty("cacheClusterId"), Integer.parseInt(p.getProperty("port")),
                    Boolean.parseBoolean(p.getProperty("tls")), primary == null || primary.isEmpty() ? null : primary,
                    Boolean.parseBoolean(p.getProperty("cluster", "false")), p.getProperty("host"));
            return Optional.of(new NodeRecord(spec, Integer.parseInt(p.getProperty("tlsPort")),
                    Path.of(p.getProperty("socket"))));
        } catch (IOException | RuntimeException e) {
            // Unreadable (an older version, a torn write of a killed start): the node is then judged by its pid file alone.
            return Optional.empty();
        }
    }

    void write(Path dir) {
        Properties p = new Properties();
        p.setProperty("cacheClusterId", spec.cacheClusterId());
        p.setProperty("port", Integer.toString(spec.port()));
        p.setProperty("tls", Boolean.toString(spec.tls()));
        p.setProperty("primaryId", spec.primaryId() == null ? "" : spec.primaryId());
        p.setProperty("tlsPort", Integer.toString(tlsPort));
        p.setProperty("cluster", Boolean.toString(spec.cluster()));
        p.setProperty("host", spec.host());
        p.setProperty("socket", socket.toString());
        StringWriter text = new StringWriter();
        try {
            p.store(text, "Written by cachewarden when the node started; read to adopt it after a restart");
            // Atomic, so a kill mid-write leaves the old record or the new one.
            dev.cachewarden.secrets.SecretFiles.write(dir.resolve(FILE), text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record node " + spec.cacheClusterId(), e);
        }
    }

    /** The PID the node wrote into its directory, if any. */
    static Optional<Long> pid(Path dir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve(PID_FILE)).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
