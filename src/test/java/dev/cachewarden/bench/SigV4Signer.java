package dev.cachewarden.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for the load generator, written from AWS's specification
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html): each request gets
 * its own signature over its own headers and body, as an SDK sends it. The signing key is derived
 * once a day, as SDKs cache it. One instance per thread: it reuses its digest and MAC.
 */
final class SigV4Signer {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final String service;
    private final MessageDigest sha256;
    private final Mac hmac;
    private String keyDate;
    private SecretKeySpec signingKey;

    SigV4Signer(String accessKeyId, String secretAccessKey, String region, String service) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
        this.service = service;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.hmac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The two headers a signed request adds. */
    record Signature(String amzDate, String authorization) {}

    /**
     * Signs a request whose headers (Host included, X-Amz-Date excluded) are all signed.
     *
     * @param rawQuery the query string as sent (percent-encoded), or "" for none
     */
    Signature sign(String method, String path, String rawQuery, Map<String, String> headers, byte[] body,
                   Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        TreeMap<String, String> canonical = new TreeMap<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            canonical.merge(h.getKey().toLowerCase(Locale.ROOT), trimAll(h.getValue()), (a, b) -> a + "," + b);
        }
        canonical.put("x-amz-date", amzDate);
        StringBuilder request = new StringBuilder(256 + body.length / 8)
                .append(method).append('\n')
                .append(canonicalPath(path)).append('\n')
                .append(canonicalQuery(rawQuery)).append('\n');
        for (Map.Entry<String, String> h : canonical.entrySet()) {
            request.append(h.getKey()).append(':').append(h.getValue()).append('\n');
        }
        String signedHeaders = String.join(";", canonical.keySet());
        request.append('\n').append(signedHeaders).append('\n').append(hex(sha256.digest(body)));

        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256.digest(request.toString().getBytes(StandardCharsets.UTF_8)));
        String signature = hex(mac(signingKey(date), stringToSign));
        return new Signature(amzDate, ALGORITHM + " Credential=" + accessKeyId + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    }

    /**
     * Presigns {@code GET http://host/path?rawQuery} into its query string, signing only {@code host}
     * and an empty payload, as the AWS SDK's {@code Aws4Signer.presign} does for an ElastiCache IAM
     * token. Answers {@code host/path?query&X-Amz-Signature=…}, the scheme stripped.
     *
     * @param rawQuery the request's own parameters, already percent-encoded
     */
    String presign(String host, String path, String rawQuery, java.time.Duration expires, Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String query = rawQuery + "&X-Amz-Algorithm=" + ALGORITHM + "&X-Amz-Date=" + amzDate
                + "&X-Amz-SignedHeaders=host&X-Amz-Expires=" + expires.toSeconds()
                + "&X-Amz-Credential=" + encode(accessKeyId + "/" + scope);
        String request = "GET\n" + canonicalPath(path) + "\n" + canonicalQuery(query) + "\nhost:" + trimAll(host)
                + "\n\nhost\n" + hex(sha256.digest(new byte[0]));
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256.digest(request.getBytes(StandardCharsets.UTF_8)));
        return host + path + "?" + query + "&X-Amz-Signature=" + hex(mac(signingKey(date), stringToSign));
    }

    private SecretKeySpec signingKey(String date) {
        if (!date.equals(keyDate)) {
            byte[] k = mac(new SecretKeySpec(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"), date);
            k = mac(new SecretKeySpec(k, "HmacSHA256"), region);
            k = mac(new SecretKeySpec(k, "HmacSHA256"), service);
            k = mac(new SecretKeySpec(k, "HmacSHA256"), "aws4_request");
            signingKey = new SecretKeySpec(k, "HmacSHA256");
            keyDate = date;
        }
        return signingKey;
    }

    private byte[] mac(SecretKeySpec key, String data) {
        try {
            hmac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return hmac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** Header values: leading and trailing spaces removed, inner runs of spaces made one. */
    private static String trimAll(String value) {
        return value.strip().replaceAll(" {2,}", " ");
    }

    /** Every service but S3 normalizes the path and encodes each segment twice. */
    static String canonicalPath(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.size() > 1) {
                    segments.removeLast();
                }
                continue;
            }
            segments.add(segment);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(encode(encode(decode(segments.get(i)))));
        }
        String p = out.toString().replaceAll("/{2,}", "/");
        return p.startsWith("/") ? p : "/" + p;
    }

    /** Parameters sorted by encoded name, then value, each name and value encoded once, per RFC 3986. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {encode(decode(name)), encode(decode(value))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /** RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - _ . ~ as %XY (upper-case hex). */
    static String encode(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Percent-decoding without form semantics ('+' stays '+'). */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s, i + 1, i + 3, 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
