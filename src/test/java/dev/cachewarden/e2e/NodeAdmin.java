package dev.cachewarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.engine.node.AdminCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** What a managed node really runs with, asked on its private socket as cachewarden's admin user. */
public final class NodeAdmin {
    private NodeAdmin() {}

    /**
     * CONFIG GET as the admin user: users, as on AWS, may not run CONFIG, so this is the one way to see
     * what the node really runs with.
     */
    public static Map<String, String> config(Path data, String nodeId, String... names) throws Exception {
        List<String> command = new ArrayList<>(List.of("CONFIG", "GET"));
        command.addAll(List.of(names));
        List<String> lines = run(data, nodeId, command.toArray(String[]::new)).lines().toList();
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            out.put(lines.get(i), lines.get(i + 1));
        }
        return out;
    }

    /** Any command as the admin user over the node's private socket; redis-cli's output, trimmed. */
    public static String run(Path data, String nodeId, String... command) throws Exception {
        Properties record = new Properties();
        try (var in = Files.newBufferedReader(data.resolve("nodes").resolve(nodeId).resolve("node.properties"))) {
            record.load(in);
        }
        List<String> argv = new ArrayList<>(List.of("redis-cli", "-s", record.getProperty("socket"), "--user",
                AdminCredentials.USER_NAME, "--pass", AdminCredentials.loadOrCreate(data).password(),
                "--no-auth-warning"));
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
