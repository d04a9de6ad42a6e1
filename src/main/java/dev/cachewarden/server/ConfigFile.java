package dev.cachewarden.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code serve --config FILE}: TOML, one key per serve option, named as the flag without its dashes
 * ({@code port = 4600}, {@code data-dir = "state"}). Every value is checked when the file is read, so
 * that an unknown key or a bad value stops the start with a message naming the key and the file.
 *
 * @param path   the file, as given
 * @param values each key's value, as the text the flag would take
 */
record ConfigFile(Path path, Map<String, String> values) {
    /** Secrets come from the environment only: a file is copied, committed and shared far more easily. */
    private static final Map<String, String> SECRETS = Map.of(
            "access-key-id", "CACHEWARDEN_ACCESS_KEY_ID",
            "secret-access-key", "CACHEWARDEN_SECRET_ACCESS_KEY",
            "database-user", "CACHEWARDEN_DATABASE_USER",
            "database-password", "CACHEWARDEN_DATABASE_PASSWORD");

    ConfigFile {
        values = Map.copyOf(values);
    }

    Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Reads and checks {@code path} against the options of {@code serve}. */
    static ConfigFile load(Path path) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(path));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(path + ": no such file");
        } catch (IOException e) {
            // Jackson's message names the line and column of a TOML syntax error.
            throw new ConfigException(path + ": not valid TOML: " + firstLine(e.getMessage()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String key = entry.getKey();
            ServeOption option = ServeOptions.settable(key);
            if (option == null) {
                throw new ConfigException(path + ": " + (SECRETS.containsKey(key)
                        ? "'" + key + "' is a secret and is not read from a file; set " + SECRETS.get(key)
                        : "unknown key '" + key + "' (the keys are the options of `cachewarden serve --help` "
                                + "without their dashes)"));
            }
            values.put(key, checked(path, key, option, entry.getValue()));
        }
        return new ConfigFile(path, values);
    }

    /** The value as the flag's text, or a message naming the key, the value and what is expected. */
    private static String checked(Path path, String key, ServeOption option, JsonNode node) {
        ServeOption.Kind kind = option.kind();
        String bad = path + ": key '" + key + "': " + node + " is not ";
        if (kind == ServeOption.Kind.INT) {
            if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                throw new ConfigException(bad + "a whole number");
            }
            return Integer.toString(node.intValue());
        }
        if (kind == ServeOption.Kind.SWITCH) {
            if (!node.isBoolean()) {
                throw new ConfigException(bad + "true or false");
            }
            return Boolean.toString(node.booleanValue());
        }
        if (!node.isTextual()) {
            throw new ConfigException(bad + "a string (write it in quotes)");
        }
        String text = node.textValue();
        if (kind == ServeOption.Kind.DURATION) {
            try {
                ServeOption.duration(text);
            } catch (RuntimeException e) {
                throw new ConfigException(bad + "a duration (e.g. \"0s\", \"500ms\", \"2s\", \"1m\")");
            }
        } else if (key.equals("log-format") && !text.equals("text") && !text.equals("json")) {
            throw new ConfigException(bad + "\"text\" or \"json\"");
        }
        return text;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** The file cannot be used; the message names the file and, when there is one, the key. */
    static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }
}
