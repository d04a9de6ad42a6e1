package dev.cachewarden.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per line ({@code --log-format json}), for log shippers: time, level, logger, thread,
 * message, the MDC's entries (requestId, and on request lines action, principal, status, code,
 * latencyMs) and a stack trace when there is one. Written by hand: a dozen fields need no library.
 */
final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(256).append('{');
        field(out, "time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        out.append(',');
        field(out, "level", event.getLevel().toString());
        out.append(',');
        field(out, "logger", event.getLoggerName());
        out.append(',');
        field(out, "thread", event.getThreadName());
        out.append(',');
        field(out, "message", event.getFormattedMessage());
        for (Map.Entry<String, String> e : event.getMDCPropertyMap().entrySet()) {
            out.append(',');
            if (RequestLog.NUMERIC.contains(e.getKey()) && e.getValue() != null && e.getValue().matches("\\d+")) {
                string(out, e.getKey());
                out.append(':').append(e.getValue());
            } else {
                field(out, e.getKey(), e.getValue());
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            out.append(',');
            field(out, "exception", ThrowableProxyUtil.asString(thrown));
        }
        return out.append("}\n").toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        string(out, name);
        out.append(':');
        if (value == null) {
            out.append("null");
        } else {
            string(out, value);
        }
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
