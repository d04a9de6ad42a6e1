package dev.cachewarden.server;

/**
 * While the main thread builds the server and a third opens the store, this thread starts logging
 * and initialises the classes the start needs whose static set-up is slow (seen in start-up profiles):
 * Jetty's (the first answer's generator and its Date header too), the metrics registry, the JCA's HMAC
 * and SHA-256, the virtual threads' scheduler. Jackson is not on a start's path at all (its set-up
 * listed the JDK's locales for its date formats): its few users make their mapper when first used.
 * The start does the same work either way; this only takes it off the main thread and the first
 * request's path, onto a core that is otherwise idle then. H2 is left to the store's own
 * thread: initialising it twice at once only made one wait for the other on two cores. Whatever fails
 * here is met again later, where it is reported.
 */
final class StartWarmup {
    /** In the order the main thread meets them. */
    private static final String[] CLASSES = {
        "org.eclipse.jetty.util.thread.QueuedThreadPool", "org.eclipse.jetty.util.BlockingArrayQueue",
        "org.eclipse.jetty.server.Server", "org.eclipse.jetty.server.ServerConnector",
        "org.eclipse.jetty.server.HttpConfiguration", "org.eclipse.jetty.http.MimeTypes",
        "dev.cachewarden.metrics.Metrics", "org.eclipse.jetty.http.HttpGenerator",
    };

    private StartWarmup() {
    }

    /**
     * Opens the class path's jar on a thread of its own, first thing. Classes come from the AOT cache
     * without it, so the first resource looked up opens it, reading its 21,000-entry central directory:
     * that was H2's on the store's thread, the start's longest path (async-profiler); here it overlaps
     * reading the command line.
     */
    static void openClassPath() {
        Thread.ofPlatform().name("start-classpath").daemon()
                .start(() -> StartWarmup.class.getClassLoader().getResource("META-INF/MANIFEST.MF"));
    }

    /**
     * Lists the JDK's locales on a thread of its own, first thing: Jetty's MimeTypes does it as it
     * initialises (every {@code new Server()} meets it), and CLDR's listing was a third of the warm-up
     * thread's time, after logging, while the main thread waited for it in {@code new Server()}
     * (wall-clock profile from the JVM's start). The JDK keeps the list, so MimeTypes' call is then quick;
     * this needs neither logging nor the class path's jar.
     */
    static void listLocales() {
        Thread.ofPlatform().name("start-locales").daemon().start(java.util.Locale::getAvailableLocales);
    }

    /**
     * Names logback as slf4j's provider, unless the command line names one: slf4j then loads it directly
     * instead of a ServiceLoader lookup over the module layer and every jar's META-INF/services, which was
     * three quarters of setting logging up, the first link of the start's chain (the warm-up thread sets
     * logging up; Jetty's classes and the main thread wait for it). slf4j reports a provider so named on
     * stderr unless its own verbosity is above INFO: that line would not be JSON.
     */
    static void nameLogProvider() {
        if (System.getProperty(SLF4J_PROVIDER) == null) {
            System.setProperty(SLF4J_PROVIDER, "ch.qos.logback.classic.spi.LogbackServiceProvider");
            if (System.getProperty(SLF4J_VERBOSITY) == null) {
                System.setProperty(SLF4J_VERBOSITY, "WARN");
            }
        }
    }

    private static final String SLF4J_PROVIDER = "slf4j.provider";
    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    /** Starts the warm-up of {@code serve}, once its command line is read. */
    static void begin() {
        Thread.ofPlatform().name("start-warmup").daemon().start(StartWarmup::run);
    }

    private static void run() {
        LogConfigurator.awaitLogging(); // sets logback up (LogConfigurator), or waits for whoever does
        ClassLoader loader = StartWarmup.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // met again where it is used
            }
        }
        // Jetty runs each request on a virtual thread: the first one starts their scheduler, on the first
        // request's path otherwise.
        try {
            Thread.ofVirtual().start(() -> { }).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The JCA provider lists and the HMAC and SHA-256 engines: the first SigV4 check (and the IAM
        // secrets, made on main) would otherwise set them up on the start's path.
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
            mac.doFinal(new byte[1]);
            java.security.MessageDigest.getInstance("SHA-256").digest(new byte[1]);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            // met again where it is used
        }
    }
}
