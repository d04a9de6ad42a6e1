package dev.cachewarden.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;

/**
 * A small XML writer for AWS Query answers. Hand-written rather than StAX: every answer is a short
 * tree of text elements, and escaping is the only subtle part.
 *
 * <p>It writes UTF-8 bytes as it goes, so an answer reaches the socket without being copied as a
 * {@code StringBuilder}, a {@code String} and its bytes (with a kept Describe page appended, that was
 * ~27 KB allocated per DescribeUsers of 11 users: a young collection every ~1,200 answers).
 */
public final class XmlWriter {
    /** Room left after an appended fragment for what usually follows it (the Marker, the envelope's end). */
    private static final int TAIL = 256;

    private byte[] out = new byte[512];
    private int length;
    private final Deque<String> open = new ArrayDeque<>();

    public XmlWriter start(String name) {
        ascii('<').text(name).ascii('>');
        open.push(name);
        return this;
    }

    public XmlWriter startWithNamespace(String name, String namespace) {
        ascii('<').text(name).text(" xmlns=\"");
        escape(namespace);
        ascii('"').ascii('>');
        open.push(name);
        return this;
    }

    public XmlWriter end() {
        ascii('<').ascii('/').text(open.pop()).ascii('>');
        return this;
    }

    /** Writes {@code <name>value</name>}; nothing at all when value is null, as AWS omits unset members. */
    public XmlWriter element(String name, Object value) {
        if (value != null) {
            ascii('<').text(name).ascii('>');
            escape(value.toString());
            ascii('<').ascii('/').text(name).ascii('>');
        }
        return this;
    }

    /** A list of strings as {@code <name><member>…</member></name>}; {@code <name/>} when empty. */
    public XmlWriter memberList(String name, Collection<String> values) {
        if (values.isEmpty()) {
            ascii('<').text(name).ascii('/').ascii('>');
            return this;
        }
        start(name);
        for (String v : values) {
            element("member", v);
        }
        return end();
    }

    /** Appends {@code utf8}, a balanced fragment another writer made ({@link #toUtf8}), as it is. */
    public XmlWriter fragment(byte[] utf8) {
        room(utf8.length);
        System.arraycopy(utf8, 0, out, length, utf8.length);
        length += utf8.length;
        return this;
    }

    /** The document as text (tests, logs). */
    public String toXml() {
        checkClosed();
        return new String(out, 0, length, StandardCharsets.UTF_8);
    }

    /** The document's UTF-8 bytes, a copy of exactly their length (to keep, e.g. a fragment). */
    public byte[] toUtf8() {
        checkClosed();
        return Arrays.copyOf(out, length);
    }

    /** The document's UTF-8 bytes without a copy, to send once; the writer must not be used after. */
    public ByteBuffer body() {
        checkClosed();
        return ByteBuffer.wrap(out, 0, length);
    }

    private void checkClosed() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
    }

    private void room(int n) {
        if (length + n > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + n + TAIL));
        }
    }

    private XmlWriter ascii(char c) {
        room(1);
        out[length++] = (byte) c;
        return this;
    }

    /** Markup and text that needs no escaping: element names, attribute syntax, entities. */
    private XmlWriter text(String s) {
        for (int i = 0; i < s.length(); ) {
            i += utf8(s, i);
        }
        return this;
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> text("&lt;");
                case '>' -> text("&gt;");
                case '&' -> text("&amp;");
                case '"' -> text("&quot;");
                case '\'' -> text("&apos;");
                case '\r' -> text("&#13;");
                default -> {
                    // Control characters and U+FFFE/U+FFFF are not legal XML 1.0; AWS strings never need them.
                    if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0xFFFE) {
                        text("&#xFFFD;");
                    } else {
                        i += utf8(s, i) - 1;
                    }
                }
            }
        }
    }

    /**
     * Encodes the character at {@code i}, with its low surrogate when it starts a pair; returns how many
     * chars it took. A lone surrogate becomes {@code ?}, as {@link String#getBytes} made it before.
     */
    private int utf8(String s, int i) {
        char c = s.charAt(i);
        room(4);
        if (c < 0x80) {
            out[length++] = (byte) c;
        } else if (c < 0x800) {
            out[length++] = (byte) (0xC0 | c >> 6);
            out[length++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                out[length++] = (byte) (0xF0 | cp >> 18);
                out[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[length++] = (byte) (0x80 | cp & 0x3F);
                return 2;
            }
            out[length++] = '?';
        } else {
            out[length++] = (byte) (0xE0 | c >> 12);
            out[length++] = (byte) (0x80 | c >> 6 & 0x3F);
            out[length++] = (byte) (0x80 | c & 0x3F);
        }
        return 1;
    }
}
