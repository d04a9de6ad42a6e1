package dev.cachewarden.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.AccessString.InvalidAccessString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Access strings: the canonical form ElastiCache answers, the engine version they need, what is refused. */
class AccessStringTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            on ~* +@all                        | on ~* +@all
            ON   allkeys   ALLCOMMANDS         | on ~* +@all
            ~objects:* ~items:*                | off ~objects:* ~items:* -@all
            on ~* +@all -@all +get             | on ~* -@all +get
            on ~* +get +GET                    | on ~* -@all +get
            on ~* +get -get                    | on ~* -@all -get
            on off ~a:*                        | off ~a:* -@all
            on ~a:* resetkeys ~b:*             | on ~b:* -@all
            on ~a:* ~a:* nocommands            | on ~a:* -@all
            on ~* &chan:* +@all                | on ~* &chan:* +@all
            on ~* &* +@all                     | on ~* &* +@all
            on ~* resetchannels +@all          | on ~* resetchannels +@all
            on %R~r:* %RW~rw:* -@all +get      | on %R~r:* ~rw:* -@all +get
            on ~* +@all (~k:* +get)            | on ~* +@all (~k:* resetchannels -@all +get)
            on ~* (~a:* +get) clearselectors   | on ~* -@all
            """)
    void answersTheCanonicalForm(String input, String canonical) {
        assertThat(AccessString.parse(input).canonical()).isEqualTo(canonical);
        // Canonical is a fixed point: parsing the answer gives the answer.
        assertThat(AccessString.parse(canonical).canonical()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            on ~* +@all                 ; 6.0
            on ~* &chan:* +@all         ; 6.2
            on ~* allchannels +@all     ; 6.2
            on ~* resetchannels +@all   ; 6.2
            on %R~k:* +@all             ; 7.0
            on ~* -@all +config|get     ; 7.0
            on ~* +@all (~k:* +get)     ; 7.0
            """)
    void knowsTheOldestEngineThatUnderstandsIt(String input, String version) {
        assertThat(String.valueOf(AccessString.parse(input).minimumEngineVersion())).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "reset on ~* +@all", "on ~* +@all RESET", "on ~* +notacommand",
            "on ~* +@notacategory", "on ~* bogus", "on ~* +get|", "on %X~x:*", "on %R", "on ~* ~x:*",
            "on allkeys ~x:*", "on ~", "on &* &chan:*", "on ~* +@all (~x:*", "on ~* +@all (nopass)"})
    void refusesWhatRedisOrElastiCacheWouldRefuse(String bad) {
        assertThatThrownBy(() -> AccessString.parse(bad)).isInstanceOf(InvalidAccessString.class)
                .hasMessageNotContaining("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {">secretpassword123", "<secretpassword123", "#" + "ab12", "!" + "ab12", "nopass",
            "resetpass", "(~x:* >secretpassword123)"})
    void refusesPasswordRulesWithoutEchoingThem(String rule) {
        assertThatThrownBy(() -> AccessString.parse("on ~* +@all " + rule)).isInstanceOf(InvalidAccessString.class)
                .hasMessageContaining("must not contain passwords")
                .hasMessageNotContaining("secretpassword123").hasMessageNotContaining("ab12");
    }

    @Test
    void refusesMoreThanItsMaximumLength() {
        String longest = "on ~" + "k".repeat(AccessString.MAX_LENGTH - "on ~ -@all".length()) + " -@all";
        assertThat(AccessString.parse(longest).canonical()).hasSize(AccessString.MAX_LENGTH);
        assertThatThrownBy(() -> AccessString.parse(longest + " "))
                .isInstanceOf(InvalidAccessString.class).hasMessageContaining("at most 8192");
        // The input is short enough but its canonical form (with -@all spelled out) is not.
        String grows = "on ~" + "k".repeat(AccessString.MAX_LENGTH - "on ~".length());
        assertThatThrownBy(() -> AccessString.parse(grows)).isInstanceOf(InvalidAccessString.class);
    }

    @Test
    void appendAppliesMoreRulesAfterTheCurrentOnes() {
        AccessString base = AccessString.parse("on ~app:* -@all +get");
        assertThat(base.append("+set").canonical()).isEqualTo("on ~app:* -@all +get +set");
        assertThat(base.append("-get off").canonical()).isEqualTo("off ~app:* -@all -get");
        assertThatThrownBy(() -> base.append(">password123")).isInstanceOf(InvalidAccessString.class);
    }

    @Test
    void rulesAreTheTokensOfAclSetuserWithASelectorAsOne() {
        assertThat(AccessString.parse("on ~a:* +get (~b:* +set)").rules())
                .containsExactly("on", "~a:*", "-@all", "+get", "(~b:* resetchannels -@all +set)");
    }

    @Test
    void enabledFollowsTheLastOnOrOff() {
        assertThat(AccessString.parse("on ~* +@all").enabled()).isTrue();
        assertThat(AccessString.parse("~* +@all").enabled()).isFalse();
        assertThat(AccessString.parse("off on off ~* +@all").enabled()).isFalse();
        assertThat(AccessString.FULL_ACCESS.canonical()).isEqualTo("on ~* +@all");
        assertThat(AccessString.FULL_ACCESS.enabled()).isTrue();
    }
}
