package dev.cachewarden.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real, throwaway PostgreSQL cluster: {@code initdb} into a temporary directory, {@code pg_ctl start}
 * on a free loopback port with its unix socket in that directory, stopped by its PID and deleted at
 * {@link #close()}. PostgreSQL refuses to run as root, so as root the binaries run as the
 * {@code postgres} OS user, which owns the directory. No PostgreSQL installed is a failure, not a skip.
 */
public final class PostgresCluster implements AutoCloseable {
    public static final String USER = "cachewarden";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private long postmasterPid;

    private PostgresCluster(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    private static PostgresCluster shared;

    /**
     * One cluster for all the test classes of this JVM (each test takes its own database), stopped
     * when the JVM exits: an initdb and a start cost seconds on a busy machine.
     */
    public static synchronized PostgresCluster shared() throws IOException, InterruptedException {
        if (shared == null) {
            PostgresCluster cluster = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    cluster.close();
                } catch (IOException | InterruptedException e) {
                    System.err.println("could not stop the test PostgreSQL cluster: " + e);
                }
            }, "postgres-test-cluster-stop"));
            shared = cluster;
        }
        return shared;
    }

    public static PostgresCluster start() throws IOException, InterruptedException {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("cachewarden-pg-");
        if (root) {
            run(List.of("chown", "postgres:postgres", dir.toString()), dir, "chown");
        }
        PostgresCluster cluster = new PostgresCluster(bin, dir, freePort(), root);
        try {
            cluster.initAndStart();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** A fresh, empty database in this cluster; its JDBC URL. */
    public String createDatabase() throws SQLException {
        String name = "cw_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    private void initAndStart() throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        // Trust on loopback and the socket: a throwaway cluster nobody else can reach. fsync off: the
        // tests here are about SQL and sharing, not about surviving a power cut. synchronous_commit stays
        // on: a commit's WAL is then written (to the OS) before it returns, so a cluster stopped with
        // -m immediate (a crash, as StoreOutageIT makes one) keeps every acknowledged commit.
        pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                "--no-locale", "-E", "UTF8", "--no-sync"), "initdb");
        startServer();
    }

    private void startServer() throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                        + " -c fsync=off -c full_page_writes=off -c max_connections=100",
                "start"), "pg_ctl start");
        postmasterPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    /**
     * Stops the server at once ({@code pg_ctl stop -m immediate}: sessions are cut, nothing is flushed),
     * as a crash looks to its clients. The data stays for {@link #startAgain()}.
     */
    public void stopImmediately() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                "stop"), "pg_ctl stop");
        postmasterPid = 0;
    }

    /** Starts the server again after {@link #stopImmediately()}, on the same port (crash recovery runs first). */
    public void startAgain() throws IOException, InterruptedException {
        startServer();
    }

    /** Stops the postmaster by its PID (SIGTERM, then SIGKILL if it lingers) and deletes the directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (postmasterPid > 0) {
            ProcessHandle.of(postmasterPid).ifPresent(p -> {
                p.destroy();
                try {
                    p.onExit().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
            postmasterPid = 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void pg(List<String> command, String what) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, dir, what);
    }

    private static void run(List<String> command, Path dir, String what) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cachewarden-pg-", ".out");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish in 90 s:\n" + Files.readString(out));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (" + p.exitValue() + "): " + command + "\n"
                        + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The newest /usr/lib/postgresql/N/bin, or a failure that says how to install it. */
    private static Path findBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> bins = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                        .forEach(bins::add);
            }
        }
        bins.sort(Comparator.comparingInt(PostgresCluster::majorVersion));
        if (bins.isEmpty()) {
            throw new IllegalStateException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl). "
                    + "Install it, e.g. `apt-get install -y postgresql`; bin/test does so when run as root.");
        }
        return bins.get(bins.size() - 1);
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
