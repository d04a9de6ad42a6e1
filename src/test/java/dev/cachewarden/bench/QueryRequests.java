package dev.cachewarden.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds AWS Query requests as an SDK sends them: form POST, keep-alive, signed with SigV4 (time
 * and body are the request's own). The load generator calls it before its window ({@link
 * PresignedPool}); one instance per worker thread.
 */
final class QueryRequests {
    static final String VERSION = "2015-02-02";
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

    private final String hostHeader;
    private final String path;
    private final SigV4Signer signer;

    QueryRequests(Target target, String path) {
        this.hostHeader = target.host() + ":" + target.port();
        this.path = path;
        this.signer = new SigV4Signer(target.accessKeyId(), target.secretAccessKey(), Target.REGION, "elasticache");
    }

    QueryRequests(Target target) {
        this(target, "/");
    }

    /** @param parameters name, value, name, value… (values are encoded here) */
    byte[] action(String action, String... parameters) {
        StringBuilder form = new StringBuilder("Action=").append(action).append("&Version=").append(VERSION);
        for (int i = 0; i < parameters.length; i += 2) {
            form.append('&').append(SigV4Signer.encode(parameters[i])).append('=')
                    .append(SigV4Signer.encode(parameters[i + 1]));
        }
        return post(form.toString().getBytes(StandardCharsets.UTF_8));
    }

    byte[] post(byte[] body) {
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("Host", hostHeader);
        signed.put("Content-Type", CONTENT_TYPE);
        SigV4Signer.Signature s = signer.sign("POST", path, "", signed, body, Instant.now());
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "Content-Type: " + CONTENT_TYPE + "\r\n"
                + "X-Amz-Date: " + s.amzDate() + "\r\n"
                + "Authorization: " + s.authorization() + "\r\n"
                + "User-Agent: cachewarden-bench\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }
}
