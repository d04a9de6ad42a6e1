package dev.cachewarden.engine.node;

import dev.cachewarden.domain.Engine;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server program nodes run: {@code --engine-binary} when given, else {@code redis-server} (or
 * {@code valkey-server}) found on PATH. Valkey accepts the same configuration, so either serves
 * both engines; the reported engine version is the binary's own.
 */
public final class EngineBinary {
    private static final Pattern VERSION = Pattern.compile("v=(\\d+\\.\\d+(\\.\\d+)?)");

    private final Path path;
    private final String version;

    private EngineBinary(Path path, String version) {
        this.path = path;
        this.version = version;
    }

    public Path path() {
        return path;
    }

    /** The version the binary reports, e.g. {@code 7.0.15}. */
    public String version() {
        return version;
    }

    /** Finds the binary; empty (with {@link #missingMessage}) when there is none. */
    public static Optional<EngineBinary> find(Path configured, Engine engine) {
        if (configured != null) {
            return Files.isExecutable(configured) ? Optional.of(probe(configured)) : Optional.empty();
        }
        List<String> names = engine == Engine.VALKEY ? List.of("valkey-server", "redis-server")
                : List.of("redis-server", "valkey-server");
        String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        for (String name : names) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(probe(candidate));
                }
            }
        }
        return Optional.empty();
    }

    public static String missingMessage(Path configured) {
        if (configured != null) {
            return "The engine binary " + configured + " (--engine-binary) does not exist or is not executable.";
        }
        return "No redis-server or valkey-server found on PATH to run the cache nodes: install one (Debian/Ubuntu: "
                + "apt-get install redis-server) or pass --engine-binary /path/to/redis-server.";
    }

    private static EngineBinary probe(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Matcher m = VERSION.matcher(out);
            return new EngineBinary(binary, m.find() ? m.group(1) : "7.0");
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + " --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
