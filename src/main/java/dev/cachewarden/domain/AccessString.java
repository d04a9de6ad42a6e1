package dev.cachewarden.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A user's permissions as Redis ACL rules, validated and kept in canonical form. ElastiCache answers
 * with a normalized string rather than the input (a redundant rule disappears, {@code off} and
 * {@code -@all} are spelled out), so this parses the rules the way Redis 7 applies them, left to
 * right, and describes the result the way {@code ACL GETUSER} would. Password and reset rules are
 * refused: passwords travel through the API and are never part of an access string.
 *
 * @param canonical the normalized rules, as answered and as sent to the nodes
 * @param minimumEngineVersion the oldest Redis OSS release that understands these rules
 */
public record AccessString(String canonical, EngineVersion minimumEngineVersion) {
    private static final Set<String> CATEGORIES = Set.of("keyspace", "read", "write", "set", "sortedset", "list",
            "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting", "all");
    private static final Set<String> COMMANDS = RedisCommands.NAMES;

    /** As the store keeps it: the canonical rules and the minimum version they were found to need. */
    public AccessString(String canonical, String minimumEngineVersion) {
        this(canonical, EngineVersion.of(minimumEngineVersion));
    }

    /** The built-in default user's permissions. */
    public static final AccessString FULL_ACCESS = parse("on ~* +@all");

    /** Thrown for a rule Redis would refuse or ElastiCache does not allow; the message says which. */
    public static final class InvalidAccessString extends RuntimeException {
        InvalidAccessString(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * No AWS source states a maximum; this keeps a user's rules within what the store and a node's
     * {@code ACL SETUSER} line comfortably hold, and is far above any real access string.
     */
    public static final int MAX_LENGTH = 8192;

    public static AccessString parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw tooLong();
        }
        List<String> tokens = tokenize(text);
        if (tokens.isEmpty()) {
            throw new InvalidAccessString("Access string must not be empty.");
        }
        boolean on = false;
        Selector root = new Selector();
        List<String> selectors = new ArrayList<>();
        EngineVersion version = MinimumVersions.ACL_RULES;
        for (String token : tokens) {
            String lower = token.toLowerCase(Locale.ROOT);
            if (token.startsWith("(")) {
                Selector selector = new Selector();
                for (String inner : tokenize(token.substring(1, token.length() - 1))) {
                    String innerLower = inner.toLowerCase(Locale.ROOT);
                    // Never echo a password back in an error, wherever it was written.
                    if (isPasswordRule(inner, innerLower)) {
                        throw passwordRule(inner);
                    }
                    selector.apply(inner, innerLower);
                }
                selectors.add("(" + selector.describe(true) + ")");
                version = EngineVersion.max(version, MinimumVersions.REDIS_7_RULES);
                continue;
            }
            switch (lower) {
                case "on" -> on = true;
                case "off" -> on = false;
                case "clearselectors" -> selectors.clear();
                case "reset" -> throw new InvalidAccessString("Access string must not contain 'reset'.");
                default -> {
                    if (isPasswordRule(token, lower)) {
                        throw passwordRule(token);
                    }
                    root.apply(token, lower);
                }
            }
        }
        version = EngineVersion.max(version, root.minimumVersion);
        StringBuilder out = new StringBuilder(on ? "on" : "off");
        out.append(' ').append(root.describe(false));
        for (String s : selectors) {
            out.append(' ').append(s);
        }
        if (out.length() > MAX_LENGTH) {
            throw tooLong();
        }
        return new AccessString(out.toString(), version);
    }

    private static InvalidAccessString tooLong() {
        return new InvalidAccessString("Access string must be at most " + MAX_LENGTH + " characters long.");
    }

    /** This string with more rules applied after it, as ModifyUser's AppendAccessString does. */
    public AccessString append(String moreRules) {
        return parse(canonical + " " + moreRules);
    }

    /** The canonical rules one by one, a {@code (…)} selector as one rule: the tokens of ACL SETUSER. */
    public List<String> rules() {
        return tokenize(canonical);
    }

    /** Whether the rules switch the user on; a string without {@code on} leaves it off. */
    public boolean enabled() {
        return canonical.startsWith("on");
    }

    @Override
    public String toString() {
        return canonical;
    }

    private static boolean isPasswordRule(String token, String lower) {
        return lower.equals("nopass") || lower.equals("resetpass") || token.startsWith(">") || token.startsWith("<")
                || token.startsWith("#") || token.startsWith("!");
    }

    private static InvalidAccessString passwordRule(String token) {
        return new InvalidAccessString("Access string must not contain passwords or password rules ('"
                + (token.length() > 1 && "><#!".indexOf(token.charAt(0)) >= 0 ? token.charAt(0) + "…" : token)
                + "'); set passwords with the Passwords or AuthenticationMode parameters.");
    }

