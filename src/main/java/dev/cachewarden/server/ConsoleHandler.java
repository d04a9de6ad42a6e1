package dev.cachewarden.server;

import dev.cachewarden.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /console}: a read-only page of users, user groups, caches, their nodes' ACL state and
 * recent events, refreshed by its script from {@code GET /console/state} (JSON). Loopback callers
 * only, like the operator endpoints: a browser cannot SigV4-sign, and the page names every resource
 * of the account. The Host header must name loopback too, so a page elsewhere cannot reach it
 * through DNS rebinding. The script builds the page with text nodes only, and the content security
 * policy forbids inline script, so a stored value is shown as text and never run.
 */
final class ConsoleHandler extends Handler.Abstract {
    static final String PATH = "/console";
    /** The page's files, served from the class path; nothing else under the path is. */
    private static final Map<String, String> ASSETS = Map.of(
            PATH, "index.html", PATH + "/", "index.html",
            PATH + "/console.js", "console.js", PATH + "/console.css", "console.css");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final ConsoleState state;

    ConsoleHandler(ConsoleState state) {
        this.state = state;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            return false;
        }
        if (!loopback(request.getConnectionMetaData().getRemoteSocketAddress()) || !loopbackHost(request.getHeaders().get(HttpHeader.HOST))) {
            return answer(response, callback, 403, "text/plain", "the console answers loopback callers only\n");
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return answer(response, callback, 405, "text/plain", "GET only\n");
        }
        if (path.equals(PATH + "/state")) {
            try {
                return answer(response, callback, 200, "application/json", state.json());
            } catch (StoreUnavailableException e) {
                // the page says so and keeps polling; the database coming back ends it
                return answer(response, callback, 503, "application/json", "{\"error\":\"the store is unavailable\"}\n");
            }
        }
        String asset = ASSETS.get(path);
        if (asset == null) {
            return answer(response, callback, 404, "text/plain", "not found\n");
        }
        return answer(response, callback, 200, contentType(asset), resource(asset));
    }

    private static String contentType(String asset) {
        if (asset.endsWith(".js")) {
            return "text/javascript";
        }
        return asset.endsWith(".css") ? "text/css" : "text/html";
    }

    private static String resource(String name) {
        try (InputStream in = ConsoleHandler.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console/" + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read console/" + name, e);
        }
    }

    static boolean loopback(SocketAddress remote) {
        return remote instanceof InetSocketAddress a && a.getAddress() != null && a.getAddress().isLoopbackAddress();
    }

    /** localhost, 127.x.y.z or [::1], with any port: what a browser on this host sends. */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return true; // HTTP/1.0 without Host: no browser, so no rebinding
        }
        host = host.toLowerCase(Locale.ROOT);
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1); // "localhost." is the same name
        }
        return name.equals("localhost") || name.equals("[::1]") || name.matches("127(\\.\\d{1,3}){3}");
    }

    private static boolean answer(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + "; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy", POLICY);
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        Content.Sink.write(response, true, body, callback);
        return true;
    }
}
