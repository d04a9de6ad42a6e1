package dev.cachewarden.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

/** The canonical query string: decoded strictly, re-encoded with RFC 3986's unreserved set and upper-case hex. */
class CanonicalQueryTest {

    @Test
    void reEncodesDecodedValuesTheSigV4Way() {
        assertThat(CanonicalRequest.query("Param-3=Value3&Param=Value2&%E1%88%B4=Value1", false))
                .isEqualTo("%E1%88%B4=Value1&Param=Value2&Param-3=Value3");
        assertThat(CanonicalRequest.query("a=%e1%88%b4", false)).isEqualTo("a=%E1%88%B4");
        assertThat(CanonicalRequest.query("a=%7E%2D%2e%5F", false)).isEqualTo("a=~-._");
        assertThat(CanonicalRequest.query("a=b+c%20d", false)).isEqualTo("a=b%20c%20d");
        assertThat(CanonicalRequest.query("a=%2B/:@!*'()", false)).isEqualTo("a=%2B%2F%3A%40%21%2A%27%28%29");
        assertThat(CanonicalRequest.query("flag&b=", false)).isEqualTo("b=&flag=");
    }

    @Test
    void sortsByNameThenValue() {
        assertThat(CanonicalRequest.query("Param1=value2&Param1=value1&A=z", false))
                .isEqualTo("A=z&Param1=value1&Param1=value2");
    }

    @Test
    void leavesOutThePresignedSignatureHoweverItIsSpelled() {
        assertThat(CanonicalRequest.query("X-Amz-Signature=abc&a=1", true)).isEqualTo("a=1");
        assertThat(CanonicalRequest.query("X-Amz-Signatur%65=abc&a=1", true)).isEqualTo("a=1");
        assertThat(CanonicalRequest.query("X-Amz-Signature=abc&a=1", false)).isEqualTo("X-Amz-Signature=abc&a=1");
    }

    @Test
    void aMalformedQueryIsRefusedNotRewritten() {
        for (String q : new String[] {"a=%", "a=%G1", "a=%4", "a=%C3%28", "a=\u1234", "a=\uFFFD"}) {
            assertThatThrownBy(() -> CanonicalRequest.query(q, false)).as(q)
                    .isInstanceOfSatisfying(AwsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_QUERY_STRING));
        }
    }
}
