package dev.cachewarden.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One option of {@code serve}: its flag, the kind of value it takes, its built-in default (null: none)
 * and its help. The environment variable and the config file key are derived from the flag, so the
 * three can never disagree.
 */
record ServeOption(String name, Kind kind, String defaultValue, boolean hidden, String description) {
    /** What an option's text converts to; a {@link Kind#SWITCH} takes no value on the command line. */
    enum Kind { INT, SWITCH, TEXT, PATH, DURATION }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    static ServeOption of(String name, Kind kind, String defaultValue, String description) {
        return new ServeOption(name, kind, defaultValue, false, description);
    }

    /** The config file key: the flag without its dashes. */
    String key() {
        return name.substring(2);
    }

    /** {@code --data-dir} → {@code CACHEWARDEN_DATA_DIR}. */
    String variable() {
        return variable(key());
    }

    static String variable(String key) {
        return "CACHEWARDEN_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The value of {@code text}, as the option's field holds it; a message naming the option otherwise. */
    Object convert(String text) {
        return switch (kind) {
            case INT -> {
                try {
                    yield Integer.parseInt(text.trim());
                } catch (NumberFormatException e) {
                    throw new UsageException("Invalid value for option '" + name + "': '" + text + "' is not an int");
                }
            }
            case SWITCH -> {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (!t.equals("true") && !t.equals("false")) {
                    throw new UsageException("Invalid value for option '" + name + "': '" + text
                            + "' is not a boolean (true or false)");
                }
                yield Boolean.parseBoolean(t);
            }
            case TEXT -> text;
            case PATH -> Path.of(text);
            case DURATION -> {
                try {
                    yield duration(text);
                } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
                    throw new UsageException("Invalid value for option '" + name + "': " + e.getMessage());
                }
            }
        };
    }

    /** Accepts {@code 0}, {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h} and ISO-8601 {@code PT2S}. */
    static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration; use e.g. 0s, 500ms, 2s, 1m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
