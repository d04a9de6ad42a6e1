package dev.cachewarden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisBenchmarkTest {
    @Test
    void readsRedisBenchmark70Csv() {
        // Printed by redis-benchmark 7.0.15 (Debian redis-tools) with -t set,get --csv.
        String csv = """
                "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
                "SET","499999.97","0.139","0.040","0.103","0.271","0.823","0.879"
                "GET","249999.98","0.184","0.048","0.103","0.247","4.487","4.535"
                """;
        Map<String, RedisBenchmark.Line> lines = RedisBenchmark.parse(csv);
        assertThat(lines.keySet()).containsExactly("SET", "GET");
        assertThat(lines.get("SET")).isEqualTo(new RedisBenchmark.Line("SET", 499999.97, 0.103, 0.823));
        assertThat(lines.get("GET").p99()).isEqualTo(4.487);
    }

    @Test
    void ignoresWarningsAndProgressLines() {
        String out = "WARNING: Could not fetch server CONFIG\n\"test\",\"rps\",\"p50_latency_ms\",\"p99_latency_ms\"\n"
                + "\"SET\",\"10.00\",\"1.000\",\"2.000\"\n";
        assertThat(RedisBenchmark.parse(out)).containsOnlyKeys("SET");
        assertThat(RedisBenchmark.parse("")).isEmpty();
    }
}
