package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Command boundaries, held commands and Redis's protocol errors, whatever way the bytes arrive. */
class RequestParserTest {
    /** What the parser told its sink, as text: "|end NAME", "|held …" or "|error …"; forwarded bytes apart. */
    private final StringBuilder events = new StringBuilder();
    private final StringBuilder forwarded = new StringBuilder();
    /** Whether each forwarded piece ended on a command boundary. */
    private final List<Boolean> wholes = new ArrayList<>();
    private final RequestParser parser = new RequestParser(ByteBufAllocator.DEFAULT, new RequestParser.Sink() {
        @Override
        public void forward(ByteBuf bytes, boolean whole) {
            forwarded.append(bytes.toString(StandardCharsets.ISO_8859_1));
            wholes.add(whole);
            bytes.release();
        }

        @Override
        public void streamed(String name) {
            events.append("|end ").append(name).append('|');
        }

        @Override
        public void held(List<byte[]> args, ByteBuf raw) {
            List<String> words = new ArrayList<>();
            args.forEach(a -> words.add(new String(a, StandardCharsets.ISO_8859_1)));
            events.append("|held ").append(String.join(" ", words)).append(" (").append(raw.readableBytes()).append(")|");
            raw.release();
        }

        @Override
        public void protocolError(String message) {
            events.append("|error ").append(message).append('|');
        }
    }, Set.of("AUTH", "HELLO")::contains, 1 << 20);

