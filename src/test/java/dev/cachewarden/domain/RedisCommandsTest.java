package dev.cachewarden.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisCommandsTest {
    @Test
    void holdsRedis70sCommandNamesAndNoSubcommands() {
        assertThat(RedisCommands.NAMES).hasSize(240).contains("acl", "get", "set", "zunionstore", "xautoclaim")
                .allSatisfy(name -> assertThat(name).isNotBlank().doesNotContain("|").isLowerCase());
    }

    @Test
    void accessStringsAreCheckedAgainstThem() {
        assertThat(AccessString.parse("on ~* -@all +get +xautoclaim").canonical()).isEqualTo("on ~* -@all +get +xautoclaim");
        assertThatThrownBy(() -> AccessString.parse("on ~* +nosuchcommand"))
                .isInstanceOf(AccessString.InvalidAccessString.class).hasMessage("Unknown command 'nosuchcommand'.");
    }
}
