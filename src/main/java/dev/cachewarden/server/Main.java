package dev.cachewarden.server;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code cachewarden serve …}, {@code cachewarden version}: the command line. */
public final class Main {
    private static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    private Main() {
    }

    public static void main(String[] args) {
        // Jetty asks the platform MBean server whether oops are compressed, to pad a queue against false
        // sharing; creating that server took a sixth of the main thread's start. 16 four-byte references
        // fill a 64-byte cache line; a wrong guess costs padding, never correctness.
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, "16");
        }
        if (args.length > 0 && args[0].equals("serve")) {
            StartWarmup.openClassPath();
            StartWarmup.listLocales();
            StartWarmup.nameLogProvider();
        }
        int code = run(args, System.getenv(), System.out, System.err, true);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the command {@code args} name; its exit status. 2 is a usage error (an unknown option, a bad
     * value, a bad config file), as with most command lines.
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, false);
    }

    /** As above; {@code process}: this is the process's own start, whose logging is not yet set up. */
    private static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean process) {
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        String command = args.length == 0 ? "--help" : args[0];
        try {
            return switch (command) {
                case "-h", "--help" -> usage(out);
                case "-V", "--version", "version" -> version(out);
                case "serve" -> {
                    if (rest.contains("-h") || rest.contains("--help")) {
                        ServeOptions.printHelp(out);
                        yield 0;
                    }
                    if (rest.contains("-V") || rest.contains("--version")) {
                        yield version(out);
                    }
                    ServeCommand serve = ServeCommand.parse(rest, env);
                    if (process) {
                        // Logging starts on the warm-up thread, in the format asked for, while this one builds.
                        LogConfigurator.startWith(serve.logFormat);
                        StartWarmup.begin();
                    }
                    yield serve.call();
                }
                default -> throw new UsageException("Unknown command: '" + command + "' (serve or version)");
            };
        } catch (ConfigFile.ConfigException e) {
            err.println("cachewarden: config file " + e.getMessage());
            return 2;
        } catch (UsageException e) {
            err.println("cachewarden: " + e.getMessage());
            err.println("Try 'cachewarden " + (command.equals("serve") ? "serve " : "") + "--help' for the options.");
            return 2;
        } catch (Exception e) {
            e.printStackTrace(err);
            return 1;
        }
    }

    private static int usage(PrintStream out) {
        out.println("""
                Usage: cachewarden [-hV] [COMMAND]
                Amazon ElastiCache's users and user groups API, made real on Redis servers.
                  -h, --help      Show this help message and exit.
                  -V, --version   Print version information and exit.
                Commands:
                  serve    Start the cachewarden API server (cachewarden serve --help lists its options).
                  version  Print the version of cachewarden.""");
        return 0;
    }

    private static int version(PrintStream out) {
        out.println("cachewarden " + BuildVersion.version());
        out.flush();
        return 0;
    }
}
