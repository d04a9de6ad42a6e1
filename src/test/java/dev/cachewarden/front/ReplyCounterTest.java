package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which bytes end a reply, in RESP2 and RESP3, however the node's bytes are split. */
class ReplyCounterTest {
    private final StringBuilder replies = new StringBuilder();
    private final ReplyCounter counter = new ReplyCounter(type -> replies.append((char) type));

    private void scan(String s, int chunk) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += chunk) {
            counter.scan(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
        }
    }

    private static final String STREAM = "+OK\r\n-WRONGPASS no\r\n:1\r\n$5\r\nhe\r\nl\r\n$-1\r\n*-1\r\n*0\r\n"
            + "*2\r\n*1\r\n$1\r\na\r\n:2\r\n"
            + ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n" // a RESP3 push: not a reply
            + "%1\r\n$6\r\nserver\r\n$5\r\nredis\r\n"
            + "|1\r\n+ttl\r\n:3\r\n~1\r\n,1.5\r\n" // an attribute, then the set it describes
            + "_\r\n#t\r\n(123\r\n=8\r\ntxt:abcd\r\n!3\r\nerr\r\n";

    @Test
    void countsEveryReplyButPushesAndAttributes() {
        scan(STREAM, STREAM.length());
        assertThat(replies.toString()).isEqualTo("+-:$$**" + "*" + "%" + "~" + "_#(=!");
    }

    @Test
    void theSameWhateverTheSplit() {
        for (int chunk : new int[] {1, 2, 3, 7}) {
            replies.setLength(0);
            scan(STREAM, chunk);
            assertThat(replies.toString()).as("chunks of %d", chunk).isEqualTo("+-:$$***%~_#(=!");
        }
    }
}
