package dev.cachewarden.engine.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node directory records of its node, and what a node says of itself, read back as written. */
class NodeRecordTest {
    @TempDir
    Path dir;

    @Test
    void aRecordReadsBackAsWritten() {
        NodeRecord replica = new NodeRecord(new NodeSpec("rg-002", 40001, true, "rg-001"), 40123, dir.resolve("redis.sock"));
        replica.write(dir);
        assertThat(NodeRecord.read(dir)).contains(replica);
        NodeRecord primary = new NodeRecord(new NodeSpec("rg-001", 40000, false, null), 40124, dir.resolve("redis.sock"));
        primary.write(dir);
        assertThat(NodeRecord.read(dir)).contains(primary);
    }

    @Test
    void aMissingOrTornRecordIsNoRecord() throws Exception {
        assertThat(NodeRecord.read(dir)).isEmpty();
        Files.writeString(dir.resolve(NodeRecord.FILE), "cacheClusterId=rg-001\nport=4");
        assertThat(NodeRecord.read(dir)).isEmpty();
    }

    @Test
    void aPidFileThatIsNotANumberIsNoPid() throws Exception {
        assertThat(NodeRecord.pid(dir)).isEmpty();
        Files.writeString(dir.resolve(NodeRecord.PID_FILE), "12345\n");
        assertThat(NodeRecord.pid(dir)).contains(12345L);
        Files.writeString(dir.resolve(NodeRecord.PID_FILE), "garbage");
        assertThat(NodeRecord.pid(dir)).isEmpty();
    }

    @Test
    void infoNamesTheProcessItsConfigurationAndWhetherItIsLoading() {
        String info = "# Server\r\nredis_version:7.0.15\r\nprocess_id:4242\r\nrun_id:abc123\r\n"
                + "config_file:/data/nodes/rg-001/node.conf\r\n# Persistence\r\nloading:1\r\nasync_loading:0\r\n";
        NodeProbe.ServerInfo parsed = NodeProbe.parse(info).orElseThrow();
        assertThat(parsed.processId()).isEqualTo(4242);
        assertThat(parsed.runId()).isEqualTo("abc123");
        assertThat(parsed.configFile()).isEqualTo(Path.of("/data/nodes/rg-001/node.conf"));
        assertThat(parsed.loading()).isTrue();
        // A server started without a configuration file is none of our nodes.
        assertThat(NodeProbe.parse(info.replace("config_file:/data/nodes/rg-001/node.conf", "config_file:"))).isEmpty();
    }
}