    /** Splits on white space, keeping a parenthesized selector as one token. */
    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int end;
            if (c == '(') {
                end = text.indexOf(')', i);
                if (end < 0) {
                    throw new InvalidAccessString("Unmatched parenthesis in access string.");
                }
                end++;
            } else {
                end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
            }
            tokens.add(text.substring(i, end));
            i = end;
        }
        return tokens;
    }

    /** Key, channel and command rules: the root permissions or one {@code (…)} selector. */
    private static final class Selector {
        private boolean allKeys;
        private final LinkedHashSet<String> keys = new LinkedHashSet<>();
        /** null until a channel rule appears: ElastiCache leaves channels unspecified by default. */
        private String channelMode;
        private final LinkedHashSet<String> channels = new LinkedHashSet<>();
        private boolean allCommands;
        private final List<String> commandRules = new ArrayList<>();
        private EngineVersion minimumVersion = MinimumVersions.ACL_RULES;

        void apply(String token, String lower) {
            switch (lower) {
                case "allkeys" -> addKey("~*", true);
                case "resetkeys" -> {
                    allKeys = false;
                    keys.clear();
                }
                case "allchannels" -> {
                    channelMode = "all";
                    channels.clear();
                    minimumVersion = EngineVersion.max(minimumVersion, MinimumVersions.CHANNEL_RULES);
                }
                case "resetchannels" -> {
                    channelMode = "reset";
                    channels.clear();
                    minimumVersion = EngineVersion.max(minimumVersion, MinimumVersions.CHANNEL_RULES);
                }
                case "allcommands", "+@all" -> resetCommands(true);
                case "nocommands", "-@all" -> resetCommands(false);
                default -> applyPattern(token, lower);
            }
        }

        private void applyPattern(String token, String lower) {
            if (token.startsWith("~")) {
                addKey(token, token.equals("~*"));
            } else if (token.startsWith("%")) {
                int tilde = token.indexOf('~');
                String perms = tilde < 0 ? "" : token.substring(1, tilde).toUpperCase(Locale.ROOT);
                if (tilde < 0 || !(perms.equals("R") || perms.equals("W") || perms.equals("RW") || perms.equals("WR"))) {
                    throw new InvalidAccessString("Invalid key permission rule '" + token + "'.");
                }
                minimumVersion = EngineVersion.max(minimumVersion, MinimumVersions.REDIS_7_RULES);
                String pattern = token.substring(tilde + 1);
                addKey(perms.length() == 2 ? "~" + pattern : "%" + perms + "~" + pattern, false);
            } else if (token.startsWith("&")) {
                minimumVersion = EngineVersion.max(minimumVersion, MinimumVersions.CHANNEL_RULES);
                if (token.equals("&*")) {
                    channelMode = "all";
                    channels.clear();
                } else if (!"all".equals(channelMode)) {
                    channelMode = "some";
                    channels.add(token);
                } else {
                    throw new InvalidAccessString("Adding a channel pattern after the * pattern (or the "
                            + "'allchannels' flag) is not valid: '" + token + "'.");
                }
            } else if (token.startsWith("+") || token.startsWith("-")) {
                addCommandRule(token.charAt(0), lower.substring(1), token);
            } else {
                throw new InvalidAccessString("Unknown rule '" + token + "' in access string.");
            }
        }

        private void addKey(String rule, boolean star) {
            if (star) {
                allKeys = true;
                keys.clear();
                return;
            }
            if (allKeys) {
                throw new InvalidAccessString("Adding a key pattern after the * pattern (or the 'allkeys' flag) is "
                        + "not valid: '" + rule + "'. Use 'resetkeys' to start with an empty list of patterns.");
            }
            if (rule.length() == 1) {
                throw new InvalidAccessString("Empty key pattern in access string.");
            }
            keys.add(rule);
        }

        private void resetCommands(boolean all) {
            allCommands = all;
            commandRules.clear();
        }

        private void addCommandRule(char sign, String name, String token) {
            if (name.startsWith("@")) {
                String category = name.substring(1);
                if (!CATEGORIES.contains(category)) {
                    throw new InvalidAccessString("Unknown command category '" + token.substring(1) + "'.");
                }
            } else {
                int bar = name.indexOf('|');
                String command = bar < 0 ? name : name.substring(0, bar);
                if (!COMMANDS.contains(command)) {
                    throw new InvalidAccessString("Unknown command '" + token.substring(1) + "'.");
                }
                if (bar >= 0) {
                    if (bar == name.length() - 1) {
                        throw new InvalidAccessString("Invalid subcommand rule '" + token + "'.");
                    }
                    minimumVersion = EngineVersion.max(minimumVersion, MinimumVersions.REDIS_7_RULES);
                }
                // A later rule for the same command replaces an earlier one, as Redis 7 compacts them.
                commandRules.removeIf(r -> r.substring(1).equals(name));
            }
            String rule = sign + name;
            commandRules.remove(rule);
            commandRules.add(rule);
        }

        String describe(boolean selector) {
            List<String> parts = new ArrayList<>();
            if (allKeys) {
                parts.add("~*");
            } else {
                parts.addAll(keys);
            }
            if ("all".equals(channelMode)) {
                parts.add("&*");
            } else if ("some".equals(channelMode)) {
                parts.addAll(channels);
            } else if ("reset".equals(channelMode) || selector) {
                parts.add("resetchannels");
            }
            parts.add(allCommands ? "+@all" : "-@all");
            parts.addAll(commandRules);
            return String.join(" ", parts);
        }
    }
}
