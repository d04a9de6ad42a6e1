package dev.cachewarden.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parameters of one AWS Query request, read the way botocore writes them: scalars by name,
 * lists as {@code Name.member.N} (or an empty {@code Name=} for an empty list), structures as
 * {@code Name.Member}. Each reader answers a malformed value with the AWS error for it.
 */
public final class QueryRequest {
    /** More members than any list in this API may hold; a longer list is a hostile request. */
    public static final int MAX_LIST_MEMBERS = 1000;

    private final Map<String, String> params;

    public QueryRequest(Map<String, String> params) {
        this.params = params;
    }

    public Optional<String> string(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** Whether the request names this parameter, as a scalar or as the prefix of a list or structure. */
    public boolean has(String name) {
        if (params.containsKey(name)) {
            return true;
        }
        String prefix = name + ".";
        return params.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    public String required(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new AwsException(ErrorCode.MISSING_PARAMETER, "The request must contain the parameter " + name);
        }
        return value;
    }

    public Optional<Boolean> bool(String name) {
        return string(name).map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw AwsException.invalidValue("Invalid boolean value '" + v + "' for parameter " + name + ".");
        });
    }

    public Optional<Integer> integer(String name) {
        return string(name).map(v -> {
            try {
                return Integer.valueOf(v.trim());
            } catch (NumberFormatException e) {
                throw AwsException.invalidValue("Invalid integer value '" + v + "' for parameter " + name + ".");
            }
        });
    }

    /**
     * A list of strings, {@code Name.member.N}; empty when botocore sent {@code Name=} for an empty
     * list; absent when neither form is present.
     */
    public Optional<List<String>> list(String name) {
        return list(name, "member");
    }

    /** A list whose members carry their own location name, as {@code Tags.Tag.N} does. */
    public Optional<List<String>> list(String name, String memberName) {
        TreeMap<Integer, String> members = indexed(name + "." + memberName + ".");
        if (members.isEmpty()) {
            return params.containsKey(name) ? Optional.of(emptyListOrFail(name)) : Optional.empty();
        }
        return Optional.of(new ArrayList<>(members.values()));
    }

    /**
     * The indices N of a list of structures, {@code Name.member.N.Field}, in order; the caller reads
     * each structure's fields with {@link #string} under {@code prefix(name, memberName, N)}.
     */
    public Optional<List<String>> structPrefixes(String name, String memberName) {
        String prefix = name + "." + memberName + ".";
        TreeMap<Integer, String> found = new TreeMap<>();
        for (String key : params.keySet()) {
            if (key.startsWith(prefix)) {
                int dot = key.indexOf('.', prefix.length());
                if (dot < 0) {
                    throw AwsException.invalidValue("Invalid parameter " + key + ".");
                }
                int index = index(key, key.substring(prefix.length(), dot));
                found.put(index, prefix + index + ".");
                checkSize(name, found.size());
            }
        }
        if (found.isEmpty()) {
            return params.containsKey(name) ? Optional.of(emptyListOrFail(name)) : Optional.empty();
        }
        return Optional.of(new ArrayList<>(found.values()));
    }

    private TreeMap<Integer, String> indexed(String prefix) {
        TreeMap<Integer, String> members = new TreeMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(prefix) && key.length() > prefix.length() && key.indexOf('.', prefix.length()) < 0) {
                members.put(index(key, key.substring(prefix.length())), e.getValue());
                checkSize(prefix, members.size());
            }
        }
        return members;
    }

    private List<String> emptyListOrFail(String name) {
        if (!params.get(name).isEmpty()) {
            throw AwsException.invalidValue("Parameter " + name + " is a list: send its members as "
                    + name + ".member.N.");
        }
        return List.of();
    }

    private static int index(String key, String digits) {
        try {
            int n = Integer.parseInt(digits);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw AwsException.invalidValue("Invalid list index in parameter " + key + ".");
    }

    private static void checkSize(String name, int size) {
        if (size > MAX_LIST_MEMBERS) {
            throw AwsException.invalidValue("The list " + name + " has more than " + MAX_LIST_MEMBERS + " members.");
        }
    }
}
