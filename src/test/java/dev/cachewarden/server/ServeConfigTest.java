package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        return ServeCommand.parse(java.util.List.of(args), env);
    }

    /** Runs {@code args} as Main does; what it printed on stdout and stderr, and its status. */
    private record Run(int status, String out, String err) {}

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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
                .isInstanceOf(UsageException.class).hasMessageContaining("--port");
    }

    @Test
    void badCommandLinesEndWithStatusTwoAndAMessage() {
        for (String[] args : new String[][] {{"serve", "--prot", "1"}, {"serve", "--port", "abc"}, {"serve", "stray"},
                {"serve", "--port", "1", "--port", "2"}, {"serve", "--port"}, {"bogus"},
                {"serve", "--in-memory=maybe"}, {"serve", "--transition-delay", "soon"}}) {
            Run r = run(Map.of(), args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("cachewarden: ").contains("--help");
        }
        assertThat(run(Map.of(), "serve", "--prot", "1").err()).contains("Unknown option: '--prot'");
    }

    @Test
    void flagsTakeTheirValueAfterASpaceOrAnEqualsSign() {
        ServeCommand s = serve(Map.of("CACHEWARDEN_IN_MEMORY", "true"), "--port=4901", "--region", "eu-west-3",
                "--in-memory=false", "--no-auth", "--idle-timeout=PT5S", "--data-dir", "d");
        assertThat(s.port).isEqualTo(4901);
        assertThat(s.region).isEqualTo("eu-west-3");
        assertThat(s.inMemory).isFalse();
        assertThat(s.noAuth).isTrue();
        assertThat(s.idleTimeout).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.dataDir).isEqualTo(Path.of("d"));
        assertThat(s.benchNoop).isFalse();
        assertThat(serve(Map.of(), "--bench-noop").benchNoop).isTrue();
        assertThat(serve(Map.of("CACHEWARDEN_BENCH_NOOP", "true")).benchNoop).as("hidden: no variable").isFalse();
    }

    @Test
    void helpListsEverySettingWithItsDefaultAndVariable() {
        Run r = run(Map.of("CACHEWARDEN_PORT", "4800"), "serve", "--help");
        assertThat(r.status()).isZero();
        // Each option's entry: from its line in the option list (indented a little) to the next one's.
        Map<String, String> entries = new java.util.HashMap<>();
        String current = null;
        for (String line : r.out().split("\n")) {
            Matcher start = Pattern.compile("^ {2,8}(?:-\\w, )?(--[a-z-]+)").matcher(line);
            if (start.find()) {
                current = start.group(1);
                entries.put(current, "");
            }
            if (current != null) {
                entries.merge(current, " " + line.trim(), String::concat);
            }
        }
        String help = r.out().replaceAll("\\s+", " ");
        int settings = 0;
        for (ServeOption option : ServeOptions.ALL) {
            String name = option.name();
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
            Run r = run(Map.of(), args);
            assertThat(r.status()).isZero();
            assertThat(r.out().trim()).as(String.join(" ", args)).isEqualTo("cachewarden " + m.group(1));
        }
        Run usage = run(Map.of());
        assertThat(usage.status()).isZero();
        assertThat(usage.out()).contains("serve").contains("version");
    }

    /** The README's example names every key, and as written it is a valid file of the defaults. */
    @Test
    void theReadmeExampleHasEveryKeyAndLoads() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("```toml", readme.indexOf("### Config file"));
        String toml = readme.substring(from + "```toml".length(), readme.indexOf("```", from + 7));
        for (ServeOption option : ServeOptions.ALL) {
            String key = option.key();
            if (ServeOptions.settable(key) != null) {
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
