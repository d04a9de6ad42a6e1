package dev.cachewarden.server;

import dev.cachewarden.store.Store;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /health} (the process answers) and {@code GET /ready} (and its store does too). */
final class HealthHandler extends Handler.Abstract {
    private final Store store;

    HealthHandler(Store store) {
        this.store = store;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!"GET".equals(request.getMethod()) || !(path.equals("/health") || path.equals("/ready"))) {
            return false;
        }
        boolean ok = true;
        if (path.equals("/ready")) {
            try {
                store.inTransaction(tx -> tx.users().find("default", false));
            } catch (RuntimeException e) {
                ok = false;
            }
        }
        response.setStatus(ok ? 200 : 503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, ok ? "{\"status\":\"ok\"}\n" : "{\"status\":\"unavailable\"}\n", callback);
        return true;
    }
}
