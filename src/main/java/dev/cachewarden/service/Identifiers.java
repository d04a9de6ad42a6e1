package dev.cachewarden.service;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The id rules shared by users and user groups: the model's pattern, a length cap, lowercase storage. */
public final class Identifiers {
    /** No AWS source states a maximum; 40 matches the other ElastiCache ids and the CDK's checks. */
    static final int MAX_LENGTH = 40;
    private static final Pattern ID = Pattern.compile("[a-zA-Z][a-zA-Z0-9\\-]*");

    private Identifiers() {}

    /** Validates and lowercases a user id or user group id. */
    public static String normalize(String kind, String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH || !ID.matcher(id).matches()) {
            throw ElastiCacheFault.invalidValue(kind + " '" + id + "' is invalid: it must be 1 to " + MAX_LENGTH
                    + " characters, begin with a letter, and contain only ASCII letters, digits and hyphens.");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    /** Each id of a list normalized, duplicates dropped, in order; an absent list is an empty one. */
    public static List<String> normalizeAll(String kind, Optional<List<String>> ids) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        ids.orElse(List.of()).forEach(id -> out.add(normalize(kind, id)));
        return List.copyOf(out);
    }
}
