package dev.cachewarden.protocol;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;

/**
 * A small XML writer for AWS Query answers. Hand-written rather than StAX: every answer is a short
 * tree of text elements, and escaping is the only subtle part.
 */
public final class XmlWriter {
    private final StringBuilder out = new StringBuilder(512);
    private final Deque<String> open = new ArrayDeque<>();

    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    public XmlWriter startWithNamespace(String name, String namespace) {
        out.append('<').append(name).append(" xmlns=\"");
        escape(namespace);
        out.append("\">");
        open.push(name);
        return this;
    }

    public XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** Writes {@code <name>value</name>}; nothing at all when value is null, as AWS omits unset members. */
    public XmlWriter element(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>');
            escape(value.toString());
            out.append("</").append(name).append('>');
        }
        return this;
    }

    /** A list of strings as {@code <name><member>…</member></name>}; {@code <name/>} when empty. */
    public XmlWriter memberList(String name, Collection<String> values) {
        if (values.isEmpty()) {
            out.append('<').append(name).append("/>");
            return this;
        }
        start(name);
        for (String v : values) {
            element("member", v);
        }
        return end();
    }

    /** Appends {@code xml}, a balanced fragment another writer made ({@link #toXml}), as it is. */
    public XmlWriter fragment(String xml) {
        out.append(xml);
        return this;
    }

    public String toXml() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> {
                    // Control characters and U+FFFE/U+FFFF are not legal XML 1.0; AWS strings never need them.
                    if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0xFFFE) {
                        out.append("&#xFFFD;");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
