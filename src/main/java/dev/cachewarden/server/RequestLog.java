package dev.cachewarden.server;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per API request on the logger {@code dev.cachewarden.requests}: request id, action,
 * principal (its ARN, never a key), HTTP status, AWS code and latency. Nothing from the request's
 * parameters is written, so no password, token or secret key can reach it. In JSON the fields are
 * also separate members (through the MDC).
 */
final class RequestLog {
    private static final Logger log = LoggerFactory.getLogger("dev.cachewarden.requests");
    static final Set<String> NUMERIC = Set.of("status", "latencyMs");
    private static final String[] KEYS = {"action", "principal", "status", "code", "latencyMs"};

    private RequestLog() {}

    /** @param principalArn null when the caller was not authenticated */
    static void answered(String action, String principalArn, int status, String code, long nanos) {
        if (!log.isInfoEnabled()) {
            return;
        }
        long millis = nanos / 1_000_000;
        String principal = principalArn == null ? "-" : principalArn;
        MDC.put("action", action);
        MDC.put("principal", principal);
        MDC.put("status", Integer.toString(status));
        MDC.put("code", code);
        MDC.put("latencyMs", Long.toString(millis));
        try {
            log.info("{} {} by {}: {} {} in {} ms", MDC.get("requestId"), action, principal, status, code, millis);
        } finally {
            for (String key : KEYS) {
                MDC.remove(key);
            }
        }
    }
}
