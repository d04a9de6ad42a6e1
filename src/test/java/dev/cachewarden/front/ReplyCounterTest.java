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

    /**
     * Hundreds of replies past {@link ReadWindow}'s size, in buffers whose reader index is not 0 (as a
     * node connection's reads are), cut at random: every reply's end is where it is.
     */
    @Test
    void replyEndsInLongStreamsReadFromAnywhere() {
        java.util.Random random = new java.util.Random(11);
        StringBuilder stream = new StringBuilder();
        java.util.List<Integer> ends = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            stream.append(switch (i % 3) {
                case 0 -> "+OK\r\n";
                case 1 -> "$" + (i * 7 % 3000) + "\r\n" + "v".repeat(i * 7 % 3000) + "\r\n";
                default -> "*2\r\n:" + i + "\r\n$-1\r\n";
            });
            ends.add(stream.length());
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.ISO_8859_1);
        java.util.List<Integer> seen = new java.util.ArrayList<>();
        int[] offset = {0};
        ReplyCounter[] counter = new ReplyCounter[1];
        counter[0] = new ReplyCounter(type -> seen.add(offset[0] + counter[0].replyEnd()));
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(5000));
            int skew = random.nextInt(100);
            // A heap buffer, or a pooled direct one (a slice of a larger chunk), as the front reads.
            io.netty.buffer.ByteBuf buf = (random.nextBoolean() ? Unpooled.buffer(skew + n)
                    : io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(skew + n))
                    .writeZero(skew).writeBytes(bytes, at, n);
            buf.readerIndex(skew);
            offset[0] = at - skew; // replyEnd() is an index into buf
            counter[0].scan(buf);
            buf.release();
            at += n;
        }
        assertThat(seen).isEqualTo(ends);
    }
}
