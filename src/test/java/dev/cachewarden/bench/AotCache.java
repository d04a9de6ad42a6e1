package dev.cachewarden.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code java … -jar cachewarden.jar …} command as bin/cachewarden runs it, so the benchmark measures
 * the start users get: the jar on the class path with its main class named (with {@code -jar} the
 * launcher reads the jar's 21,000-entry central directory once more, for the manifest), and the start-up
 * cache bin/aot-cache makes once per jar and JDK. CACHEWARDEN_AOT=off leaves the cache out.
 */
final class AotCache {
    private AotCache() {
    }

    static final String MAIN_CLASS = "dev.cachewarden.server.Main";

    /** {@code command} launched as bin/cachewarden launches it; unchanged when it has no {@code -jar JAR}. */
    static List<String> withCache(List<String> command) throws IOException {
        int jarAt = command.indexOf("-jar");
        if (jarAt < 1 || jarAt + 1 >= command.size()) {
            return command;
        }
        List<String> out = new ArrayList<>(command.subList(0, jarAt));
        String option = cacheOption(command, jarAt);
        if (!option.isEmpty()) {
            out.add(option);
        }
        out.addAll(List.of("-cp", command.get(jarAt + 1), MAIN_CLASS));
        out.addAll(command.subList(jarAt + 2, command.size()));
        return out;
    }

    /** The cache's JVM option from bin/aot-cache (making the cache first if needed), or "". */
    private static String cacheOption(List<String> command, int jarAt) throws IOException {
        Path script = Path.of("bin", "aot-cache");
        if (!Files.isExecutable(script)) {
            return "";
        }
        List<String> args = new ArrayList<>(List.of(script.toString(), command.get(0), command.get(jarAt + 1)));
        args.addAll(command.subList(1, jarAt)); // train with the JVM options it will run with
        Process p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String option = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return option;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
