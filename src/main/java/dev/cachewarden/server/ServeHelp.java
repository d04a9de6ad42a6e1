package dev.cachewarden.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Ends each serve option's help with its default, its variable and its file key, derived from the
 * option itself so that the three can never disagree with what {@link ServeDefaults} reads.
 */
final class ServeHelp {
    private ServeHelp() {
    }

    static void describe(CommandSpec serve) {
        for (OptionSpec option : List.copyOf(serve.options())) {
            if (option.hidden() || option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String key = ServeDefaults.key(option);
            List<String> lines = new ArrayList<>(Arrays.asList(option.description()));
            String joined = String.join(" ", lines);
            if (!joined.contains("Default:")) {
                // The annotation's own default, not the provider's: help states what applies without settings.
                lines.add("Default: " + (option.defaultValue() == null ? "none" : option.defaultValue()) + ".");
            }
            lines.add("Variable: " + ServeDefaults.variable(key) + "." + (key.equals("config") ? "" : " File key: " + key + "."));
            serve.remove(option);
            serve.addOption(option.toBuilder().description(lines.toArray(String[]::new)).build());
        }
    }
}
