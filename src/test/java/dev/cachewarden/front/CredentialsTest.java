package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading and replacing the credentials of AUTH and HELLO. */
class CredentialsTest {
    private static List<byte[]> args(String... words) {
        return Arrays.stream(words).map(w -> w.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static String text(ByteBuf buf) {
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    @Test
    void authWithAndWithoutUserName() {
        Credentials one = Credentials.of("AUTH", args("auth", "secret"));
        assertThat(one.user()).isEqualTo("default");
        assertThat(one.password()).isEqualTo("secret");
        assertThat(text(one.with(ByteBufAllocator.DEFAULT, "u", "p")))
                .isEqualTo("*3\r\n$4\r\nauth\r\n$1\r\nu\r\n$1\r\np\r\n");
        Credentials two = Credentials.of("AUTH", args("AUTH", "alice", "token"));
        assertThat(two.user()).isEqualTo("alice");
        assertThat(text(two.with(ByteBufAllocator.DEFAULT, "alice", "node-secret")))
                .isEqualTo("*3\r\n$4\r\nAUTH\r\n$5\r\nalice\r\n$11\r\nnode-secret\r\n");
        assertThat(Credentials.of("AUTH", args("AUTH"))).isNull();
        assertThat(Credentials.of("AUTH", args("AUTH", "a", "b", "c"))).isNull();
    }

    @Test
    void helloAuthAnywhereAmongItsOptions() {
        Credentials c = Credentials.of("HELLO", args("HELLO", "3", "SETNAME", "auth", "auth", "bob", "tok"));
        assertThat(c.user()).isEqualTo("bob");
        assertThat(c.password()).isEqualTo("tok");
        assertThat(text(c.with(ByteBufAllocator.DEFAULT, "bob", "s")))
                .isEqualTo("*7\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$7\r\nSETNAME\r\n$4\r\nauth\r\n$4\r\nauth\r\n$3\r\nbob\r\n$1\r\ns\r\n");
        assertThat(Credentials.of("HELLO", args("HELLO", "3"))).isNull();
        assertThat(Credentials.of("HELLO", args("HELLO", "3", "AUTH", "only-user"))).isNull();
    }

    @Test
    void aRefusedAuthNamesAUserNoAclCanHave() {
        String refused = text(Credentials.of("AUTH", args("AUTH", "iam", "token")).refused(ByteBufAllocator.DEFAULT));
        assertThat(refused).startsWith("*3\r\n$4\r\nAUTH\r\n$22\r\nrefused by cachewarden\r\n$32\r\n").doesNotContain("token");
    }
}
