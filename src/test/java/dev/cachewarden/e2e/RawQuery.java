package dev.cachewarden.e2e;

import dev.cachewarden.junit.Cachewarden;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Hand-written AWS Query requests over java.net.http, signed with SigV4 like any client's, for the
 * wire cases an SDK never sends (unknown actions, bad escapes, missing parameters).
 */
final class RawQuery {
    /** Headers java.net.http sets itself and refuses to take from the caller. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI endpoint;

    RawQuery(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The answer: status, the x-amzn-RequestId header, the body and the body parsed as XML. */
    record Answer(int status, String requestIdHeader, String contentType, String body, Document xml) {
        /** The text of the first element with this name, or null. */
        String text(String element) {
            NodeList nodes = xml.getElementsByTagName(element);
            return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
        }

        int count(String element) {
            return xml.getElementsByTagName(element).getLength();
        }
    }

    Answer post(String form) {
        return send("POST", "", form.getBytes(StandardCharsets.ISO_8859_1), "application/x-www-form-urlencoded; charset=utf-8");
    }

    Answer get(String query) {
        return send("GET", query, new byte[0], null);
    }

    Answer send(String method, String query, byte[] body, String contentType) {
        try {
            URI uri = URI.create(endpoint + "/" + (query.isEmpty() ? "" : "?" + query));
            SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                    .uri(uri);
            if (contentType != null) {
                unsigned.putHeader("Content-Type", contentType);
            }
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create(Cachewarden.DEFAULT_ACCESS_KEY_ID, Cachewarden.DEFAULT_SECRET_ACCESS_KEY))
                    .request(unsigned.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "elasticache")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            signed.request().forEachHeader((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Document xml = null;
            if (!response.body().isEmpty()) {
                var factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                xml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                        response.body().getBytes(StandardCharsets.UTF_8)));
            }
            return new Answer(response.statusCode(), response.headers().firstValue("x-amzn-RequestId").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null), response.body(), xml);
        } catch (Exception e) {
            throw new AssertionError("raw request failed: " + method + " " + query, e);
        }
    }

    static String form(String... pairs) {
        return String.join("&", List.of(pairs));
    }
}
