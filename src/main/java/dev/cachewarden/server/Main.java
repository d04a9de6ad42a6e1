package dev.cachewarden.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cachewarden serve …}: the command line. */
@Command(name = "cachewarden", mixinStandardHelpOptions = true, version = "cachewarden 0.1.0",
        description = "Amazon ElastiCache's users and user groups API, made real on Redis servers.",
        subcommands = {ServeCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
