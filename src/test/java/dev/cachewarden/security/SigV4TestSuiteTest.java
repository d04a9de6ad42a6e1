package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.sigv4.SigV4Verifier;
import dev.cachewarden.protocol.sigv4.SignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The verifier accepts AWS's published signatures, and refuses each one with a single bit changed. */
class SigV4TestSuiteTest {
    static final String ACCESS_KEY = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Clock AT_SIGNING = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);

    record Vector(String name, Map<String, String> meta, SignedRequest request) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void acceptsThePublishedSignature(Vector v) {
        SigV4Verifier verifier = verifier(v);
        assertThat(verifier.verify(withAuthorization(v, v.meta().get("signature")))).isEqualTo(ACCESS_KEY);
    }

    /** Cases whose request AWS's front end refuses: the published signature changes nothing. */
    @ParameterizedTest
    @MethodSource("refusedVectors")
    void refusesWhatAwsRefusesEvenWithThePublishedSignature(Vector v) {
        assertThatThrownBy(() -> verifier(v).verify(withAuthorization(v, v.meta().get("signature"))))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code().code()).isEqualTo(v.meta().get("refused")));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void refusesATamperedSignature(Vector v) {
        String sig = v.meta().get("signature");
        String tampered = (sig.charAt(0) == '0' ? '1' : '0') + sig.substring(1);
        assertThatThrownBy(() -> verifier(v).verify(withAuthorization(v, tampered)))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH));
    }

    static SigV4Verifier verifier(Vector v) {
        return new SigV4Verifier("us-east-1", v.meta().get("service"),
                id -> id.equals(ACCESS_KEY) ? Optional.of(SECRET) : Optional.empty(), AT_SIGNING);
    }

    static SignedRequest withAuthorization(Vector v, String signature) {
        SignedRequest r = v.request();
        String authorization = "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/20150830/us-east-1/"
                + v.meta().get("service") + "/aws4_request, SignedHeaders=" + v.meta().get("signed-headers")
                + ", Signature=" + signature;
        return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), name -> name.equals("authorization")
                ? List.of(authorization) : r.headers().values(name), r.body());
    }

    static Stream<Vector> vectors() throws IOException {
        return all().filter(v -> !v.meta().containsKey("refused"));
    }

    static Stream<Vector> refusedVectors() throws IOException {
        List<Vector> refused = all().filter(v -> v.meta().containsKey("refused")).toList();
        assertThat(refused).isNotEmpty();
        return refused.stream();
    }

    private static Stream<Vector> all() throws IOException {
        String text;
        try (InputStream in = SigV4TestSuiteTest.class.getResourceAsStream("/sigv4/aws-sigv4-test-suite.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Vector> out = new ArrayList<>();
        for (String block : text.split("\n=== ")) {
            if (block.startsWith("#")) {
                continue;
            }
            out.add(parse(block));
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(18);
        return out.stream();
    }

    private static Vector parse(String block) {
        String[] lines = block.split("\n", -1);
        String name = lines[0].strip();
        Map<String, String> meta = new LinkedHashMap<>();
        int i = 1;
        while (lines[i].matches("[a-z-]+: .*")) {
            meta.put(lines[i].substring(0, lines[i].indexOf(':')), lines[i].substring(lines[i].indexOf(':') + 2));
            i++;
        }
        String requestLine = lines[i++];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(' '));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        while (!lines[i].isEmpty()) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1));
            i++;
        }
        StringBuilder body = new StringBuilder();
        for (i = i + 1; i < lines.length; i++) {
            if (!body.isEmpty()) {
                body.append('\n');
            }
            body.append(lines[i]);
        }
        String bodyText = body.toString().strip();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        return new Vector(name, meta, new SignedRequest(method, path, query,
                n -> headers.getOrDefault(n, List.of()), bodyText.getBytes(StandardCharsets.UTF_8)));
    }
}
