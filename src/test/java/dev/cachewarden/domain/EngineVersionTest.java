package dev.cachewarden.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EngineVersionTest {
    @ParameterizedTest
    @CsvSource({"7, 7.0", "7.x, 7.0", "7.1, 7.1", "6.2.6, 6.2.6", "6.x, 6.0", "10.0, 10.0", "7.0.15, 7.0.15"})
    void readsAwssSpellings(String text, String read) {
        assertThat(EngineVersion.parse(text, "EngineVersion")).hasToString(read);
    }

    @Test
    void comparesNumberByNumberNotAsTextOrDecimals() {
        assertThat(v("6.10")).isGreaterThan(v("6.9"));
        assertThat(v("10.0")).isGreaterThan(v("7.2"));
        assertThat(v("7.0.15")).isGreaterThan(v("7.0.9"));
        assertThat(v("7.0.15")).isGreaterThan(v("7.0"));
        assertThat(v("7.x").compareTo(v("7.0"))).isZero();
        assertThat(v("7.0").compareTo(v("7.0.0"))).isZero();
        assertThat(v("7.1").isBefore(v("7.2"))).isTrue();
        assertThat(v("7.2").isBefore(v("7.2"))).isFalse();
        assertThat(List.of(v("7.2"), v("10.0"), v("6.10"), v("6.9")).stream().sorted().map(EngineVersion::toString))
                .containsExactly("6.9", "6.10", "7.2", "10.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7.", ".7", "7.a", "v7", "7.x.1", "7.0.0.1", " 7.0", "+7", "1e1", "-6.0", "7.0.x",
            "99999.0", "7,0"})
    void refusesAnythingElseAsAwsDoes(String text) {
        assertThatThrownBy(() -> EngineVersion.parse(text, "EngineVersion"))
                .isInstanceOfSatisfying(ElastiCacheFault.class,
                        e -> assertThat(e.fault()).isEqualTo(Fault.INVALID_PARAMETER_VALUE))
                .hasMessage("Invalid EngineVersion '" + text + "'.");
    }

    @Test
    void majorEngineVersionIsTheMajorAlone() {
        assertThat(EngineVersion.parseMajor("7", "MajorEngineVersion")).hasToString("7.0");
        assertThatThrownBy(() -> EngineVersion.parseMajor("7.1", "MajorEngineVersion"))
                .isInstanceOf(ElastiCacheFault.class).hasMessage("Invalid MajorEngineVersion '7.1'.");
    }

    @Test
    void aStoredVersionThatDoesNotParseIsABugNotARequestFault() {
        assertThatThrownBy(() -> EngineVersion.of("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMinimumVersionRulesLiveInOnePlace() {
        assertThat(MinimumVersions.rbac(Engine.REDIS)).hasToString("6.0");
        assertThat(MinimumVersions.rbac(Engine.VALKEY)).hasToString("7.2");
        assertThat(MinimumVersions.user(Engine.REDIS, v("6.0"), false)).hasToString("6.0");
        assertThat(MinimumVersions.user(Engine.REDIS, v("6.2"), true)).hasToString("7.0");
        assertThat(MinimumVersions.user(Engine.VALKEY, v("7.0"), true)).hasToString("7.2");
        assertThat(MinimumVersions.group(Engine.REDIS, List.of())).hasToString("6.0");
        assertThat(MinimumVersions.group(Engine.REDIS, List.of(v("6.2"), v("7.0"), v("6.0")))).hasToString("7.0");
        assertThat(MinimumVersions.group(Engine.VALKEY, List.of(v("7.0")))).hasToString("7.2");
    }

    @Test
    void accessStringsNeedTheReleaseThatBroughtTheirRules() {
        assertThat(AccessString.parse("on ~* +@all").minimumEngineVersion()).hasToString("6.0");
        assertThat(AccessString.parse("on ~* &chan:* +@all").minimumEngineVersion()).hasToString("6.2");
        assertThat(AccessString.parse("on %R~* +@all").minimumEngineVersion()).hasToString("7.0");
        assertThat(AccessString.parse("on ~* +@all (~x +get)").minimumEngineVersion()).hasToString("7.0");
        assertThat(AccessString.parse("on ~* -@all +config|get").minimumEngineVersion()).hasToString("7.0");
    }

    private static EngineVersion v(String text) {
        return EngineVersion.of(text);
    }
}
