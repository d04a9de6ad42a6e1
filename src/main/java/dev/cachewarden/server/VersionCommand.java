package dev.cachewarden.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cachewarden version}: the same line as {@code --version}, for people who type it as a word. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Print the version of cachewarden.")
final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(new BuildVersion().getVersion()[0]);
        spec.commandLine().getOut().flush();
    }
}
