package dev.cachewarden.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cachewarden.junit.Cachewarden;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;

/**
 * PostgreSQL stopped ({@code pg_ctl stop -m immediate}) under a running instance: every request is
 * answered ServiceUnavailable (503) in under 2 s; once PostgreSQL is back on the same port, the same
 * instance, not restarted, accepts requests again and completes the transition that fell due during
 * the outage. Its own cluster: stopping the shared one would pull it from under other test classes.
 */
class StoreOutageIT {
    private static final Duration FAST = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void answersServiceUnavailableFastDuringTheOutageAndRecoversByItself() throws Exception {
        Logger worker = (Logger) LoggerFactory.getLogger("dev.cachewarden.engine.TransitionWorker");
        ListAppender<ILoggingEvent> workerLog = new ListAppender<>();
        workerLog.start();
        worker.addAppender(workerLog);
        try (PostgresCluster postgres = PostgresCluster.start();
                Cachewarden server = Cachewarden.builder().databaseUrl(postgres.createDatabase(), PostgresCluster.USER, "")
                        .transitionDelay(Duration.ofSeconds(2)).start();
                ElastiCacheClient ec = NoRetryClients.of(server.endpoint())) {
            createUser(ec, "before");
            assertThat(ec.createUserGroup(r -> r.userGroupId("pending").engine("redis").userIds("default")).status())
                    .isEqualTo("creating");
            assertThat(ready(server)).isEqualTo(200);

            postgres.stopImmediately();

            // The first request meets the pool's dead connections, later ones an empty pool: each is timed.
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String id = "during-" + i;
                long start = System.nanoTime();
                assertThatThrownBy(() -> createUser(ec, id)).isInstanceOfSatisfying(ElastiCacheException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The request has failed due to a temporary failure of the server.");
                    assertThat(e.requestId()).isNotBlank();
                    assertThat(e.awsErrorDetails().rawResponse().asUtf8String()).contains("<Type>Receiver</Type>")
                            .contains("<RequestId>" + e.requestId() + "</RequestId>");
                });
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> ec.describeUserGroups(r -> r.userGroupId("pending")))
                    .isInstanceOfSatisfying(ElastiCacheException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
            millis.add((System.nanoTime() - start) / 1_000_000);
            System.out.println("StoreOutageIT: answers during the outage took " + millis + " ms");
            assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(FAST.toMillis()));
            assertThat(ready(server)).isEqualTo(503);

            // The group's transition falls due while PostgreSQL is down: the worker backs off meanwhile.
            Thread.sleep(3_000);
            postgres.startAgain();
            long back = System.nanoTime();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        createUser(ec, "after");
                        return true;
                    });
            System.out.println("StoreOutageIT: CreateUser succeeded " + (System.nanoTime() - back) / 1_000_000
                    + " ms after PostgreSQL was back");
            assertThat(ec.describeUsers(r -> r.userId("after")).users()).singleElement()
                    .satisfies(u -> assertThat(u.status()).isEqualTo("active"));
            assertThat(ec.describeUsers(r -> { }).users()).extracting(u -> u.userId())
                    .containsExactly("after", "before", "default");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    ec.describeUserGroups(r -> r.userGroupId("pending")).userGroups().get(0).status().equals("active"));
            System.out.println("StoreOutageIT: the pending transition completed " + (System.nanoTime() - back) / 1_000_000
                    + " ms after PostgreSQL was back");
            assertThat(ready(server)).isEqualTo(200);
        } finally {
            worker.detachAppender(workerLog);
        }
        // One warning when the outage began and one note when it ended, not one per attempt.
        assertThat(workerLog.list).filteredOn(e -> e.getFormattedMessage().contains("the store is unavailable"))
                .hasSize(1);
        assertThat(workerLog.list).filteredOn(e -> e.getFormattedMessage().contains("the store answers again"))
                .hasSize(1);
    }

    private static void createUser(ElastiCacheClient ec, String id) {
        ec.createUser(r -> r.userId(id).userName(id).engine("redis").accessString("on ~* +@all")
                .noPasswordRequired(true));
    }

    private static int ready(Cachewarden server) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(server.endpoint() + "/ready")).timeout(FAST).build();
        return HTTP.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
