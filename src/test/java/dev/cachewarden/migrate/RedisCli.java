package dev.cachewarden.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** redis-cli as an application's operator runs it against a cache's endpoint (TLS trusting the server's CA, or plain). */
final class RedisCli {
    private final Path ca;

    RedisCli(Path ca) {
        this.ca = ca;
    }

    /** Runs one command; {@code password} null for none, {@code user} null for AUTH with the password alone (a token). */
    String run(int port, boolean tls, String user, String password, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "--no-auth-warning"));
        if (tls) {
            command.addAll(List.of("--tls", "--cacert", ca.toString()));
        }
        if (user != null) {
            command.addAll(List.of("--user", user));
        }
        if (password != null) {
            command.addAll(List.of("-a", password));
        }
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("redis-cli hung: " + command);
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new AssertionError("cannot run redis-cli", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** With the AUTH token over TLS. */
    String token(int port, String token, String... args) {
        return run(port, true, null, token, args);
    }
}
