package dev.cachewarden.server;

import static dev.cachewarden.server.ServeOption.Kind.DURATION;
import static dev.cachewarden.server.ServeOption.Kind.INT;
import static dev.cachewarden.server.ServeOption.Kind.PATH;
import static dev.cachewarden.server.ServeOption.Kind.SWITCH;
import static dev.cachewarden.server.ServeOption.Kind.TEXT;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every option of {@code serve}, and where each value comes from: the flag, else its environment
 * variable ({@code --max-users} → {@code CACHEWARDEN_MAX_USERS}), else the config file, else the default
 * written here. An empty variable counts as unset, as an empty {@code KEY=} in a compose file means "none".
 * Written out by hand rather than with an annotation-driven parser: picocli's classes (Java 5 bytecode)
 * cannot go into the AOT cache and its reflection cost a third of a second of every start (docs/bench.md).
 */
final class ServeOptions {
    static final ServeOption CONFIG = ServeOption.of("--config", PATH, null,
            "TOML file of settings: one key per option below, named as the flag without its dashes (see the README).");

    /** In the order of {@code serve --help}. */
    static final List<ServeOption> ALL = List.of(
            CONFIG,
            ServeOption.of("--port", INT, "4600", "Port for the API (0 picks a free one)."),
            ServeOption.of("--bind", TEXT, "127.0.0.1", "Address to listen on."),
            ServeOption.of("--data-dir", PATH, "cachewarden-data", "Directory of the embedded state."),
            ServeOption.of("--in-memory", SWITCH, "false",
                    "Keep state in memory only (lost at exit); for throwaway runs and tests."),
            ServeOption.of("--database-url", TEXT, null, "PostgreSQL JDBC URL, to share state between instances "
                    + "(user and password from CACHEWARDEN_DATABASE_USER and CACHEWARDEN_DATABASE_PASSWORD)."),
            ServeOption.of("--region", TEXT, "us-east-1", "Region in ARNs."),
            ServeOption.of("--account-id", TEXT, "000000000000", "Account in ARNs."),
            ServeOption.of("--transition-delay", DURATION, "0s",
                    "Least time a resource stays creating, modifying or deleting (e.g. 0s, 500ms, 2s, 1m)."),
            ServeOption.of("--max-users", INT, "1000", "Quota of users, as AWS."),
            ServeOption.of("--max-user-groups", INT, "100", "Quota of user groups, as AWS."),
            ServeOption.of("--max-users-per-user-group", INT, "100", "Quota of users in one group, as AWS."),
            ServeOption.of("--port-file", PATH, null,
                    "Once listening, write the bound port to this file (useful with --port 0)."),
            ServeOption.of("--no-auth", SWITCH, "false",
                    "Accept any caller, signed or not, as the root principal. For throwaway setups only."),
            ServeOption.of("--principals-file", PATH, null,
                    "JSON file (mode 0600) of further access keys, each with an IAM-style policy; see SECURITY.md."),
            ServeOption.of("--tls-cert", PATH, null,
                    "PEM certificate chain: serve the API over HTTPS (needs --tls-key)."),
            ServeOption.of("--tls-key", PATH, null, "PEM PKCS#8 private key of --tls-cert (mode 0600)."),
            ServeOption.of("--idle-timeout", DURATION, "30s", "Close API connections silent this long (slow clients)."),
            ServeOption.of("--max-connections", INT, "512", "Open API connections at most; more wait to be accepted."),
            ServeOption.of("--engine-binary", PATH, null,
                    "redis-server (or valkey-server) that runs the cache nodes. Default: found on PATH."),
            ServeOption.of("--reconcile-interval", DURATION, "10s", "How often every cache node's ACL is compared "
                    + "with the desired state and repaired (also done after every node restart)."),
            ServeOption.of("--cache-port", INT, "0", "The Port of a replication group created without one, as AWS "
                    + "answers 6379: every endpoint then listens on that port, each on a loopback address of its own "
                    + "(127.x.y.z). 0 (default): every endpoint on 127.0.0.1 with a free port of its own. Set 6379 "
                    + "for Terraform/CDK read-back without a diff."),
            ServeOption.of("--iam-connection-lifetime", DURATION, "12h", "How long a connection authenticated with "
                    + "an IAM token lives after its last successful AUTH or HELLO (ElastiCache: 12 hours)."),
            ServeOption.of("--external-caches", PATH, null, "Properties file listing existing Redis servers to "
                    + "administer as replication groups (see docs/caches.md)."),
            ServeOption.of("--log-format", TEXT, "text",
                    "Log lines as text or json (one object per line, for log shippers)."),
            ServeOption.of("--enable-faults", SWITCH, "false", "Serve /_cachewarden/faults (loopback callers only) "
                    + "to inject API errors, latency and node faults at runtime; see the README."),
            ServeOption.of("--faults", PATH, null, "JSON fault plan in force from the start (implies --enable-faults)."),
            ServeOption.of("--enable-reset", SWITCH, "false", "Serve POST /_cachewarden/reset (loopback callers "
                    + "only): empties the state and stops the managed nodes, for test suites sharing one server."),
            ServeOption.of("--stop-nodes-on-exit", SWITCH, "false", "Stop every cache node when cachewarden stops "
                    + "(throwaway setups; always so with --in-memory). Without it nodes outlive cachewarden and the "
                    + "next start adopts them."),
            ServeOption.of("--durability", TEXT, "process-crash", "What an acknowledged change of the embedded "
                    + "store, and an acknowledged write to a cache node, survives: process-crash (kill -9) or "
                    + "power-loss (also an fsync per commit group, and appendfsync always on the nodes)."),
            // The benchmark's ceiling endpoint, POST /__noop (docs/bench.md); not for users, so hidden.
            new ServeOption("--bench-noop", SWITCH, "false", true, ""));

