package dev.cachewarden.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless chromium, driven through the DevTools protocol over Java's own WebSocket: enough
 * to load a page, read what it shows and photograph it, without a browser-driver dependency.
 * Missing chromium is a failure, not a skip (.ci/run installs it).
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();

    private Chromium(Process process, WebSocket.Builder builder, URI page) throws Exception {
        this.process = process;
        this.socket = builder.buildAsync(page, new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Starts chromium with a fresh profile in {@code profile}, its DevTools on a free loopback port. */
    static Chromium launch(Path profile, int width, int height) throws Exception {
        String binary = binary();
        Files.createDirectories(profile);
        Process process = new ProcessBuilder(binary, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                "--disable-extensions", "--mute-audio", "--window-size=" + width + "," + height,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile.toAbsolutePath(), "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("chromium did not open its DevTools port; see "
                            + profile.resolve("chromium.log"));
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    return new Chromium(process, http.newWebSocketBuilder(),
                            URI.create(t.path("webSocketDebuggerUrl").asText()));
                }
            }
            throw new IllegalStateException("chromium has no page target: " + targets);
        } catch (Exception e) {
            stop(process);
            throw e;
        }
    }

    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException("chromium is not installed (apt-get install -y chromium; .ci/run does)");
    }

    /** One DevTools command; its result, or an exception carrying the protocol's error. */
    JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + ": " + answer.get("error"));
        }
        return answer.path("result");
    }

    void open(String url, int width, int height) throws Exception {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
        JsonNode navigated = send("Page.navigate", Map.of("url", url));
        if (navigated.hasNonNull("errorText")) {
            throw new IllegalStateException("cannot load " + url + ": " + navigated.get("errorText"));
        }
    }

    /** The value of a JavaScript expression in the page, as JSON (null when undefined). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the whole page, beyond the viewport. */
    byte[] screenshot() throws Exception {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        return Base64.getDecoder().decode(shot.path("data").asText());
    }

    @Override
    public void close() {
        socket.abort();
        stop(process);
    }

    /** By PID: the browser and the helper processes it started. */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Joins fragmented messages; answers go to their command, events are not needed. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> reply = replies.remove(message.get("id").asInt());
                        if (reply != null) {
                            reply.complete(message);
                        }
                    }
                } catch (Exception e) {
                    replies.values().forEach(r -> r.completeExceptionally(e));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            replies.values().forEach(r -> r.completeExceptionally(error));
        }
    }
}
