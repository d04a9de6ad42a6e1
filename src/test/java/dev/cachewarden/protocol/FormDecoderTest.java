package dev.cachewarden.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDecoderTest {

    @Test
    void decodesAFormIntoOrderedParameters() {
        Map<String, String> p = FormDecoder.decode(
                "Action=CreateUser&UserName=%E2%9C%93&AccessString=on+~*+%2B@all&NoPasswordRequired", 10);
        assertThat(p).containsExactly(Map.entry("Action", "CreateUser"), Map.entry("UserName", "\u2713"),
                Map.entry("AccessString", "on ~* +@all"), Map.entry("NoPasswordRequired", ""));
        assertThat(FormDecoder.decode(null, 10)).isEmpty();
        assertThat(FormDecoder.decode("", 10)).isEmpty();
        assertThat(FormDecoder.decode("&&a=1&", 10)).containsExactly(Map.entry("a", "1"));
    }

    @Test
    void aBodyIsReadAsBytesSoUtf8IsDecodedOnceAfterUnescaping() {
        // The server hands the body over as ISO-8859-1; raw UTF-8 bytes must still be escaped.
        String raw = new String("UserName=\u2713".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertMalformed(raw, "a character outside ASCII is not percent-encoded");
    }

    @Test
    void theFormsOwnRulesAreMalformedQueryString() {
        assertMalformed("=x", "a parameter has no name");
        assertMalformed("a=1&a=1", "the parameter a is given more than once");
        assertMalformed("%61=1&a=2", "the parameter a is given more than once");
        assertMalformed("a=1&b=2&c=3", "the request has more than 2 parameters");
        assertThat(FormDecoder.decode("a=1&b=2", 2)).hasSize(2);
    }

    @Test
    void escapesAndUtf8AreTheStrictDecodersAnswer() {
        assertMalformed("UserId=%ZZ", "invalid percent escape.");
        assertMalformed("UserId=%4", "incomplete percent escape.");
        assertMalformed("UserId=%C3%28", "invalid UTF-8");
        assertMalformed("User%GGId=x", "invalid percent escape.");
    }

    private static void assertMalformed(String form, String message) {
        assertThatThrownBy(() -> FormDecoder.decode(form, 2)).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_QUERY_STRING);
            assertThat(e.code().httpStatus()).isEqualTo(404);
            assertThat(e.getMessage()).startsWith("The query string is malformed: ").contains(message);
        });
    }
}