    private void feed(String s) {
        parser.feed(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
    }

    private void drip(String s) {
        for (char c : s.toCharArray()) {
            feed(String.valueOf(c));
        }
    }

    @Test
    void streamsCommandsAndHoldsAuthWhateverTheChunking() {
        String input = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*3\r\n$4\r\nauth\r\n$1\r\nu\r\n$2\r\npw\r\n";
        feed(input);
        String whole = events.toString();
        events.setLength(0);
        forwarded.setLength(0);
        drip(input);
        assertThat(events.toString()).isEqualTo(whole).isEqualTo("|end GET||held auth u pw (29)|");
        assertThat(forwarded.toString()).isEqualTo("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        assertThat(parser.midCommand()).isFalse();
    }

    /**
     * Thousands of commands of mixed lengths (names, counts and lines across {@link ReadWindow}'s
     * boundaries), cut into random pieces: every command is seen once, in order, every byte goes on.
     */
    @Test
    void manyCommandsCutAnywhereCrossWindowBoundaries() {
        java.util.Random random = new java.util.Random(7);
        StringBuilder input = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        StringBuilder expectedForwarded = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            String value = "v".repeat(random.nextInt(i % 50 == 0 ? 5000 : 40));
            String name = switch (i % 4) {
                case 0 -> "SET";
                case 1 -> "get";
                case 2 -> "HSET";
                default -> "AUTH";
            };
            String command = name.equals("AUTH")
                    ? "*3\r\n$4\r\nAUTH\r\n$1\r\nu\r\n$" + value.length() + "\r\n" + value + "\r\n"
                    : "*3\r\n$" + name.length() + "\r\n" + name + "\r\n$" + Integer.toString(i).length() + "\r\n" + i
                            + "\r\n$" + value.length() + "\r\n" + value + "\r\n";
            input.append(command);
            if (name.equals("AUTH")) {
                expected.append("|held AUTH u ").append(value).append(" (").append(command.length()).append(")|");
            } else {
                expected.append("|end ").append(name.toUpperCase(java.util.Locale.ROOT)).append('|');
                expectedForwarded.append(command);
            }
        }
        String all = input.toString();
        for (int at = 0; at < all.length(); ) {
            int n = Math.min(all.length() - at, 1 + random.nextInt(random.nextBoolean() ? 7 : 6000));
            feed(all.substring(at, at + n));
            at += n;
        }
        assertThat(events.toString()).isEqualTo(expected.toString());
        assertThat(forwarded.toString()).isEqualTo(expectedForwarded.toString());
        assertThat(parser.midCommand()).isFalse();
    }

    @Test
    void aLongValueIsForwardedAsItArrivesNotHeld() {
        int n = RequestParser.MAX_WHOLE + 1000;
        feed("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + n + "\r\n" + "x".repeat(n - 400));
        assertThat(forwarded.toString()).endsWith("$" + n + "\r\n" + "x".repeat(n - 400));
        assertThat(events.toString()).isEmpty();
        assertThat(parser.midCommand()).isTrue();
        feed("x".repeat(400) + "\r\n");
        assertThat(forwarded.toString()).endsWith("x".repeat(n) + "\r\n");
        assertThat(events.toString()).isEqualTo("|end SET|");
        assertThat(parser.midCommand()).isFalse();
    }

    @Test
    void aCommandCutInItsArgumentLengthGoesOnWhole() {
        feed("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nINCR\r\n$1");
        assertThat(forwarded.toString()).isEqualTo("*1\r\n$4\r\nPING\r\n");
        feed("0\r\nbob:103:c0\r\n");
        assertThat(forwarded.toString()).isEqualTo("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nINCR\r\n$10\r\nbob:103:c0\r\n");
        assertThat(wholes).containsExactly(true, true);
        assertThat(events.toString()).isEqualTo("|end PING||end INCR|");
    }

    @Test
    void aShortCommandBegunInOneReadIsHandedOnWholeWithItsEnd() {
        feed("*2\r\n$3\r\nGET\r\n$1\r\na\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1000\r\n" + "x".repeat(600));
        // The GET goes on at once, ending on its boundary; the SET waits for its end.
        assertThat(forwarded.toString()).isEqualTo("*2\r\n$3\r\nGET\r\n$1\r\na\r\n");
        assertThat(wholes).containsExactly(true);
        assertThat(parser.midCommand()).isTrue();
        feed("x".repeat(400) + "\r\n");
        assertThat(forwarded.toString()).endsWith("$1000\r\n" + "x".repeat(1000) + "\r\n");
        assertThat(wholes).containsExactly(true, true);
        assertThat(events.toString()).isEqualTo("|end GET||end SET|");
    }

    @Test
    void whatTheSinkKeepsStaysTheSameAfterLaterReads() {
        // A sink may keep what it is handed (a batch waiting for replies due elsewhere) while more is read:
        // pieces cut from joined reads must not change under it.
        List<ByteBuf> kept = new ArrayList<>();
        RequestParser p = new RequestParser(ByteBufAllocator.DEFAULT, new RequestParser.Sink() {
            @Override
            public void forward(ByteBuf bytes, boolean whole) {
                kept.add(bytes);
            }

            @Override
            public void streamed(String name) {}

            @Override
            public void held(List<byte[]> args, ByteBuf raw) {
                kept.add(raw);
            }

            @Override
            public void protocolError(String message) {}
        }, Set.of("AUTH")::contains, 1 << 20);
        String input = "*2\r\n$4\r\nINCR\r\n$10\r\nbob:103:c0\r\n*3\r\n$4\r\nAUTH\r\n$1\r\nu\r\n$1\r\np\r\n"
                + "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
        for (int i = 0; i < input.length(); i += 7) {
            p.feed(Unpooled.copiedBuffer(input.substring(i, Math.min(input.length(), i + 7)), StandardCharsets.ISO_8859_1));
        }
        StringBuilder all = new StringBuilder();
        kept.forEach(b -> {
            all.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        });
        assertThat(all.toString()).isEqualTo(input);
    }

    @Test
    void inlineCommandsBecomeMultiBulkAndEmptyLinesVanish() {
        feed("\r\nset k \"a b\"\r\n   \n AUTH 'p w'\n");
        assertThat(forwarded.toString()).isEqualTo("*3\r\n$3\r\nset\r\n$1\r\nk\r\n$3\r\na b\r\n");
        assertThat(events.toString()).isEqualTo("|end SET||held AUTH p w (23)|");
    }

    @Test
    void emptyMultiBulkIsIgnoredAsRedisDoes() {
        feed("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n");
        assertThat(forwarded.toString()).isEqualTo("*1\r\n$4\r\nPING\r\n");
        assertThat(events.toString()).isEqualTo("|end PING|");
    }

    @Test
    void protocolErrorsInRedisWords() {
        assertThat(errorOf("*abc\r\n")).isEqualTo("invalid multibulk length");
        assertThat(errorOf("*3000000000\r\n")).isEqualTo("invalid multibulk length");
        assertThat(errorOf("*1\r\n:1\r\n")).isEqualTo("expected '$', got ':'");
        assertThat(errorOf("*1\r\n$01\r\n")).isEqualTo("invalid bulk length");
        assertThat(errorOf("*1\r\n$2048\r\n")).isEqualTo("invalid bulk length");
        assertThat(errorOf("*" + "9".repeat(RequestParser.MAX_LINE + 10))).isEqualTo("too big mbulk count string");
        assertThat(errorOf("*1\r\n$" + "9".repeat(RequestParser.MAX_LINE + 10))).isEqualTo("too big bulk count string");
        assertThat(errorOf("GET " + "k".repeat(RequestParser.MAX_LINE + 10))).isEqualTo("too big inline request");
        assertThat(errorOf("GET \"k\"x\r\n")).isEqualTo("unbalanced quotes in request");
    }

    private static String errorOf(String input) {
        List<String> errors = new ArrayList<>();
        RequestParser p = new RequestParser(ByteBufAllocator.DEFAULT, new RequestParser.Sink() {
            @Override
            public void forward(ByteBuf bytes, boolean whole) {
                bytes.release();
            }

            @Override
            public void streamed(String name) {
            }

            @Override
            public void held(List<byte[]> args, ByteBuf raw) {
                raw.release();
            }

            @Override
            public void protocolError(String message) {
                errors.add(message);
            }
        }, n -> false, 1024);
        p.feed(Unpooled.copiedBuffer(input, StandardCharsets.ISO_8859_1));
        p.feed(Unpooled.copiedBuffer("*1\r\n$4\r\nPING\r\n", StandardCharsets.ISO_8859_1)); // ignored after an error
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }
}