    private ServeOptions() {
    }

    static ServeOption find(String name) {
        for (ServeOption option : ALL) {
            if (option.name().equals(name)) {
                return option;
            }
        }
        return null;
    }

    /** The option a config file may set under {@code key}: a visible serve option, but not --config. */
    static ServeOption settable(String key) {
        ServeOption option = find("--" + key);
        return option == null || option.hidden() || option == CONFIG ? null : option;
    }

    /**
     * Each option's value by flag, converted: flag > variable > file > default; null where none applies.
     * A repeated flag, an unknown one or a stray argument is refused.
     */
    static Map<String, Object> resolve(List<String> args, Map<String, String> env, ConfigFile file) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            ServeOption option = arg.startsWith("--") ? find(name) : null;
            if (option == null) {
                throw new UsageException(arg.startsWith("-") ? "Unknown option: '" + arg + "'"
                        : "Unmatched argument at index " + i + ": '" + arg + "'");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (option.kind() == SWITCH) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("Missing required parameter for option '" + name + "'");
            }
            if (given.put(name, value) != null) {
                throw new UsageException("option '" + name + "' should be specified only once");
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (ServeOption option : ALL) {
            String text = given.get(option.name());
            if (text == null && !option.hidden()) {
                String fromEnv = env.get(option.variable());
                text = fromEnv != null && !fromEnv.isEmpty() ? fromEnv
                        : file == null ? null : file.values().get(option.key());
            }
            if (text == null) {
                text = option.defaultValue();
            }
            values.put(option.name(), text == null ? null : option.convert(text));
        }
        return values;
    }

    /** {@code serve --help}: each option with its default, its variable and its file key. */
    static void printHelp(PrintStream out) {
        out.println("Usage: cachewarden serve [OPTIONS]");
        out.println("Start the cachewarden API server.");
        for (ServeOption option : ALL) {
            if (option.hidden()) {
                continue;
            }
            String label = switch (option.kind()) {
                case SWITCH -> "";
                case INT -> "=<number>";
                case DURATION -> "=<duration>";
                case PATH -> "=<path>";
                case TEXT -> "=<text>";
            };
            out.println("      " + option.name() + label);
            String text = option.description();
            if (!text.contains("Default:")) {
                // The built-in default, not the environment's: help states what applies without settings.
                text += " Default: " + (option.defaultValue() == null ? "none" : option.defaultValue()) + ".";
            }
            text += " Variable: " + option.variable() + "." + (option == CONFIG ? "" : " File key: " + option.key() + ".");
            wrap(text, out);
        }
        out.println("  -h, --help                 Show this help message and exit.");
        out.println("  -V, --version              Print version information and exit.");
    }

    /** Description lines indented past where an option's own line starts, so none reads as an option. */
    private static void wrap(String text, PrintStream out) {
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + word.length() > 88) {
                out.println("          " + line);
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            out.println("          " + line);
        }
    }
}
