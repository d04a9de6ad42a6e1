package dev.cachewarden.server;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where a serve option comes from when its flag is absent: its environment variable
 * ({@code --max-users} → {@code CACHEWARDEN_MAX_USERS}), else the config file, else the default written
 * on the option. Picocli applies the flag over whatever this answers, hence flag > variable > file >
 * default. An empty variable counts as unset, as an empty {@code KEY=} in a compose file means "none".
 *
 * @param env  the environment (System.getenv() in production; a map in tests)
 * @param file the config file, or null without one
 */
record ServeDefaults(Map<String, String> env, ConfigFile file) implements IDefaultValueProvider {
    ServeDefaults {
        env = Map.copyOf(env);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.hidden() || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String key = key(option);
        String fromEnv = env.get(variable(key));
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        return file == null ? null : file.values().get(key);
    }

    /** The file key of an option: its long name without the dashes. */
    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }

    /** The environment variable of a key: {@code data-dir} → {@code CACHEWARDEN_DATA_DIR}. */
    static String variable(String key) {
        return "CACHEWARDEN_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
