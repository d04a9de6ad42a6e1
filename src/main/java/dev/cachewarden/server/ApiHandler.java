package dev.cachewarden.server;

import dev.cachewarden.api.ActionRegistry;
import dev.cachewarden.api.ApiAction;
import dev.cachewarden.auth.ApiAuth;
import dev.cachewarden.auth.Principal;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.faults.FaultInjector;
import dev.cachewarden.metrics.Metrics;
import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.FormDecoder;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.QueryResponses;
import dev.cachewarden.protocol.WireFaults;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.protocol.sigv4.SignedRequest;
import dev.cachewarden.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP edge: {@code POST /} (or {@code GET /?…}) carrying an AWS Query request, answered with
 * XML. Every failure becomes an AWS error document; nothing escapes as a bare 500.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    /**
     * AWS Query requests are small (the largest real one, a CreateUser with 50 tags, is a few KB); the
     * body is read before the signature can be checked, so this times the connection limit bounds
     * what unauthenticated callers can make the server hold.
     */
    static final int MAX_BODY_BYTES = 256 * 1024;
    static final int MAX_PARAMETERS = 2_000;
    /** How much of an oversized body is read and thrown away so that its sender sees the 413. */
    static final long DRAIN_LIMIT = 8L << 20;

    /** AWS's wording for its common error ServiceUnavailable (HTTP 503). */
    static final String SERVICE_UNAVAILABLE_MESSAGE =
            "The request has failed due to a temporary failure of the server.";

    private final ActionRegistry actions;
    private final ApiAuth auth;
    private final FaultInjector faults;

    ApiHandler(ActionRegistry actions, ApiAuth auth) {
        this(actions, auth, new FaultInjector());
    }

    ApiHandler(ActionRegistry actions, ApiAuth auth, FaultInjector faults) {
        this.actions = actions;
        this.auth = auth;
        this.faults = faults;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (!"/".equals(path) && !path.isEmpty()) {
            return false;
        }
        long started = System.nanoTime();
        String requestId = QueryResponses.newRequestId();
        MDC.put("requestId", requestId);
        String actionName = "unknown";
        String principalArn = null;
        String code = "OK";
        try {
            int status;
            ByteBuffer body;
            try {
                if (!HttpMethod.POST.is(method) && !HttpMethod.GET.is(method)) {
                    throw new AwsException(ErrorCode.INVALID_ACTION, "The HTTP method " + method
                            + " is not supported; send AWS Query requests as POST /.");
                }
                // The body is read once: its bytes are hashed for the signature, then decoded as the form.
                byte[] bytes = HttpMethod.POST.is(method) ? body(request) : new byte[0];
                Principal principal = auth.authenticate(new SignedRequest(method, request.getHttpURI().getPath(),
                        request.getHttpURI().getQuery(), name -> request.getHeaders().getValuesList(name), bytes));
                QueryRequest query = new QueryRequest(parameters(request, bytes));
                principalArn = principal.arn();
                ApiAction action = actions.resolve(query);
                actionName = action.name();
                auth.authorize(principal, action.name(), action.authorizationResource(), query);
                log.debug("{} by {}", action.name(), principal.arn());
                faults.onCall(action.name()).ifPresent(ApiHandler::inject);
                Consumer<XmlWriter> result = execute(action, query);
                body = QueryResponses.success(action.name(), requestId, result);
                status = 200;
            } catch (AwsException e) {
                body = QueryResponses.error(e.code(), e.getMessage(), requestId);
                status = e.code().httpStatus();
                code = e.code().code();
                log.debug("{} {}: {}", status, e.code().code(), e.getMessage());
            } catch (RuntimeException e) {
                if (storeUnavailable(e)) {
                    // Logged once per outage by the workers; per request it would flood the log.
                    log.debug("503 ServiceUnavailable: {}", e.getMessage());
                    body = QueryResponses.error(ErrorCode.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE, requestId);
                    status = ErrorCode.SERVICE_UNAVAILABLE.httpStatus();
                    code = ErrorCode.SERVICE_UNAVAILABLE.code();
                } else {
                    log.error("internal failure", e);
                    body = QueryResponses.error(ErrorCode.INTERNAL_FAILURE,
                            "The request processing has failed because of an unknown error, exception or failure.",
                            requestId);
                    status = 500;
                    code = ErrorCode.INTERNAL_FAILURE.code();
                }
            }
            long nanos = System.nanoTime() - started;
            Metrics.request(actionName, code, nanos);
            RequestLog.answered(actionName, principalArn, status, code, nanos);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml;charset=UTF-8");
            response.getHeaders().put("x-amzn-RequestId", requestId);
            response.write(true, body, callback);
            return true;
        } finally {
            MDC.remove("requestId");
        }
    }

    /** A fault injected on purpose (README, "Fault injection"): its latency, then its error if it has one. */
    private static void inject(FaultInjector.Injected fault) {
        if (fault.latencyMillis() > 0) {
            try {
                Thread.sleep(fault.latencyMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fault.error() != null) {
            ErrorCode code = OperatorHandler.errorCode(fault.error());
            throw new AwsException(code, fault.message() != null ? fault.message()
                    : code.code() + " injected by cachewarden's fault injection.");
        }
    }

    /** Runs the action; a rule's fault leaves as the wire error the protocol maps it to. */
    private static Consumer<XmlWriter> execute(ApiAction action, QueryRequest query) {
        try {
            return action.execute(query);
        } catch (ElastiCacheFault e) {
            throw WireFaults.toWire(e);
        }
    }

    /** Whether the store could not be reached, whatever wrapped that on its way up. */
    private static boolean storeUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** The query string's parameters and the form body's, together; a name given in both is refused. */
    private static Map<String, String> parameters(Request request, byte[] bytes) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = request.getHttpURI().getQuery();
        if (query != null) {
            params.putAll(FormDecoder.decode(query, MAX_PARAMETERS));
        }
        if (HttpMethod.POST.is(request.getMethod())) {
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            String form = new String(bytes, StandardCharsets.ISO_8859_1);
            if (!form.isEmpty() && contentType != null
                    && !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                throw new AwsException(ErrorCode.INVALID_QUERY_PARAMETER, "Unsupported Content-Type " + contentType
                        + "; AWS Query requests are application/x-www-form-urlencoded.");
            }
            for (Map.Entry<String, String> e : FormDecoder.decode(form, MAX_PARAMETERS).entrySet()) {
                if (params.putIfAbsent(e.getKey(), e.getValue()) != null) {
                    throw new AwsException(ErrorCode.MALFORMED_QUERY_STRING, "The query string is malformed: "
                            + "the parameter " + e.getKey() + " is given more than once.");
                }
            }
        }
        return params;
    }

    /** The body's bytes, at most {@link #MAX_BODY_BYTES}; the form decoder does the UTF-8 later. */
    private static byte[] body(Request request) {
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > MAX_BODY_BYTES) {
                drain(in, declared);
                throw tooLarge();
            }
            // With a Content-Length (Jetty ends the body there) exactly that many bytes: readNBytes of
            // the limit allocated a 16 KB buffer for every request, a quarter of a CreateUser's garbage.
            byte[] bytes = in.readNBytes(declared >= 0 ? (int) declared : MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                drain(in, DRAIN_LIMIT);
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new AwsException(ErrorCode.MALFORMED_QUERY_STRING, "The request body could not be read.");
        }
    }

    /**
     * Reads and discards the rest of an oversized body, up to {@link #DRAIN_LIMIT}: a client still
     * sending it would otherwise be reset by the closing connection before it reads the 413.
     */
    private static void drain(InputStream in, long expected) throws IOException {
        if (expected > DRAIN_LIMIT) {
            return;
        }
        byte[] scratch = new byte[16 * 1024];
        long total = 0;
        for (int n; total < DRAIN_LIMIT && (n = in.read(scratch)) >= 0; ) {
            total += n;
        }
    }

    private static AwsException tooLarge() {
        return new AwsException(ErrorCode.REQUEST_ENTITY_TOO_LARGE,
                "Request body must be at most " + MAX_BODY_BYTES + " bytes.");
    }
}
