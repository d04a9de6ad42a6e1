package dev.cachewarden.server;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cachewarden serve …}, {@code cachewarden version}: the command line. */
@Command(name = "cachewarden", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Amazon ElastiCache's users and user groups API, made real on Redis servers.",
        subcommands = {ServeCommand.class, VersionCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        StartWarmup.beginFor(args);
        int code;
        try {
            code = commandLine(args, System.getenv()).execute(args);
        } catch (ConfigFile.ConfigException e) {
            System.err.println("cachewarden: config file " + e.getMessage());
            code = 2; // picocli's status for a usage error
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * The command line with serve's defaults taken from {@code env} and the config file. The file is read
     * before picocli parses, because picocli asks for defaults while it parses.
     */
    static CommandLine commandLine(String[] args, Map<String, String> env) {
        CommandLine cmd = new CommandLine(new Main());
        CommandLine serve = cmd.getSubcommands().get("serve");
        ServeHelp.describe(serve.getCommandSpec());
        Path configPath = configPath(args, env);
        ConfigFile file = configPath == null ? null : ConfigFile.load(configPath, serve.getCommandSpec());
        serve.setDefaultValueProvider(new ServeDefaults(env, file));
        return cmd;
    }

    /** {@code --config FILE} or {@code --config=FILE}, else CACHEWARDEN_CONFIG, else none. */
    private static Path configPath(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        String fromEnv = env.get(ServeDefaults.variable("config"));
        return fromEnv == null || fromEnv.isEmpty() ? null : Path.of(fromEnv);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
