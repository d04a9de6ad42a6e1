package dev.cachewarden.server;

import dev.cachewarden.faults.ActionFault;
import dev.cachewarden.faults.FaultInjector;
import dev.cachewarden.faults.FaultPlan;
import dev.cachewarden.faults.NodeFault;
import dev.cachewarden.protocol.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator endpoints, outside the API path: {@code /_cachewarden/faults} (GET the plan in force,
 * POST a new one, DELETE it) and {@code POST /_cachewarden/reset}. Each is served only when enabled
 * at start, and only to loopback callers: they change what every client of the server sees, are
 * meant for a test suite on the same machine, and asking those suites to SigV4-sign a private
 * endpoint would buy nothing a firewall on the host does not. Anything else under the prefix is 404.
 */
final class OperatorHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(OperatorHandler.class);
    static final String PREFIX = "/_cachewarden/";
    private static final int MAX_PLAN_BYTES = 64 * 1024;

    private final ServerConfig.Operator config;
    private final FaultInjector faults;
    private final Set<String> actions;
    private final Runnable reset;

    OperatorHandler(ServerConfig.Operator config, FaultInjector faults, Set<String> actions, Runnable reset) {
        this.config = config;
        this.faults = faults;
        this.actions = actions;
        this.reset = reset;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        String method = request.getMethod();
        boolean known = path.equals(PREFIX + "faults") && config.faults() || path.equals(PREFIX + "reset") && config.reset();
        if (!known) {
            return refuse(response, callback, 404, "{\"error\":\"not found; operator endpoints are off unless enabled "
                    + "(--enable-faults, --faults, --enable-reset)\"}");
        }
        // The Host must name loopback too (as for the console): a web page whose name resolves to 127.0.0.1
        // (DNS rebinding) could otherwise POST a reset or a fault plan from the developer's browser.
        if (!ConsoleHandler.loopback(request.getConnectionMetaData().getRemoteSocketAddress())
                || !ConsoleHandler.loopbackHost(request.getHeaders().get(HttpHeader.HOST))) {
            return refuse(response, callback, 403, "{\"error\":\"operator endpoints answer loopback callers only\"}");
        }
        if (path.equals(PREFIX + "reset")) {
            if (!"POST".equals(method)) {
                return answer(response, callback, 405, "{\"error\":\"POST only\"}");
            }
            reset.run();
            log.info("state reset through {}reset", PREFIX);
            return answer(response, callback, 200, "{\"reset\":true}");
        }
        return switch (method) {
            case "GET" -> answer(response, callback, 200, FaultPlans.json(faults.current()));
            case "DELETE" -> {
                faults.replace(FaultPlan.NONE);
                log.info("fault injection cleared");
                yield answer(response, callback, 200, FaultPlans.json(FaultPlan.NONE));
            }
            case "POST", "PUT" -> {
                FaultPlan plan;
                try {
                    plan = checked(FaultPlan.parse(body(request)), actions);
                } catch (IllegalArgumentException e) {
                    StringBuilder error = new StringBuilder("{\"error\":");
                    JsonLogLayout.string(error, e.getMessage());
                    yield answer(response, callback, 400, error.append("}").toString());
                }
                faults.replace(plan);
                log.info("fault injection set: {} action fault(s), {} node fault(s)", plan.actions().size(),
                        plan.nodes().size());
                yield answer(response, callback, 200, FaultPlans.json(faults.current()));
            }
            default -> answer(response, callback, 405, "{\"error\":\"GET, POST or DELETE\"}");
        };
    }

    /** Refuses an action or error code this server does not know, naming it. */
    static FaultPlan checked(FaultPlan plan, Set<String> actions) {
        for (ActionFault f : plan.actions()) {
            if (!f.action().equals("*") && !actions.contains(f.action())) {
                throw new IllegalArgumentException("unknown action " + f.action());
            }
            if (f.error() != null) {
                errorCode(f.error());
            }
        }
        return plan;
    }

    /** The AWS error a fault names, by its wire code (e.g. Throttling, InvalidUserGroupState). */
    static ErrorCode errorCode(String code) {
        return Arrays.stream(ErrorCode.values()).filter(c -> c.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown AWS error code " + code));
    }

    /** Start-up: the plan in a file, checked like one posted. */
    static FaultPlan load(java.nio.file.Path file, Set<String> actions) throws IOException {
        try {
            return checked(FaultPlan.parse(java.nio.file.Files.readAllBytes(file)), actions);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fault plan " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] body(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_PLAN_BYTES + 1);
            if (bytes.length > MAX_PLAN_BYTES) {
                throw new IllegalArgumentException("a fault plan is at most " + MAX_PLAN_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new IllegalArgumentException("the body could not be read");
        }
    }

    /**
     * Answers without reading the request's body, and closes the connection: the body may still be on
     * its way, and a client that reused the connection (the JDK's HttpClient pools it) then saw it
     * closed under its next request ("header parser received no bytes") whenever Jetty could not drain it.
     */
    private static boolean refuse(Response response, Callback callback, int status, String json) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return answer(response, callback, status, json);
    }

    private static boolean answer(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, json.endsWith("\n") ? json : json + "\n", callback);
        return true;
    }

    /** The plan as JSON, in the form it is posted in. */
    static final class FaultPlans {
        private FaultPlans() {}

        static String json(FaultPlan plan) {
            StringBuilder out = new StringBuilder("{\"actions\":[");
            for (int i = 0; i < plan.actions().size(); i++) {
                ActionFault f = plan.actions().get(i);
                out.append(i == 0 ? "" : ",").append("{\"action\":");
                JsonLogLayout.string(out, f.action());
                if (f.error() != null) {
                    out.append(",\"error\":");
                    JsonLogLayout.string(out, f.error());
                }
                if (f.message() != null) {
                    out.append(",\"message\":");
                    JsonLogLayout.string(out, f.message());
                }
                out.append(",\"probability\":").append(f.probability());
                if (f.times() != null) {
                    out.append(",\"times\":").append(f.times());
                }
                out.append(",\"latencyMs\":").append(f.latencyMillis()).append('}');
            }
            out.append("],\"nodes\":[");
            for (int i = 0; i < plan.nodes().size(); i++) {
                NodeFault n = plan.nodes().get(i);
                out.append(i == 0 ? "" : ",").append("{\"cacheId\":");
                JsonLogLayout.string(out, n.cacheId());
                out.append(",\"aclApply\":\"").append(n.aclApply().name().toLowerCase(Locale.ROOT)).append("\"}");
            }
            return out.append("]}\n").toString();
        }
    }
}
