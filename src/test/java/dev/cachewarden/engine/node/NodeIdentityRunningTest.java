package dev.cachewarden.engine.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node that exited is a zombie until init reaps it (a daemon is not cachewarden's child), and
 * {@link ProcessHandle#isAlive} counts a zombie as alive: {@link NodeIdentity#running} must not.
 */
class NodeIdentityRunningTest {
    @Test
    void aZombieIsNotRunningThoughIsAliveSaysSo() throws Exception {
        // The shell starts a short sleep, then becomes a long one that never waits for it: once the short
        // one ends, it stays a zombie (its parent lives and does not reap it), like a node whose reaper is slow.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & exec sleep 30").start();
        try {
            ProcessHandle child = awaitChild(parent);
            assertThat(NodeIdentity.running(child)).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (NodeIdentity.running(child) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(NodeIdentity.running(child)).as("an exited, unreaped process").isFalse();
            assertThat(child.isAlive()).as("the JDK still counts the zombie alive").isTrue();
            assertThat(NodeIdentity.running(parent.toHandle())).isTrue();
        } finally {
            parent.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(NodeIdentity.running(parent.toHandle())).isFalse();
    }

    @Test
    void stopReturnsOnceTheProcessHasExitedNotOnceItIsReaped() throws Exception {
        Process parent = new ProcessBuilder("sh", "-c", "sleep 30 & exec sleep 30").start();
        try {
            ProcessHandle child = awaitChild(parent);
            long t0 = System.nanoTime();
            NodeIdentity.stop(child);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(NodeIdentity.running(child)).isFalse();
            assertThat(child.isAlive()).as("a zombie: nobody reaps it while its parent runs").isTrue();
            assertThat(millis).as("stop waited for the exit, not for a reaper").isLessThan(5_000);
        } finally {
            parent.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The supervisor's sweep keeps each node's stat file open: a zombie is not running, nor a reaped process. */
    @Test
    void aKeptStatFileSeesAZombie() throws Exception {
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.3 & exec sleep 30").start();
        try {
            ProcessHandle child = awaitChild(parent);
            try (NodeIdentity.StatFile stat = new NodeIdentity.StatFile(child)) {
                assertThat(stat.running()).isTrue();
                assertThat(stat.running()).as("a second look, through the kept file").isTrue();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (stat.running() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(stat.running()).as("an exited, unreaped process").isFalse();
                assertThat(child.isAlive()).as("the JDK still counts the zombie alive").isTrue();
            }
        } finally {
            parent.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKeptStatFileSeesTheReap() throws Exception {
        Process process = new ProcessBuilder("sleep", "30").start();
        try (NodeIdentity.StatFile stat = new NodeIdentity.StatFile(process.toHandle())) {
            assertThat(stat.running()).isTrue();
            assertThat(stat.running()).isTrue();
            process.destroyForcibly();
            assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue(); // reaped: the kept file answers ESRCH now
            assertThat(stat.running()).as("reaped").isFalse();
        }
    }

    private static ProcessHandle awaitChild(Process parent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var child = parent.children().findFirst();
            if (child.isPresent() && parent.info().command().map(c -> c.endsWith("sleep")).orElse(false)) {
                return child.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no child of " + parent.pid());
    }
}
