package dev.cachewarden.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (a POST body or a query string) into the
 * request's parameters: the escapes by {@link PercentDecoder}, the one decoder the SigV4 canonical
 * request also uses, then the form's own rules: every parameter has a name, no name twice, and a
 * bounded count. The input is the raw bytes seen as ISO-8859-1 (one char per byte), so the UTF-8
 * decoding happens once, after unescaping.
 */
public final class FormDecoder {
    private FormDecoder() {}

    public static Map<String, String> decode(String form, int maxParameters) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : PercentDecoder.pairs(form)) {
            String name = pair.getKey();
            if (name.isEmpty()) {
                throw PercentDecoder.malformed("a parameter has no name");
            }
            if (out.putIfAbsent(name, pair.getValue()) != null) {
                throw PercentDecoder.malformed("the parameter " + name + " is given more than once");
            }
            if (out.size() > maxParameters) {
                throw PercentDecoder.malformed("the request has more than " + maxParameters + " parameters");
            }
        }
        return out;
    }
}
