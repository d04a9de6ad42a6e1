package dev.cachewarden.server;

import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.QueryResponses;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Whatever Jetty refuses before our handler runs (a malformed request line, too many header bytes,
 * an unknown path) still answers as an AWS Query error document, never an HTML page.
 */
final class AwsErrorHandler extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String requestId = QueryResponses.newRequestId();
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "text/xml;charset=UTF-8"));
        fields.put("x-amzn-RequestId", requestId);
        return document(status, reason, requestId);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String requestId = QueryResponses.newRequestId();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml;charset=UTF-8");
        response.getHeaders().put("x-amzn-RequestId", requestId);
        response.write(true, document(code, message, requestId), callback);
    }

    /** The HTTP status as the nearest AWS code; the reason text is Jetty's, never user input echoed raw. */
    static ByteBuffer document(int status, String reason, String requestId) {
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.INVALID_ACTION;
            case 413, 431 -> ErrorCode.REQUEST_ENTITY_TOO_LARGE;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            // 505 answers an HTTP version Jetty does not speak (HTTP/0.9): the sender's fault.
            case 505 -> ErrorCode.MALFORMED_QUERY_STRING;
            default -> status >= 500 ? ErrorCode.INTERNAL_FAILURE : ErrorCode.MALFORMED_QUERY_STRING;
        };
        String message = switch (status) {
            case 404 -> "Unknown path; AWS Query requests are sent to POST /.";
            case 413, 431 -> "The request is too large (" + status + " " + (reason == null ? "" : reason) + ").";
            default -> "The HTTP request is malformed (" + status + " " + (reason == null ? "" : reason) + ").";
        };
        return QueryResponses.error(code, message, requestId);
    }
}
