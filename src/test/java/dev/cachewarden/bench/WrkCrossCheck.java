package dev.cachewarden.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk (C, epoll, keep-alive) replaying one presigned request on the no-op endpoint: the yardstick
 * for the generator's own ceiling. Runs only when {@code wrk} is on the PATH.
 */
final class WrkCrossCheck {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    private WrkCrossCheck() {}

    /** wrk's req/s over {@code seconds} at {@code connections} on two threads, or NaN without wrk. */
    static double requestsPerSecond(Path workDir, Target target, String path, byte[] request, int connections,
                                    long seconds) throws IOException, InterruptedException {
        String wrk = BenchContext.onPath("wrk");
        if (wrk == null) {
            return Double.NaN;
        }
        Path script = workDir.resolve("wrk-" + path.replace('/', '_') + ".lua");
        Files.writeString(script, luaScript(request));
        Path log = workDir.resolve("wrk.log");
        Process p = new ProcessBuilder(wrk, "-t2", "-c" + connections, "-d" + seconds + "s", "-s", script.toString(),
                "http://" + target.host() + ":" + target.port() + path)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds + 30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("wrk did not finish; see " + log);
        }
        return parseRate(Files.readString(log));
    }

    static double parseRate(String wrkOutput) {
        Matcher m = RATE.matcher(wrkOutput);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** A wrk script sending {@code request}'s headers and body (wrk sets Host and Content-Length itself). */
    static String luaScript(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        List<String> lines = List.of(text.substring(0, split).split("\r\n"));
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n");
        lua.append("wrk.body = ").append(quote(text.substring(split + 4))).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon);
            if (name.equalsIgnoreCase("Content-Length")) {
                continue;
            }
            lua.append("wrk.headers[").append(quote(name)).append("] = ")
                    .append(quote(line.substring(colon + 1).strip())).append('\n');
        }
        return lua.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
