package dev.cachewarden.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentDecoderTest {

    @Test
    void decodesEscapesPlusAndMultiByteUtf8() {
        assertThat(PercentDecoder.decode("a+b%20c")).isEqualTo("a b c");
        assertThat(PercentDecoder.decode("%2B%2b")).isEqualTo("++");
        assertThat(PercentDecoder.decode("%E1%88%B4")).isEqualTo("\u1234");
        assertThat(PercentDecoder.decode("%e2%9c%93")).isEqualTo("\u2713");
        assertThat(PercentDecoder.decode("%F0%9F%98%80")).isEqualTo("\uD83D\uDE00");
        assertThat(PercentDecoder.decode("-._~AZaz09")).isEqualTo("-._~AZaz09");
        assertThat(PercentDecoder.decode("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%4", "a%", "%%", "abc%2"})
    void aTruncatedEscapeIsMalformed(String s) {
        assertMalformed(s, "The query string is malformed: incomplete percent escape.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%G1", "%ZZ", "%1G", "%%%%", "%-1", "%+1", "%\u0661\u0662", "%\uFF11\uFF12"})
    void aBadEscapeIsMalformed(String s) {
        // The last two are Arabic-Indic and full-width digits, which Character.digit would accept.
        assertMalformed(s, "The query string is malformed: invalid percent escape.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%C3%28", "%FF%FE", "%80", "%E1%88", "%ED%A0%80", "%C0%AF", "%F4%90%80%80"})
    void invalidUtf8IsMalformedNeverReplaced(String s) {
        // Lone continuation, truncated sequence, a surrogate, an overlong '/', beyond U+10FFFF.
        assertMalformed(s, "The query string is malformed: invalid UTF-8 in a percent-encoded value.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u1234", "caf\u00e9", "\uFFFD", "a%20\u00ff"})
    void aRawCharacterOutsideAsciiIsMalformedNeverReEncoded(String s) {
        assertMalformed(s, "The query string is malformed: a character outside ASCII is not percent-encoded.");
    }

    @Test
    void pairsKeepOrderDuplicatesAndEmptyValuesAndSkipEmptySegments() {
        assertThat(PercentDecoder.pairs("b=2&&a=1&b=3&flag&e=&=x&c=d=e&"))
                .containsExactly(Map.entry("b", "2"), Map.entry("a", "1"), Map.entry("b", "3"), Map.entry("flag", ""),
                        Map.entry("e", ""), Map.entry("", "x"), Map.entry("c", "d=e"));
        assertThat(PercentDecoder.pairs(null)).isEmpty();
        assertThat(PercentDecoder.pairs("")).isEmpty();
        assertThat(PercentDecoder.pairs("%41%3D=%26")).isEqualTo(List.of(Map.entry("A=", "&")));
    }

    @Test
    void aBadEscapeInAnyPairIsMalformed() {
        assertMalformed(() -> PercentDecoder.pairs("a=1&b=%zz"), "invalid percent escape");
        assertMalformed(() -> PercentDecoder.pairs("a%=1"), "incomplete percent escape");
    }

    private static void assertMalformed(String s, String message) {
        assertMalformed(() -> PercentDecoder.decode(s), message);
    }

    private static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_QUERY_STRING);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
