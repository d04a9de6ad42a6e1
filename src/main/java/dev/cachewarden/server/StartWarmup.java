package dev.cachewarden.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * While the main thread reads the command line and the config file, a second thread
 * initialises what the start needs next and the command line does not: H2's engine, Jetty's and
 * Jackson's heavier classes. The start does the same work either way; this only takes it off the
 * main thread, onto a core that is otherwise idle then. Whatever fails here is met again later, where
 * it is reported.
 */
final class StartWarmup {
    /** Classes whose static set-up is slow (seen in a start-up profile), in the order the start meets them. */
    private static final String[] CLASSES = {
        "org.h2.Driver", "org.h2.value.Value", "org.h2.engine.Database", "org.h2.command.Parser",
        "com.zaxxer.hikari.HikariDataSource",
        "org.eclipse.jetty.http.MimeTypes", "org.eclipse.jetty.server.Server", "org.eclipse.jetty.server.ServerConnector",
        "org.eclipse.jetty.server.HttpConfiguration", "org.eclipse.jetty.util.thread.QueuedThreadPool",
        "com.fasterxml.jackson.databind.ObjectMapper", "dev.cachewarden.faults.FaultPlan",
    };

    private StartWarmup() {
    }

    /** Starts the warm-up for {@code serve}; nothing for other commands. */
    static void beginFor(String[] args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return;
        }
        Thread.ofPlatform().name("start-warmup").daemon().start(StartWarmup::run);
    }

    private static void run() {
        ClassLoader loader = StartWarmup.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // met again where it is used
            }
        }
        // A throwaway in-memory database: opening one runs the engine's own start (settings, schema, parser).
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE warmup (id VARCHAR(8) PRIMARY KEY)");
            s.execute("INSERT INTO warmup VALUES ('a')");
        } catch (Exception e) {
            // met again where it is used
        }
    }
}
