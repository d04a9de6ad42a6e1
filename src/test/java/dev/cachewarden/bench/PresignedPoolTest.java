package dev.cachewarden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pre-signed pools: signed up front, replayed or handed out once, and live signing counted past the plan. */
class PresignedPoolTest {
    private static final Target TARGET = new Target("t", "127.0.0.1", 8080, "AKIDEXAMPLE", "secret");

    @Test
    void aCyclingPoolSignsOnlyUpFrontAndReplaysTheSameBytes() {
        AtomicInteger signed = new AtomicInteger();
        PresignedPool pool = PresignedPool.cycling(3, i -> {
            signed.incrementAndGet();
            return new byte[] {(byte) i};
        });
        assertThat(signed).hasValue(3);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sent.add(pool.next());
        }
        assertThat(signed).hasValue(3);
        assertThat(sent).extracting(b -> (int) b[0]).containsExactly(0, 1, 2, 0, 1, 2, 0);
        assertThat(sent.get(3)).isSameAs(sent.get(0));
        assertThat(pool.signedLive()).isZero();
    }

    @Test
    void aOncePoolHandsEachRequestOutOnceThenSignsLiveAndCountsIt() {
        AtomicInteger signed = new AtomicInteger();
        PresignedPool pool = PresignedPool.once(2, i -> {
            signed.incrementAndGet();
            return ("id-" + i).getBytes(StandardCharsets.US_ASCII);
        });
        assertThat(signed).hasValue(2);
        assertThat(new String(pool.next(), StandardCharsets.US_ASCII)).isEqualTo("id-0");
        assertThat(new String(pool.next(), StandardCharsets.US_ASCII)).isEqualTo("id-1");
        assertThat(pool.signedLive()).isZero();
        assertThat(new String(pool.next(), StandardCharsets.US_ASCII)).isEqualTo("id-2");
        assertThat(signed).hasValue(3);
        assertThat(pool.signedLive()).isEqualTo(1);
    }

    @Test
    void createUsersWorkersSignTheirShareBeforeTheFirstRequestWithUniqueIds() {
        LoadGenerator.Workload workload = Workloads.createUsers(TARGET, "p", 8);
        LoadGenerator.Worker w0 = workload.worker(0, 2);
        LoadGenerator.Worker w1 = workload.worker(1, 2);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bodies.add(body(w0.next()));
            bodies.add(body(w1.next()));
        }
        assertThat(bodies).doesNotHaveDuplicates().allMatch(b -> b.startsWith("Action=CreateUser&"));
        assertThat(bodies.get(0)).contains("UserId=p-0-0");
        assertThat(w0.signedInWindow()).isZero();
        assertThat(body(w0.next())).contains("UserId=p-0-4");
        assertThat(w0.signedInWindow()).isEqualTo(1);
    }

    @Test
    void aRepeatedRequestIsSignedWithAuthorizationAndDate() {
        byte[] request = Workloads.repeat(TARGET, "/__noop", "DescribeUsers").worker(0, 1).next();
        String text = new String(request, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("POST /__noop HTTP/1.1\r\n").contains("\r\nX-Amz-Date: ")
                .contains("\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/");
        assertThat(WrkCrossCheck.luaScript(request)).contains("wrk.method = \"POST\"")
                .contains("wrk.body = \"Action=DescribeUsers&Version=2015-02-02\"")
                .contains("wrk.headers[\"Authorization\"] = \"AWS4-HMAC-SHA256 ").doesNotContain("Content-Length");
    }

    @Test
    void readsWrksRate() {
        assertThat(WrkCrossCheck.parseRate("  8 requests in 5.00s\nRequests/sec:  53012.44\nTransfer/sec: 1MB\n"))
                .isEqualTo(53012.44);
        assertThat(WrkCrossCheck.parseRate("unable to connect")).isNaN();
    }

    @Test
    void readsWrksLatencyDistributionInMilliseconds() {
        WrkCrossCheck.Figures f = WrkCrossCheck.parse("""
                  Latency Distribution
                     50%  479.00us
                     75%    1.20ms
                     90%    3.10ms
                     99%   28.34ms
                  100000 requests in 5.00s, 1MB read
                Requests/sec:  20000.10
                """);
        assertThat(f.requestsPerSecond()).isEqualTo(20000.10);
        assertThat(f.p50()).isCloseTo(0.479, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.p99()).isEqualTo(28.34);
        assertThat(WrkCrossCheck.parse("unable to connect").p99()).isNaN();
    }

    private static String body(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        return text.substring(text.indexOf("\r\n\r\n") + 4);
    }
}
