package dev.cachewarden.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The start-up cache bin/cachewarden uses (bin/aot-cache makes it once per jar and JDK), added to a
 * cachewarden command so the benchmark measures the start users get. CACHEWARDEN_AOT=off leaves it out.
 */
final class AotCache {
    private AotCache() {
    }

    /** {@code command} with the cache option before {@code -jar}, or unchanged when there is no cache. */
    static List<String> withCache(List<String> command) throws IOException {
        int jarAt = command.indexOf("-jar");
        Path script = Path.of("bin", "aot-cache");
        if (jarAt < 1 || jarAt + 1 >= command.size() || !Files.isExecutable(script)) {
            return command;
        }
        List<String> args = new ArrayList<>(List.of(script.toString(), command.get(0), command.get(jarAt + 1)));
        args.addAll(command.subList(1, jarAt)); // train with the JVM options it will run with
        Process p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String option;
        try {
            option = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return command;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return command;
        }
        if (option.isEmpty()) {
            return command;
        }
        List<String> out = new ArrayList<>(command.subList(0, jarAt));
        out.add(option);
        out.addAll(command.subList(jarAt, command.size()));
        return out;
    }
}
