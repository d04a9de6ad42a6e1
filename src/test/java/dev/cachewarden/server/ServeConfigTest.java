package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where each serve setting comes from: flag > environment variable > config file > default, with the
 * environment given as a map (the process's own cannot be changed from Java); ConfigFileServeIT does
 * the same with a real process and its real environment.
 */
class ServeConfigTest {
    @TempDir
    Path dir;

    private Path file(String toml) throws IOException {
        Path f = dir.resolve("cachewarden.toml");
        Files.writeString(f, toml);
        return f;
    }

    /** Parses {@code serve args} as Main does, and returns the options as they would run. */
    private static ServeCommand serve(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine cmd = Main.commandLine(all, env);
        cmd.parseArgs(all);
        return cmd.getSubcommands().get("serve").getCommand();
    }

    @Test
    void defaultsApplyWithNothingSet() {
        ServeCommand s = serve(Map.of());
        assertThat(s.port).isEqualTo(4600);
        assertThat(s.transitionDelay).isEqualTo(Duration.ZERO);
        assertThat(s.inMemory).isFalse();
        assertThat(s.databaseUrl).isNull();
    }

    @Test
    void fileBeatsDefault() throws IOException {
        Path f = file("""
                port = 4700
                in-memory = true
                transition-delay = "2s"
                data-dir = "state"
                """);
        ServeCommand s = serve(Map.of(), "--config", f.toString());
        assertThat(s.port).isEqualTo(4700);
        assertThat(s.inMemory).isTrue();
        assertThat(s.transitionDelay).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.dataDir).isEqualTo(Path.of("state"));
    }

    @Test
    void variableBeatsDefault() {
        ServeCommand s = serve(Map.of("CACHEWARDEN_PORT", "4800", "CACHEWARDEN_IN_MEMORY", "true"));
        assertThat(s.port).isEqualTo(4800);
        assertThat(s.inMemory).isTrue();
    }

    @Test
    void variableBeatsFile() throws IOException {
        Path f = file("port = 4700\nreconcile-interval = \"5s\"\n");
        ServeCommand s = serve(Map.of("CACHEWARDEN_PORT", "4800"), "--config", f.toString());
        assertThat(s.port).isEqualTo(4800);
        assertThat(s.reconcileInterval).isEqualTo(Duration.ofSeconds(5)); // the file still counts where unset
    }

    @Test
    void flagBeatsVariable() {
        ServeCommand s = serve(Map.of("CACHEWARDEN_PORT", "4800"), "--port", "4900");
        assertThat(s.port).isEqualTo(4900);
    }

    @Test
    void flagBeatsFile() throws IOException {
        Path f = file("port = 4700\n");
        ServeCommand s = serve(Map.of(), "--config", f.toString(), "--port", "4900");
        assertThat(s.port).isEqualTo(4900);
    }

    @Test
    void flagBeatsVariableBeatsFileBeatsDefaultAtOnce() throws IOException {
        Path f = file("port = 4700\nregion = \"eu-west-1\"\naccount-id = \"111111111111\"\n");
        ServeCommand s = serve(Map.of("CACHEWARDEN_PORT", "4800", "CACHEWARDEN_REGION", "eu-west-2"),
                "--config", f.toString(), "--port", "4900");
        assertThat(s.port).isEqualTo(4900);
        assertThat(s.region).isEqualTo("eu-west-2");
        assertThat(s.accountId).isEqualTo("111111111111");
        assertThat(s.maxUsers).isEqualTo(1000);
    }

    @Test
    void theFileCanBeNamedByItsVariable() throws IOException {
        Path f = file("port = 4700\n");
        assertThat(serve(Map.of("CACHEWARDEN_CONFIG", f.toString())).port).isEqualTo(4700);
        assertThat(serve(Map.of("CACHEWARDEN_CONFIG", "/nonexistent"), "--config=" + f).port).isEqualTo(4700);
    }

    @Test
    void anEmptyVariableCountsAsUnset() throws IOException {
        Path f = file("port = 4700\n");
        assertThat(serve(Map.of("CACHEWARDEN_PORT", ""), "--config", f.toString()).port).isEqualTo(4700);
    }

    @Test
    void unknownKeyStopsTheStartNamingKeyAndFile() throws IOException {
        Path f = file("port = 4700\nprot = 4701\n");
        assertThatThrownBy(() -> serve(Map.of(), "--config", f.toString()))
                .isInstanceOf(ConfigFile.ConfigException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("unknown key 'prot'");
    }

    @Test
    void tablesHiddenOptionsAndTheConfigKeyItselfAreUnknown() throws IOException {
        for (String toml : new String[] {"[server]\nport = 1\n", "bench-noop = true\n", "config = \"x\"\n",
                "help = true\n"}) {
            Path f = file(toml);
            assertThatThrownBy(() -> serve(Map.of(), "--config", f.toString()))
                    .as(toml).isInstanceOf(ConfigFile.ConfigException.class).hasMessageContaining("unknown key");
        }
    }

    @Test
    void secretsAreRefusedInTheFileAndPointToTheirVariable() throws IOException {
        Path f = file("secret-access-key = \"s3cr3t-value\"\n");
        assertThatThrownBy(() -> serve(Map.of(), "--config", f.toString()))
                .isInstanceOf(ConfigFile.ConfigException.class)
                .hasMessageContaining("'secret-access-key' is a secret").hasMessageContaining("CACHEWARDEN_SECRET_ACCESS_KEY")
                .hasMessageNotContaining("s3cr3t-value");
    }

    @Test
    void badValuesStopTheStartNamingKeyAndFile() throws IOException {
        Map<String, String> cases = Map.of(
                "port = \"abc\"", "key 'port'",
                "port = 1.5", "key 'port'",
                "port = 99999999999", "key 'port'",
                "in-memory = \"yes\"", "key 'in-memory'",
                "transition-delay = \"soon\"", "key 'transition-delay'",
                "idle-timeout = 30", "key 'idle-timeout'",
                "log-format = \"xml\"", "key 'log-format'",
                "data-dir = [\"a\"]", "key 'data-dir'");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path f = file(c.getKey() + "\n");
            assertThatThrownBy(() -> serve(Map.of(), "--config", f.toString()))
                    .as(c.getKey()).isInstanceOf(ConfigFile.ConfigException.class)
                    .hasMessageContaining(f.toString()).hasMessageContaining(c.getValue());
        }
    }

    @Test
    void brokenTomlAndMissingFileAreNamed() throws IOException {
        Path f = file("port = \n");
        assertThatThrownBy(() -> serve(Map.of(), "--config", f.toString()))
                .isInstanceOf(ConfigFile.ConfigException.class).hasMessageContaining(f + ": not valid TOML");
        assertThatThrownBy(() -> serve(Map.of(), "--config", dir.resolve("absent.toml").toString()))
                .isInstanceOf(ConfigFile.ConfigException.class).hasMessageContaining("absent.toml: no such file");
    }

    @Test
    void aBadVariableNamesTheOption() {
        assertThatThrownBy(() -> serve(Map.of("CACHEWARDEN_PORT", "abc")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--port");
    }

    @Test
    void helpListsEverySettingWithItsDefaultAndVariable() {
        CommandLine cmd = Main.commandLine(new String[] {"serve", "--help"}, Map.of("CACHEWARDEN_PORT", "4800"));
        CommandLine serve = cmd.getSubcommands().get("serve");
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        assertThat(cmd.execute("serve", "--help")).isZero();
        // Each option's entry: from its line in the option list (indented a little) to the next one's.
        Map<String, String> entries = new java.util.HashMap<>();
        String current = null;
        for (String line : out.toString().split("\n")) {
            Matcher start = Pattern.compile("^ {2,8}(?:-\\w, )?(--[a-z-]+)").matcher(line);
            if (start.find()) {
                current = start.group(1);
                entries.put(current, "");
            }
            if (current != null) {
                entries.merge(current, " " + line.trim(), String::concat);
            }
        }
        String help = out.toString().replaceAll("\\s+", " ");
        int settings = 0;
        for (OptionSpec option : serve.getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String name = option.longestName();
            if (option.hidden()) {
                assertThat(help).doesNotContain(name);
                continue;
            }
            settings++;
            String key = name.substring(2);
            assertThat(entries).as(name).containsKey(name);
            String entry = entries.get(name).replaceAll("\\s+", " ");
            assertThat(entry).as(name).contains("Default:")
                    .contains("Variable: CACHEWARDEN_" + key.toUpperCase().replace('-', '_') + ".");
            if (!key.equals("config")) {
                assertThat(entry).as(name).contains("File key: " + key + ".");
            }
        }
        assertThat(settings).isEqualTo(30);
        // The default shown is the built-in one, not what the environment happens to say.
        assertThat(help).contains("Default: 4600.").doesNotContain("4800");
    }

    @Test
    void versionIsTheBuildsVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>cachewarden</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).isTrue();
        for (String[] args : new String[][] {{"version"}, {"--version"}, {"serve", "--version"}}) {
            CommandLine cmd = Main.commandLine(args, Map.of());
            StringWriter out = new StringWriter();
            cmd.setOut(new PrintWriter(out));
            cmd.getSubcommands().values().forEach(c -> c.setOut(new PrintWriter(out)));
            assertThat(cmd.execute(args)).isZero();
            assertThat(out.toString().trim()).as(String.join(" ", args)).isEqualTo("cachewarden " + m.group(1));
        }
    }

    /** The README's example names every key, and as written it is a valid file of the defaults. */
    @Test
    void theReadmeExampleHasEveryKeyAndLoads() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("```toml", readme.indexOf("### Config file"));
        String toml = readme.substring(from + "```toml".length(), readme.indexOf("```", from + 7));
        CommandLine serve = Main.commandLine(new String[0], Map.of()).getSubcommands().get("serve");
        for (OptionSpec option : serve.getCommandSpec().options()) {
            String key = option.longestName().substring(2);
            if (ConfigFile.settable(serve.getCommandSpec(), key) != null) {
                assertThat(toml).as(key).containsPattern("(?m)^(# )?" + Pattern.quote(key) + " = ");
            }
        }
        Path f = file(toml);
        ServeCommand fromFile = serve(Map.of(), "--config", f.toString());
        ServeCommand defaults = serve(Map.of());
        assertThat(fromFile.port).isEqualTo(defaults.port);
        assertThat(fromFile.reconcileInterval).isEqualTo(defaults.reconcileInterval);
        assertThat(fromFile.iamConnectionLifetime).isEqualTo(defaults.iamConnectionLifetime);
        assertThat(fromFile.maxUsersPerGroup).isEqualTo(defaults.maxUsersPerGroup);
        assertThat(fromFile.dataDir).isEqualTo(defaults.dataDir);
    }
}
